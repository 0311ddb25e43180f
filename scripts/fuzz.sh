#!/usr/bin/env bash
# Coverage-guided fuzzing of the protocol codecs with Jazzer (protocol/src/test/java/dev/upyd/protocol/fuzz).
#
#   scripts/fuzz.sh                 short run: every target for FUZZ_SECONDS (default 5) seconds, for CI.
#                                   14 targets; measured 4m20s on the shared 2-core machine at load ~9 (JVM start
#                                   + Jazzer set-up cost ~13 s per target there); lower FUZZ_SECONDS if needed
#   scripts/fuzz.sh --long          every target until 1,000,000 executions (libFuzzer -runs), each capped at
#                                   FUZZ_LONG_MAX_SECONDS (default 1800). All 14 reach 1M within the cap on the
#                                   shared 2-core machine (load 3-5): from seconds (fileResponse, ~100k exec/s;
#                                   login 52 s, ~19k exec/s since LoginDecoder resumes its search instead of
#                                   rescanning its 4 KB buffer per read: it was ~300-500 exec/s) to 25 min
#                                   (rawReplEntry, 658 exec/s on average: its inputs grow to the 64 KB noise
#                                   limit, as libFuzzer's -len_control is off with a custom mutator, and each is
#                                   fed whole and byte by byte; 1,500 exec/s at the start, ~400 at the end)
#   scripts/fuzz.sh [--long] WebReplFuzzTest#getChunks ReplFuzzTest#rawPaste ...   only these targets
#
# Plain `mvn test` (no JAZZER_FUZZ) already runs every @FuzzTest over its kept inputs (regression mode); this
# script is the fuzzing part. Each target runs in its own JVM under Jazzer's driver
# (com.code_intelligence.jazzer.Jazzer --target_class/--target_method) rather than `JAZZER_FUZZ=1 mvn test
# -Dtest=...`, because there the @FuzzTest annotation fixes the duration at compile time (5 min by default), and
# a plain JVM per target starts faster than Maven. One fuzzer at a time: the machine is shared.
#
# A finding (any exception other than ProtocolException, a failed property, a hang > 10 s per input, or an
# OutOfMemoryError in the 512 MB heap, i.e. unbounded allocation) stops that target; Jazzer stores the input as
# protocol/src/test/resources/dev/upyd/protocol/fuzz/<Class>Inputs/<method>/crash-<sha1>, where every later
# `mvn test` replays it. Keep it (git add) once the codec is fixed. The growing corpus is a cache in
# protocol/target/fuzz-corpus; logs are in protocol/target/fuzz-logs. Exit status: 0 when no target found
# anything.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$here/protocol"

long=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    -h|--help) sed -n '2,28p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $arg" >&2; exit 2 ;;
    *) targets+=("$arg") ;;
  esac
done

seconds="${FUZZ_SECONDS:-5}"
long_cap="${FUZZ_LONG_MAX_SECONDS:-1800}"
long_runs="${FUZZ_LONG_RUNS:-1000000}"

# Compile the tests and write their class path (profile "fuzz" in protocol/pom.xml).
mvn_offline=()
if [ -z "${CI:-}" ]; then mvn_offline=(-o); fi
(cd "$here" && mvn -B -q "${mvn_offline[@]}" -pl protocol -Pfuzz test-compile)
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz.classpath")"

# Every @FuzzTest method, as Class#method, unless targets were named.
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$module"/src/test/java/dev/upyd/protocol/fuzz/*FuzzTest.java; do
    cls="$(basename "$f" .java)"
    while read -r m; do targets+=("$cls#$m"); done < <(
      awk '/@FuzzTest/ {want=1; next} want && /void [a-zA-Z0-9_]+\(/ {
             match($0, /void [a-zA-Z0-9_]+\(/); print substr($0, RSTART+5, RLENGTH-6); want=0 }' "$f")
  done
fi

mkdir -p "$module/target/fuzz-logs" "$module/target/fuzz-repro"
status=0
summary=()
for t in "${targets[@]}"; do
  cls="${t%%#*}"
  method="${t##*#}"
  corpus="$module/target/fuzz-corpus/$cls/$method"
  mkdir -p "$corpus"
  log="$module/target/fuzz-logs/$cls.$method.log"
  if [ "$long" = 1 ]; then
    limits=(-runs="$long_runs" -max_total_time="$long_cap")
  else
    limits=(-max_total_time="$seconds")
  fi
  echo "== fuzz $t (${limits[*]})"
  # cwd = the module, so that Jazzer files findings under src/test/resources/<package>/<Class>Inputs/<method>.
  rc=0
  (cd "$module" && java -Xmx512m -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="dev.upyd.protocol.fuzz.$cls" --target_method="$method" \
      --instrumentation_includes='dev.upyd.**' --custom_hook_includes='dev.upyd.**' --reproducer_path="$module/target/fuzz-repro" \
      "${limits[@]}" -timeout=10 -print_final_stats=1 "$corpus") >"$log" 2>&1 || rc=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  cov="$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 || true)"
  if [ "$rc" -ne 0 ]; then
    status=1
    summary+=("$(printf '%-40s FINDING (exit %s) after %s runs, see %s' "$t" "$rc" "${runs:-?}" "$log")")
    grep -E '^(== Java Exception|Caused by|\s+at dev\.upyd)|crash-|artifact_prefix' "$log" | head -20 || true
  else
    summary+=("$(printf '%-40s ok  %10s runs  %7s exec/s  %s' "$t" "${runs:-?}" "${rate:-?}" "$cov")")
  fi
done

echo "== fuzz summary ($([ "$long" = 1 ] && echo "long: until $long_runs runs" || echo "short: ${seconds}s per target"))"
printf '%s\n' "${summary[@]}"
exit $status
