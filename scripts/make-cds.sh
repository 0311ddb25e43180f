#!/usr/bin/env bash
# Creates the CLI's class-data archives for exactly these JDKs and this classpath, the launcher settings
# that use them (cli/target/upyd-cli.launch, sourced by bin/upyd), and the bash/zsh completion script.
# Run by scripts/setup.sh after the build; safe to re-run (an archive is only valid for the JDK and the
# jars it was made with, so all are remade every time).
#
#  - The default java (UPYD_JAVA, else JAVA_HOME, else `java`): on JDK 17..23 an AppCDS dynamic archive
#    (-XX:ArchiveClassesAtExit, upyd-cli.jsa); on JDK 24+ the AOT cache (-XX:AOTCacheOutput, JEP 483/514/515,
#    upyd-cli.aot). bin/upyd runs the CLI on this java.
#  - Every other JDK 24+ under /usr/lib/jvm (e.g. the Temurin 25 beside Debian's 17) also gets its AOT cache
#    (upyd-cli-<feature>.aot), used when UPYD_JAVA or JAVA_HOME selects that JDK.
# Why JDK 17 stays the default where it is the system java: measured on this machine (2 cores, idle), its
# AppCDS start of `upyd exec DEV 'print(1)'` is as fast as JDK 25's AOT cache in absolute terms (p50 83.7
# vs 86.6 ms) and much closer to its own bare hello-world (1.49x vs 2.29x): a JDK 25 AOT cache maps and
# links every class it holds at every start, and JDK 25's hello-world itself starts in 38 ms.
#
# Also run by the build (cli/pom.xml, phase package) with --if-stale: then nothing is remade while the launch file
# is newer than every jar of the classpath and names the same java and classpath (a jar rebuilt or re-copied with
# a new time stamp makes its archive invalid: the JVM checks each jar's time and size). bin/upyd re-runs it once
# by itself when the launch file is older than the build anyway (scripts/launch.sh).
#
# The training run (dev.upyd.cli.CdsTraining) needs no daemon: it serves the CLI's own Hello/Exec on a
# throw-away socket so the exec path is archived too. It uses the same JVM flags as bin/upyd.
set -euo pipefail
if_stale=0
if [ "${1:-}" = --if-stale ]; then if_stale=1; fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '[make-cds] %s\n' "$*" >&2; }

