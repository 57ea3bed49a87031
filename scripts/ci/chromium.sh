#!/usr/bin/env bash
# Headless Chromium from Debian's packages for the HTML-report browser tests (packages/cli).
# Idempotent and fast when already installed. Tests look for /usr/bin/chromium (CHROMIUM_PATH overrides).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=''
[ "$(id -u)" -ne 0 ] && SUDO='sudo'
for attempt in 1 2 3 4 5; do
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    break
  fi
  echo "apt-get failed (dpkg busy?); retry $attempt" >&2
  sleep 10
done
command -v chromium >/dev/null 2>&1 || { echo "chromium could not be installed" >&2; exit 1; }
chromium --version >&2 || true
