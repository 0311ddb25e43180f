#!/usr/bin/env bash
# The benchmark suite in one command: builds the bench module (upstream modules come from ~/.m2, as
# installed by scripts/setup.sh), runs the benchmarks and prints a table with each result as a ratio
# against a baseline measured in the same run, and the load average next to every number.
#
#   scripts/bench.sh [--quick] [--KEY VALUE ...] [p1] [p2] [p3] [p4]
#
#   (no benchmark named = p2 p3 p4; p1 needs the CLI built: bin/upyd)
#   p1  `bin/upyd exec DEV 'print(1)'` vs a bare JVM hello-world (same JDK, CLI flags), target <= 1.5x
#   p2  exec through the daemon vs a fresh TCP+TLS+login per command (upydev's way), target >= 10x
#   p3  pipelined GET through the daemon vs one request per 256-byte chunk, 5 ms each way, target >= 10x
#   p4  one daemon process + N simulated wss devices in another process: time to all-online, daemon
#       RSS (target <= 600 MB), fan-out exec to all (target <= 3 s). --devices N (default 1000, quick 100)
#   --quick  fewer runs and 100 devices (about 2 minutes on 2 shared cores)
#   --help   every option with its default
#
# Environment: UPYD_BENCH_JAVA_OPTS (JVM options of the bench process), UPYD_BENCH_NO_BUILD=1 (use the
# jar already built), MAVEN_OFFLINE=0 (let Maven download). Every process the bench starts (simulated
# devices, daemons, the fleet JVM) is stopped before it exits, also on failure and Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"

if [ "${UPYD_BENCH_NO_BUILD:-0}" != 1 ]; then
  offline=(-o)
  if [ "${MAVEN_OFFLINE:-1}" = 0 ]; then offline=(); fi
  mvn -B -q "${offline[@]}" -pl bench install -DskipTests
fi
jar="$here/bench/target/upyd-bench.jar"
if [ ! -f "$jar" ]; then
  echo "bench: $jar is missing (build failed?)" >&2
  exit 70
fi

# P4 opens ~2 sockets per device in the daemon and the fleet: make sure the limit allows it
need=4096
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || echo "bench: warning: ulimit -n is $(ulimit -n); P4 with many devices may fail" >&2
fi

java_bin="${UPYD_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
opts=(${UPYD_BENCH_JAVA_OPTS:-})
exec "$java_bin" "${opts[@]}" -Dupyd.bench.launcher="$here/bin/upyd" -cp "$jar:$here/bench/target/lib/*" \
  dev.upyd.bench.BenchMain "$@"
