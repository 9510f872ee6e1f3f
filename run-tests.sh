#!/usr/bin/env bash
# The harness's own tests (tests/ and each check's folder under harness/checks/, the testpaths of pyproject.toml), in
# real Chromium, against pages served on 127.0.0.1. Extra arguments go to pytest (a file runs that file).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --peers
# Two xdist workers, a test file at a time each (module fixtures stay whole); HARNESS_TEST_WORKERS=0: one process.
workers="${HARNESS_TEST_WORKERS:-2}"
if [ "$workers" = 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
exec .venv/bin/python -m pytest -n "$workers" --dist loadfile "$@"