jar="$here/cli/target/upyd-cli.jar"
[ -f "$jar" ] || { say "$jar missing: build first"; exit 1; }
# Same classpath, in the same order, as bin/upyd's general path builds it (archives are tied to it).
cp="$jar"
if [ -d "$here/cli/target/lib" ]; then
  for j in $(ls "$here/cli/target/lib"/*.jar | LC_ALL=C sort); do cp="$cp:$j"; done
fi
. "$here/scripts/cli-jvm.sh"   # java_feature, cli_jvm_flags: the same flags scripts/launch.sh uses
target="$here/cli/target"
launch="$target/upyd-cli.launch"
default_java="${UPYD_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
stamp="# made for java $(readlink -f "$(command -v "$default_java")" 2>/dev/null || echo "$default_java") with classpath $cp"

if [ "$if_stale" = 1 ] && [ -f "$launch" ] && grep -qxF -- "$stamp" "$launch"; then
  fresh=1
  for j in ${cp//:/ }; do [ "$launch" -nt "$j" ] || fresh=0; done
  if [ "$fresh" = 1 ]; then
    touch "$launch"   # newer than target/lib again, which copy-dependencies touches at every build
    say "archives up to date for these jars ($launch)"
    exit 0
  fi
fi
rm -f "$target"/upyd-cli*.jsa "$target"/upyd-cli*.aot "$launch"

# Quotes each argument for POSIX sh (the launch file is read by bin/upyd's /bin/sh).
shq() { local a; for a in "$@"; do printf "'%s' " "${a//\'/\'\\\'\'}"; done; }

# Makes the archive for java $1 (files named with suffix $2) and prints its launcher arguments, quoted for
# sh; without a usable archive they still name the flags and classpath (the CLI then starts without one).
archive_for() {
  local java_bin="$1" suffix="$2" major maps=1
  cli_jvm_flags "$java_bin"
  local flags=("${cli_flags[@]}")
  major="$cli_major"
  local args=("${flags[@]}" -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ "${major:-0}" -ge 24 ]; then
    local aot="$target/upyd-cli$suffix.aot"
    say "JDK $major ($java_bin): AOT cache $aot"
    "$java_bin" "${flags[@]}" -XX:AOTCacheOutput="$aot" -cp "$cp" dev.upyd.cli.CdsTraining >/dev/null 2>&1 || true
    # AOTMode=on fails instead of silently starting without the cache
    "$java_bin" "${flags[@]}" -XX:AOTMode=on -XX:AOTCache="$aot" -cp "$cp" dev.upyd.cli.Main --version >/dev/null 2>&1 || maps=0
    args+=(-Xlog:aot=off)   # AOTCache refuses -Xshare:*; a stale cache is then skipped silently
    [ "$maps" = 1 ] && args+=("-XX:AOTCache=$aot")
  else
    local jsa="$target/upyd-cli$suffix.jsa"
    say "JDK $major ($java_bin): AppCDS dynamic archive $jsa"
    "$java_bin" "${flags[@]}" -XX:ArchiveClassesAtExit="$jsa" -cp "$cp" dev.upyd.cli.CdsTraining >/dev/null 2>&1 || true
    # with -Xshare:auto an archive that does not fit is skipped silently: check that it maps
    "$java_bin" "${flags[@]}" -Xshare:auto -XX:SharedArchiveFile="$jsa" -Xlog:cds=info -cp "$cp" dev.upyd.cli.Main \
        --version 2>&1 | grep -q "Opened \(shared \|dynamic \)\?archive \(file \)\?$jsa" || maps=0
    args+=(-Xshare:auto)
    [ "$maps" = 1 ] && args+=("-XX:SharedArchiveFile=$jsa")
  fi
  [ "$maps" = 1 ] || say "warning: no usable archive for $java_bin; the CLI starts without one there"
  args+=(-cp "$cp")
  shq "${args[@]}"
}

# One entry per java: `want` is what bin/upyd was asked for (UPYD_JAVA, JAVA_HOME/bin/java, or empty for
# the default); the matching entry execs the CLI, so the rest of the file is not read.
# The jar check keeps a moved or cleaned checkout from exec'ing a classpath that is gone (bin/upyd then
# takes scripts/launch.sh).
entry() { # JAVA ARGS DEFAULT?
  local cond="[ \"\$want\" = $(shq "$1")]"
  [ "$3" = 1 ] && cond="{ [ -z \"\$want\" ] || $cond; }"
  printf 'if %s && [ -f %s]; then\n  exec %s%s${UPYD_JAVA_OPTS:-} dev.upyd.cli.Main "$@"\nfi\n' \
    "$cond" "$(shq "$jar")" "$(shq "$1")" "$2"
}

{
  echo "# written by scripts/make-cds.sh for bin/upyd (POSIX sh); remade at every set-up and by the build"
  echo "$stamp"
  printf 'launch_java=%s\n' "$(shq "$default_java")"
  entry "$default_java" "$(archive_for "$default_java" "")" 1
  # other JDKs 24+, selected by UPYD_JAVA/JAVA_HOME at run time
  seen=" $(readlink -f "$(command -v "$default_java")") "
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    real="$(readlink -f "$j")"
    case "$seen" in *" $real "*) continue ;; esac   # the same JDK under another name
    seen="$seen$real "
    v="$(java_feature "$j")"
    [ "${v:-0}" -ge 24 ] || continue
    entry "$j" "$(archive_for "$j" "-$v")" 0
  done
} > "$launch.tmp" && mv "$launch.tmp" "$launch"
say "launcher settings: $launch"

# Completion for bash (zsh: `autoload -U bashcompinit && bashcompinit` first), from picocli's AutoComplete.
out="$here/scripts/completion/upyd.bash"
"$default_java" -cp "$cp" dev.upyd.cli.Completion "$out"
say "completion: $out (bash: source it; zsh: autoload -U bashcompinit && bashcompinit && source it)"
say "done"
