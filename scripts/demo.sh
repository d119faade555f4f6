#!/usr/bin/env bash
# The README's demo command on any machine: sets up what is missing
# (scripts/bootstrap.sh), then `npm run demo` with the given options:
#   scripts/demo.sh [--size small|demo|large] [--help] ...
set -euo pipefail
exec "$(dirname "$0")/bootstrap.sh" demo -- npm run --silent demo -- "$@"
