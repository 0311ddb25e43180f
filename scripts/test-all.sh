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

# a few seconds of real coverage-guided fuzzing per protocol codec (the regression seeds ran above)
echo "== fuzzing (short) =="
scripts/fuzz.sh || status=1
exit $status
