#!/usr/bin/env bash
# The main job: audit the embedded demo (the demo departments' H5 apps and websites, served on 127.0.0.1) under mobile
# emulation in Debian's Chromium and write results and HTML reports under reports/. Extra arguments go to
# `harness run` (e.g. --registry FILE, --department NAME, --device NAME, --lang en). The demo has failing departments on
# purpose, so its gate is `--fail-on never` (exit 0 unless bad input, 2, or the harness could not run, 3).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/harness run --fail-on never "$@"
