#!/usr/bin/env bash
# Make sure headless Chromium and its WebDriver are installed: the report's browser test
# (tests/unit/report/test_report_page.py) drives /usr/bin/chromium through /usr/bin/chromedriver.
# Idempotent and quiet: does nothing when both are present; otherwise installs Debian's
# chromium and chromium-driver with apt-get (as root, or through passwordless sudo) and fails
# loudly, with apt's log, when that is not possible.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
    exit 0
fi

fail() {
    echo "error: could not install Chromium for the browser test: $1" >&2
    echo "       install Debian's 'chromium' and 'chromium-driver' (providing $CHROMIUM and $DRIVER) and rerun" >&2
    exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available on this system"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    fail "not root and no passwordless sudo"
fi

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
echo "installing chromium and chromium-driver with apt-get (for the report's browser test) ..."
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$LOG" 2>&1 \
   || ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >>"$LOG" 2>&1; then
    cat "$LOG" >&2
    fail "apt-get failed (log above)"
fi
[ -x "$CHROMIUM" ] && [ -x "$DRIVER" ] || fail "apt-get finished but $CHROMIUM or $DRIVER is still missing"
echo "chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
