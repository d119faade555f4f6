#!/usr/bin/env bash
# The README's test command (and what CI runs): sets up what is missing
# (scripts/bootstrap.sh), then `npm test`.
set -euo pipefail
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
exec "$(dirname "$0")/bootstrap.sh" test -- npm test "$@"
