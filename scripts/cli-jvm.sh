# The CLI's JVM flags, in one place for scripts/make-cds.sh (the class-data archives are made with exactly
# these) and scripts/launch.sh (the CLI on a java make-cds did not prepare). Sourced by bash; defines:
#   java_feature JAVA    prints the JDK's feature version (17, 25, ...)
#   cli_jvm_flags JAVA   sets the arrays cli_flags and the number cli_major for that java
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }

cli_jvm_flags() {
  cli_major="$(java_feature "$1")"
  # C1 only and no hsperfdata file (-UsePerfData: ~3 ms; jstat cannot see the CLI). G1 (the default), not the
  # serial GC: JDK 17 maps the archived heap, and with it the archived module graph, only under G1; without it
  # "Initialize module system" takes 9-16 ms instead of 2 (measured: exec 56 ms with G1, 63 ms with SerialGC).
  cli_flags=(-XX:TieredStopAtLevel=1 -XX:-UsePerfData)
  # Compile later (thresholds x10): in a 50 ms command the C1 thread competes with the start-up threads for the
  # 2 cores and compiles code that runs a few hundred times only; hot loops (hashing a large put) still get
  # compiled within milliseconds. Measured: exec 2-3 ms faster (bench P1 1.48x -> 1.39x), a hello-world unchanged.
  cli_flags+=(-XX:CompileThresholdScaling=10)
  # Name the JDK's own selector provider: otherwise the first socket makes the JDK search every jar on the
  # classpath for a provider service file (measured ~50 ms of a ~300 ms start).
  [ "$(uname -s)" = Linux ] && cli_flags+=(-Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.EPollSelectorProvider)
  # jline reaches the terminal through the FFM API on new JDKs; without this, JDK 22+ print a restricted-method
  # warning at every shell start. Part of the training flags too: an AOT cache only fits its module options.
  if [ "${cli_major:-0}" -ge 22 ]; then cli_flags+=(--enable-native-access=ALL-UNNAMED); fi
  return 0
}
