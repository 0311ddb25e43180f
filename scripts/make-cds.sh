#!/usr/bin/env bash
# Creates the CLI's class-data archive for exactly this JDK and classpath (bin/upyd uses
# cli/target/upyd-cli.jsa when present), and the bash/zsh completion script. Run by scripts/setup.sh
# after the build; safe to re-run (an archive is only valid for the JDK and the jars it was made with,
# so it is remade every time).
#
#  - JDK 17..23: AppCDS dynamic archive (-XX:ArchiveClassesAtExit) from one training run.
#  - JDK 24+ (e.g. UPYD_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java): the AOT cache
#    (-XX:AOTCacheOutput, JEP 483/514), written as upyd-cli.aot; upyd-cli.jsa links to it, which
#    -XX:SharedArchiveFile also maps on those JDKs.
# The training run (dev.upyd.cli.CdsTraining) needs no daemon: it serves the CLI's own Hello/Exec on a
# throw-away socket so the exec path is archived too. It uses the same JVM flags as bin/upyd.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '[make-cds] %s\n' "$*" >&2; }

jar="$here/cli/target/upyd-cli.jar"
[ -f "$jar" ] || { say "$jar missing: build first"; exit 1; }
# Same classpath, in the same order, as bin/upyd builds it (archives are tied to it).
cp="$jar"
if [ -d "$here/cli/target/lib" ]; then
  for j in $(ls "$here/cli/target/lib"/*.jar | LC_ALL=C sort); do cp="$cp:$j"; done
fi
# The CLI's java: UPYD_JAVA or JAVA_HOME when set; otherwise the newest JDK 24+ under /usr/lib/jvm, whose AOT
# cache (JEP 483/514/515) starts the CLI faster than JDK 17's AppCDS; otherwise `java` (UPYD_CLI_JDK=default
# skips the search). bin/upyd runs the CLI on the java recorded here.
java_bin="${UPYD_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
if [ -z "${UPYD_JAVA:-}${JAVA_HOME:-}" ] && [ "${UPYD_CLI_JDK:-auto}" = auto ]; then
  best=0
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v="$(feature "$j")"
    if [ "${v:-0}" -ge 24 ] && [ "$v" -gt "$best" ]; then best="$v"; java_bin="$j"; fi
  done
fi
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
[ "$(uname -s)" = Linux ] && flags+=(-Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.EPollSelectorProvider)  # as bin/upyd
jsa="$here/cli/target/upyd-cli.jsa"
aot="$here/cli/target/upyd-cli.aot"
rm -f "$jsa" "$aot" "$here/cli/target/upyd-cli.launch"

major="$(feature "$java_bin")"
# jline reaches the terminal through the FFM API on new JDKs; without this, JDK 24+ print a restricted-method
# warning at every shell start. Part of the training flags too: an AOT cache only fits the module options it
# was made with.
if [ "${major:-0}" -ge 22 ]; then flags+=(--enable-native-access=ALL-UNNAMED); fi
if [ "${major:-0}" -ge 24 ]; then
  say "JDK $major: AOT cache $aot"
  "$java_bin" "${flags[@]}" -XX:AOTCacheOutput="$aot" -cp "$cp" dev.upyd.cli.CdsTraining >/dev/null 2>&1
  ln -s "$(basename "$aot")" "$jsa"
else
  say "JDK $major: AppCDS dynamic archive $jsa"
  "$java_bin" "${flags[@]}" -XX:ArchiveClassesAtExit="$jsa" -cp "$cp" dev.upyd.cli.CdsTraining >/dev/null 2>&1
fi
[ -f "$jsa" ] || { say "no archive was written"; exit 1; }
# Check that the archive maps with the launcher's flags (with -Xshare:auto it silently would not if anything
# differed); AOTMode=on makes a JDK 24+ fail instead.
maps=1
if [ "${major:-0}" -ge 24 ]; then
  if ! "$java_bin" "${flags[@]}" -XX:AOTMode=on -XX:AOTCache="$aot" -cp "$cp" dev.upyd.cli.Main --version >/dev/null 2>&1; then
    maps=0
  fi
elif ! "$java_bin" "${flags[@]}" -Xshare:auto -XX:SharedArchiveFile="$jsa" -Xlog:cds=info -cp "$cp" dev.upyd.cli.Main --version 2>&1 \
    | grep -q "Opened shared archive file $jsa\|Opened \(dynamic \)\?archive $jsa"; then
  maps=0
fi
[ "$maps" = 1 ] || say "warning: the archive was written but does not map; bin/upyd will start without it"

# What bin/upyd's CLI path sources instead of working the classpath out at every start (no forks there).
launch="$here/cli/target/upyd-cli.launch"
launch_args=("${flags[@]}" -Xlog:cds=off -Xlog:cds+dynamic=off)
if [ "${major:-0}" -ge 24 ]; then
  launch_args+=(-Xlog:aot=off)   # AOTCache refuses -Xshare:*; a stale cache is then skipped silently
  if [ "$maps" = 1 ]; then launch_args+=("-XX:AOTCache=$aot"); fi
else
  launch_args+=(-Xshare:auto)
  if [ "$maps" = 1 ]; then launch_args+=("-XX:SharedArchiveFile=$jsa"); fi
fi
launch_args+=(-cp "$cp")
{
  echo "# written by scripts/make-cds.sh for bin/upyd; remade at every set-up"
  printf 'launch_java=%q\n' "$java_bin"
  printf 'launch_args=('; printf '%q ' "${launch_args[@]}"; printf ')\n'
} > "$launch.tmp" && mv "$launch.tmp" "$launch"
say "launcher settings: $launch"

# Completion for bash (zsh: `autoload -U bashcompinit && bashcompinit` first), from picocli's AutoComplete.
out="$here/scripts/completion/upyd.bash"
"$java_bin" "${flags[@]}" -cp "$cp" dev.upyd.cli.Completion "$out"
say "completion: $out (bash: source it; zsh: autoload -U bashcompinit && bashcompinit && source it)"
say "done"
