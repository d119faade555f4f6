#!/usr/bin/env bash
# Runs the unit and integration tests again on other days and in other zones,
# to prove the suite does not depend on the date, time of day or zone it runs
# in. Every test world is anchored at ANPR_TEST_NOW (see
# platform/testing/platform.ts), so these runs put "now" right before the
# European clock changes, in zones far from Brussels:
#   - 2027-03-28 00:58Z: two minutes before spring forward, Chatham (UTC+13:45)
#   - 2027-10-31 00:58Z: two minutes before fall back, Los Angeles
# The test-results/time-travel-*.json reports feed the closing summary.
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
  local at=$1 zone=$2 name=$3
  shift 3
  printf '\n== tests at %s in %s\n' "$at" "$zone"
  ANPR_TEST_NOW=$at TZ=$zone scripts/with-keyring.sh npx vitest run "$@" \
    --silent --reporter=default --reporter=json --outputFile.json="test-results/time-travel-$name.json"
}
run 2027-03-28T00:58:00Z Pacific/Chatham spring
run 2027-10-31T00:58:00Z America/Los_Angeles autumn test/integration platform
node scripts/test-summary.ts test-results/time-travel-spring.json test-results/time-travel-autumn.json
