"""AV-05 No white screen when the URL carries extra query parameters or a fragment (a shared link): see check.json beside this file."""
