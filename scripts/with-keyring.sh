#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked
# gnome-keyring-daemon, so keychain tests use a real Secret Service without
# touching (or needing) the user's own keyring. (The demo does the same for
# itself in scripts/demo-keychain.ts, keeping its keyring in its data dir.)
#   scripts/with-keyring.sh npx vitest run
set -euo pipefail
if [ "${ANPR_IN_KEYRING:-}" = 1 ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing (apt-get install dbus gnome-keyring)" >&2; exit 1; }
done
export ANPR_IN_KEYRING=1
# A throwaway HOME keeps the test keyring files out of the user's own.
KEYRING_HOME=$(mktemp -d -t anpr-keyring-XXXXXX)
trap 'rm -rf "$KEYRING_HOME"' EXIT
# Not exec: the EXIT trap must still run to delete KEYRING_HOME.
env HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME/.local/share" dbus-run-session -- bash -c '
  # An empty password on stdin creates and unlocks the "login" collection.
  eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  exec "$@"
' bash "$@"
