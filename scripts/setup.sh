#!/usr/bin/env bash
# Sets up a fresh machine for upyd: Debian packages the tests and demo use, the Node packages of the
# simulated device, the Maven build, and the CLI's class-data archive. Idempotent; safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

say() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages the tests, the demo and the benchmarks use; installed only when absent (apt-get update is
# slow, so it runs only then). openssl: key tests; tmux: shell tests; prometheus: promtool and a real
# Prometheus; python3-zeroconf: a real mDNS responder; iproute2: network namespaces; systemd:
# systemd-analyze; util-linux: setpriv (peer-uid test); hyperfine: CLI start-up benchmark.
pkgs=()
for p in openssl tmux prometheus python3-zeroconf iproute2 systemd util-linux hyperfine; do
  dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
done
command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${pkgs[*]}"
    apt-get update -qq >/dev/null
    # policy-rc.d keeps the packages' own services (prometheus, avahi) from starting here
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
  else
    say "missing Debian packages (run as root to install; tests that need them skip): ${pkgs[*]}"
  fi
fi

# Node packages for every folder with a lock file: the real MicroPython (WebAssembly build) of the simulator and
# the device-module tests, and mpy-cross built to WebAssembly for `upyd mpyx` (Debian has no mpy-cross package;
# a native mpy-cross on PATH is preferred when there is one).
for dir in sim/node device tools/mpy-cross; do
  if [ -f "$dir/package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done

say "building (mvn install, tests skipped)"
mvn -B -q -DskipTests install

# The CLI's class-data archive, made for exactly this JDK and classpath (see bin/upyd); the build above made it
# already unless -Dupyd.cds.skip=true, so this only checks.
if [ -x scripts/make-cds.sh ]; then
  scripts/make-cds.sh --if-stale || say "class-data archive not created (the CLI still works, only slower)"
fi
say "done: bin/upyd --help"
