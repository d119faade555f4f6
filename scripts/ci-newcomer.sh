#!/usr/bin/env bash
# The newcomer's path, as CI checks it (.ci/run, after the tests): a clean
# clone, only the machine's own Node on the PATH (no Node 24), no desktop
# session; the README's demo command with --size small must set everything up
# and bring the demo up; then a sign-in and a pull through the browser shell
# (with the demo's own keychain), and `npm run demo:code` must print the
# current code of that same demo. Bounded in time; cleans up on any exit.
#   scripts/ci-newcomer.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
limit_s=${ANPR_NEWCOMER_TIMEOUT_S:-900} # npm ci, Node download, first start
work=$(mktemp -d -t anpr-newcomer-XXXXXX)
clone="$work/clone"
log="$work/demo.log"
demo_pid=""
t0=$(date +%s)
say() { printf '[newcomer %4ss] %s\n' "$(($(date +%s) - t0))" "$*"; }

cleanup() {
  local rc=$?
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    # The demo runs in its own process group (setsid): platform, shell, keyring.
    kill -TERM -- "-$demo_pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$demo_pid" 2>/dev/null || true
  fi
  if [ -f "$log" ]; then
    echo "---- demo output (setup steps with their times) ----"
    cat "$log"
    echo "----------------------------------------------------"
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "clean clone of $(git -C "$root" rev-parse --short HEAD)"
git clone -q "$root" "$clone"
cd "$clone"

# The machine's PATH minus every directory holding another Node than the
# system's: a newcomer has not put Node 24 anywhere yet.
path=""
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  if [ -x "$d/node" ] && [ "$(readlink -f "$d/node")" != "$(readlink -f /usr/bin/node 2>/dev/null)" ]; then continue; fi
  path="${path:+$path:}$d"
done
say "PATH without Node 24: node is $(PATH=$path command -v node || echo absent) $(PATH=$path node --version 2>/dev/null || true)"

say "README demo command: scripts/demo.sh --size small"
# A clean environment: no desktop session bus, no display, no Node of ours.
data="$work/demo-data"
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR PATH="$path" \
  setsid scripts/demo.sh --size small --no-open --port 0 --data-dir "$data" >"$log" 2>&1 &
demo_pid=$!
until url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/#launch=[A-Za-z0-9_-]*' "$log"); do
  kill -0 "$demo_pid" 2>/dev/null || { say "the demo exited before it came up"; exit 1; }
  [ $(($(date +%s) - t0)) -lt "$limit_s" ] || { say "the demo was not up within $limit_s s"; exit 1; }
  sleep 1
done
say "demo up: ${url%%#*}"
grep -q '^No desktop keychain on this machine: the demo runs its own' "$log" ||
  { say "the demo did not say it brought its own keychain"; exit 1; }

# demo:code without --data-dir must read the demo's directory (recorded by the demo).
code=$(PATH="$path" timeout 120 scripts/bootstrap.sh demo -- npm run --silent demo:code -- detective1)
say "demo:code: $code"
[[ "$code" =~ ^[0-9]{6}\ \ \(valid\ for\ ([0-9]+)\ s\)$ ]] && [ "${BASH_REMATCH[1]}" -ge 10 ] ||
  { say "demo:code printed no code valid for 10 s or more"; exit 1; }

PATH="$path" timeout 300 scripts/bootstrap.sh demo -- \
  node scripts/ci-newcomer-check.ts --launch-url "$url" --data-dir "$data" --code "${code%% *}"
say "newcomer path ok"
