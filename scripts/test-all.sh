#!/usr/bin/env bash
# Runs every test of upyd on this machine: set-up first (packages, npm ci, build), then the JUnit suites
# of all modules (real TLS, real sockets, real MicroPython) and the Node-side tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
scripts/setup.sh

status=0
echo "== node tests =="
node_dirs=()
for dir in sim/node device; do
  if [ -d "$dir/test" ]; then node_dirs+=("$dir"); fi
done
for dir in "${node_dirs[@]}"; do
  (cd "$dir" && node --test test/) || status=1
done

echo "== maven tests =="
mvn -B verify || status=1

# the README's main command, as a user runs it (MicroPython backend), and its light variant; each must end
# with one held session
echo "== demo =="
for args in "" "--backend light"; do
  log="$(mktemp)"
  # shellcheck disable=SC2086 # $args is deliberately split
  if bin/upyd demo $args > "$log" 2>&1 && grep -q "sessions opened: 1" "$log"; then
    echo "demo ${args:-(micropython)}: ok ($(grep -o 'done in [0-9]* s' "$log"))"
  else
    echo "demo ${args:-(micropython)}: FAILED"; tail -30 "$log"; status=1
  fi
  rm -f "$log"
done

# a few seconds of real coverage-guided fuzzing per protocol codec (the regression seeds ran above)
echo "== fuzzing (short) =="
scripts/fuzz.sh || status=1
exit $status
