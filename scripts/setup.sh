#!/usr/bin/env bash
# Idempotent set-up shared by ./run-demo.sh and ./run-tests.sh (sourced or run):
#   1. Debian's Chromium (package chromium-headless-shell; an installed /usr/bin/chromium does when we are not
#      root) and the pinned CJK font fonts-wqy-zenhei (apt-get, when missing and we are root; otherwise a clear
#      message with the command to run). `playwright install` is never used.
#   2. A virtual environment in .venv with the harness installed editable (pip install -e .), redone only
#      when pyproject.toml changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[setup] %s\n' "$*" >&2; }

need_apt=()
if [ -n "${HARNESS_CHROMIUM:-}" ]; then
  if [ ! -x "$HARNESS_CHROMIUM" ] && ! command -v "$HARNESS_CHROMIUM" >/dev/null 2>&1; then
    say "HARNESS_CHROMIUM=$HARNESS_CHROMIUM is not an executable"; exit 1
  fi
elif [ ! -x /usr/bin/chromium-headless-shell ]; then
  # Debian's Chromium in its headless build (same source and version as `chromium`, no browser window): the
  # harness's default, half the CPU per target. Without root, an installed /usr/bin/chromium is used instead.
  if [ "$(id -u)" = 0 ] || [ ! -x /usr/bin/chromium ]; then
    need_apt+=(chromium-headless-shell)
  else
    say "using /usr/bin/chromium; 'sudo apt-get install -y chromium-headless-shell' makes a sweep about twice as fast"
  fi
fi
if [ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
  need_apt+=(fonts-wqy-zenhei)
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  need_apt+=(python3-venv)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need_apt[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null; }; then
      # The headless shell is a preference, not a need, when the full Chromium is there: go on with that.
      if [ "${need_apt[*]}" = chromium-headless-shell ] && [ -x /usr/bin/chromium ]; then
        say "apt-get could not install chromium-headless-shell; using /usr/bin/chromium"
      else
        say "apt-get could not install ${need_apt[*]}"; exit 1
      fi
    fi
  else
    say "missing: ${need_apt[*]}. Install them as root:"
    say "  sudo apt-get update && sudo apt-get install -y ${need_apt[*]}"
    say "(or point HARNESS_CHROMIUM at another Chromium)"
    exit 1
  fi
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PY" -m venv .venv
fi
stamp=".venv/.harness-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! .venv/bin/python -c 'import harness' >/dev/null 2>&1; then
  say "installing the harness into .venv (pip install -e .)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -e . >/dev/null
  echo "$want" > "$stamp"
fi

# 3. With --peers (./run-tests.sh): the peer tools the corpus test runs as second opinions (tests/peers: Lighthouse
#    11 from the npm registry, pinned by tests/peers/package-lock.json) and Node.js to run them (Debian's nodejs and
#    npm when missing and we are root). Redone only when the lock file changes.
if [ "${1:-}" = "--peers" ]; then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing nodejs npm with apt-get (the corpus test's Lighthouse peer)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
        || { say "apt-get could not install nodejs npm"; exit 1; }
    else
      say "missing: Node.js and npm (the corpus test's Lighthouse peer). Install them as root:"
      say "  sudo apt-get update && sudo apt-get install -y nodejs npm"
      exit 1
    fi
  fi
  peers="tests/peers"
  pstamp="$peers/node_modules/.harness-installed"
  pwant="$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$pstamp" ] || [ "$(cat "$pstamp")" != "$pwant" ]; then
    say "installing the peer tools into $peers/node_modules (npm ci: Lighthouse 11)"
    (cd "$peers" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || { say "npm ci in $peers failed"; exit 1; }
    echo "$pwant" > "$pstamp"
  fi
fi
