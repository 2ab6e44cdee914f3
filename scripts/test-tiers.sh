#!/usr/bin/env bash
# Runs the built test bundle in three tiers, one process each, one after another.
#
# Swift Testing runs a process's tests at once on Swift's cooperative thread pool, which has
# one thread per core. Synchronous tests that wait on real servers and terminals hold those
# threads; run beside them, the Day 6 service (in-process, its handlers on the same pool) and
# the end-to-end tests' deadlines starve. Each tier gets a pool of its own:
#   1. pure and integration tests (real redis-servers), in parallel;
#   2. the service tests (Hummingbird in this process);
#   3. the end-to-end tests of the built binaries (pipes and tmux).
set -euo pipefail
cd "$(dirname "$0")/.."
swift_bin="${SWIFT:-swift}"
late='ServiceTests\.|EndToEndTests\.'

status=0
run_tier() {
  local name="$1"
  shift
  echo "── test tier: $name" >&2
  "$swift_bin" test --skip-build "$@" || status=1
}
run_tier "pure and integration" --skip "$late"
run_tier "service" --filter 'ServiceTests\.'
run_tier "end to end" --filter 'EndToEndTests\.'
exit "$status"
