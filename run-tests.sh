#!/usr/bin/env bash
# The harness's own tests (tests/ and each check's folder under harness/checks/, the testpaths of pyproject.toml), in
# real Chromium, against pages served on 127.0.0.1. Extra arguments go to pytest (a file runs that file).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
