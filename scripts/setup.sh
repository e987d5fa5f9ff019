#!/usr/bin/env bash
# One idempotent setup for a fresh machine: a project-local virtualenv with the
# package and its test tools installed in editable mode.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e ".[test]"
# The browser tests (tests/test_browser.py) drive Debian's headless Chromium with Playwright
# (a PyPI package; no browser is downloaded). Install it when it is missing and we are root
# on a Debian machine; skipped when it is already there.
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
    else
        echo "setup: chromium is not installed (apt-get install chromium); the browser tests will skip" >&2
    fi
fi
