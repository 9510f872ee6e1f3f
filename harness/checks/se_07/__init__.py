"""SE-07 No known-vulnerable front-end library versions and no JSONP endpoints: see check.json beside this file."""
