"""PI-14 No unmasked personal data kept or sent where the user does not see it (storage, cookies, responses, page source): see check.json beside this file."""
