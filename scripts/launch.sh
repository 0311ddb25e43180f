#!/usr/bin/env bash
# The general path of bin/upyd (which runs the CLI itself when scripts/make-cds.sh has set it up):
# `upyd daemon ...`, `upyd sim ...`, `upyd demo`, `upyd install-service`, and the CLI on a java that
# make-cds did not prepare. Works the classpath out from the build output at every start.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_bin="${UPYD_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

case "${1:-}" in
  install-service) shift; exec "$here/scripts/install-service.sh" "$@" ;;
  demo) shift; exec "$here/scripts/demo.sh" "$@" ;;
  daemon) module=daemon; main=dev.upyd.daemon.DaemonMain; shift ;;
  sim)    module=sim;    main=dev.upyd.sim.SimMain;       shift ;;
  *)      module=cli;    main=dev.upyd.cli.Main ;;
esac

jar="$here/$module/target/upyd-$module.jar"
if [ ! -f "$jar" ]; then
  echo "upyd: $jar is missing; build first: scripts/setup.sh (or mvn -q -DskipTests package)" >&2
  exit 70
fi

# The CLI's fast path (bin/upyd execs what scripts/make-cds.sh wrote) is lost when the launch file is missing or
# older than the build (a build with -Dupyd.cds.skip=true, jars copied in by hand): re-create it once, say so,
# and start through bin/upyd again (make-cds prepares the java of UPYD_JAVA/JAVA_HOME as the default, and every
# JDK 24+). Not in a read-only checkout, with UPYD_CDS_AUTO=0, or after a failed attempt for this build (the
# marker file is newer than the jars). A fresh launch file with no entry for this java (bin/upyd came here for
# that reason) changes nothing.
retried="${UPYD_CDS_RETRIED:-}"
unset UPYD_CDS_RETRIED
if [ "$module" = cli ] && [ "${UPYD_CDS_AUTO:-1}" != 0 ] && [ -z "$retried" ]; then
  target="$here/cli/target"
  launch="$target/upyd-cli.launch"
  failed="$target/upyd-cli.launch.failed"
  stale() { [ ! -f "$launch" ] || [ ! "$launch" -nt "$target/lib" ] || [ ! "$launch" -nt "$jar" ]; }
  if stale && [ -w "$target" ] && { [ ! -f "$failed" ] || [ ! "$failed" -nt "$jar" ] || [ ! "$failed" -nt "$target/lib" ]; }; then
    exec 9>"$target/.make-cds.lock"
    if command -v flock >/dev/null 2>&1; then flock -w 300 9 || true; fi
    if stale; then   # another upyd may have done it while this one waited for the lock
      echo "upyd: the CLI's start-up archive is missing or older than the build; re-creating it once (scripts/make-cds.sh, about 10 s)" >&2
      if "$here/scripts/make-cds.sh" >"$target/make-cds.log" 2>&1; then
        rm -f "$failed"
        echo "upyd: done; the CLI starts fast again" >&2
      else
        touch "$failed"
        echo "upyd: could not re-create it (see $target/make-cds.log); starting without it" >&2
      fi
    fi
    exec 9>&-
    # bin/upyd comes back here only for a java the launch file has no entry for; then no second attempt
    UPYD_CDS_RETRIED=1 exec "$here/bin/upyd" "$@"
  fi
fi
# An explicit, sorted classpath (not a wildcard): class-data archives are only valid for the exact
# classpath they were created with.
cp="$jar"
if [ -d "$here/$module/target/lib" ]; then
  for j in $(ls "$here/$module/target/lib"/*.jar | LC_ALL=C sort); do cp="$cp:$j"; done
fi

opts=()
if [ "$module" = daemon ]; then
  # The default heap (a quarter of RAM) lets TLS-handshake garbage grow the daemon past 1 GB with 1000
  # devices; 256 MB holds them (bench P4: 300-384 MB RSS). UPYD_JAVA_OPTS comes later and wins.
  opts+=(-Xmx256m)
fi
if [ "$module" = cli ]; then
  # The same flags the class-data archives were made with (scripts/cli-jvm.sh). The default java's archive is
  # tried too; on another JDK, or after the jars were rebuilt, it is skipped silently (just a slower start).
  . "$here/scripts/cli-jvm.sh"
  cli_jvm_flags "$java_bin"
  opts+=("${cli_flags[@]}" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  archive="$here/cli/target/upyd-cli.jsa"
  if [ -f "$archive" ]; then opts+=("-XX:SharedArchiveFile=$archive"); fi
fi
opts+=(${UPYD_JAVA_OPTS:-})
exec "$java_bin" "${opts[@]}" -cp "$cp" "$main" "$@"
