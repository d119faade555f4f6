#!/usr/bin/env bash
# Everything a fresh machine needs before the demo or the tests, each step
# skipped when already done (a second run takes about a second):
#   1. the Debian packages (installed when root or with sudo, otherwise the
#      exact apt-get line is printed and nothing else happens);
#   2. Node 24, from the machine when new enough, otherwise installed into
#      .tools/node24 with npm (project-local: nothing global changes);
#   3. node_modules, by `npm ci` when missing or older than package-lock.json.
# Then it runs the given command with that Node first on the PATH:
#   scripts/bootstrap.sh demo|test [-- COMMAND ARGS...]
# scripts/demo.sh and scripts/test.sh are the README's commands built on it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mode=${1:-}
case "$mode" in
  demo | test) shift ;;
  *)
    echo "usage: scripts/bootstrap.sh demo|test [-- COMMAND ARGS...]" >&2
    exit 2
    ;;
esac
[ "${1:-}" = -- ] && shift
t0=$(date +%s)
say() { printf '[setup %3ss] %s\n' "$(($(date +%s) - t0))" "$*" >&2; }
fail() {
  printf 'setup failed: %s\n' "$*" >&2
  exit 1
}

# --- 1. Debian packages ---------------------------------------------------
# demo: the keychain (gnome-keyring in its own D-Bus session) and what npm ci
# needs to build keytar; test adds Chromium for the end-to-end tests.
packages=(libsecret-1-dev gnome-keyring dbus python3 make g++)
[ "$mode" = test ] && packages+=(chromium dbus-x11 xvfb)
if command -v dpkg-query >/dev/null; then
  need=()
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      sudo=()
    elif command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      fail "missing Debian packages; as root run: apt-get install -y --no-install-recommends ${need[*]}"
    fi
    say "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq || fail "apt-get update failed (network? proxy?)"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
      fail "could not install; run: sudo apt-get install -y --no-install-recommends ${need[*]}"
  fi
  say "Debian packages: ok"
else
  say "not a Debian-like system: install the equivalents of ${packages[*]} yourself (see README, System packages)"
fi

# --- 2. Node ----------------------------------------------------------------
# The minimum comes from package.json "engines"; scripts/check-node.cjs parses
# it with any Node, so it also tells us whether the machine's Node will do.
local_node="$root/.tools/node24/node_modules/node/bin"
node_ok() { command -v node >/dev/null && node "$root/scripts/check-node.cjs" 2>/dev/null; }
if [ -x "$local_node/node" ]; then
  export PATH="$local_node:$PATH"
elif ! node_ok; then
  command -v npm >/dev/null ||
    fail "no npm to fetch Node 24 with; install Debian's nodejs and npm (apt-get install nodejs npm) or Node 24 from nodejs.org"
  say "installing Node 24 into .tools/node24 (this machine has $(node --version 2>/dev/null || echo no Node))"
  npm install --prefix "$root/.tools/node24" --no-audit --no-fund --no-save --loglevel=error node@24 >/dev/null ||
    fail "npm install node@24 failed (is the npm registry reachable?)"
  [ -x "$local_node/node" ] || fail "npm installed node@24 but $local_node/node is missing"
  export PATH="$local_node:$PATH"
fi
node_ok || fail "$(node "$root/scripts/check-node.cjs" 2>&1 || true)"
say "Node $(node --version): $(command -v node)"

# --- 3. node_modules ----------------------------------------------------------
# Stale when package-lock.json changed since the last install. npm ci leaves a
# stamp with the lock file's hash; a node_modules without one (installed by
# hand) counts as current while it is newer than the lock file.
stamp="$root/node_modules/.anpr-lock-sha256"
lock_hash=$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)-node$(node -p 'process.versions.modules')
stale=""
if [ ! -d "$root/node_modules" ]; then
  stale="no node_modules yet"
elif [ -f "$stamp" ]; then
  [ "$(cat "$stamp")" = "$lock_hash" ] || stale="package-lock.json or Node changed since the last npm ci"
elif [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  stale="package-lock.json is newer than node_modules"
fi
if [ -n "$stale" ]; then
  say "npm ci ($stale; about a minute with a warm npm cache)"
  # Electron's 100 MB binary is only for `npm start`; the demo falls back to
  # the browser shell without it.
  ELECTRON_SKIP_BINARY_DOWNLOAD=${ELECTRON_SKIP_BINARY_DOWNLOAD:-1} \
    npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed (see above)"
  echo "$lock_hash" >"$stamp"
fi
say "node_modules: ok"

[ $# -eq 0 ] && exit 0
exec "$@"
