#!/usr/bin/env bash
# The harness's own tests, in real Chromium, against pages served on 127.0.0.1. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/python -m pytest tests/ "$@"
