#!/usr/bin/env bash
# Makes `redis-server` available for the @dspy-ts/bullmq tests (they start their own on a free
# loopback port with a temp dir and stop it by PID; nothing here starts a server). Idempotent: a
# no-op when redis-server is on PATH. Installs Debian/Ubuntu's `redis-server` package otherwise.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "› redis: $(redis-server --version | cut -d' ' -f3) already installed" >&2
  exit 0
fi
sudo=''
[ "$(id -u)" = 0 ] || sudo='sudo'
if ! command -v apt-get >/dev/null 2>&1; then
  echo "› redis: redis-server is missing and this machine has no apt-get; install Redis 6.2+ (redis-server on PATH)." >&2
  exit 1
fi
echo "› redis: installing redis-server (apt-get)" >&2
# dpkg may be locked by another installer for a while: retry instead of failing the run.
for attempt in 1 2 3 4 5 6; do
  if $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >&2; then break; fi
  [ "$attempt" = 1 ] && $sudo apt-get update >&2 || true
  [ "$attempt" = 6 ] && exit 1
  sleep 10
done
# The package's service is not needed (tests start their own servers); leave it stopped where systemd runs it.
$sudo systemctl disable --now redis-server >/dev/null 2>&1 || true
redis-server --version >&2
