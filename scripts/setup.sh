#!/usr/bin/env bash
# Sets up a fresh machine for upyd: Debian packages the tests and demo use, the Node packages of the
# simulated device, the Maven build, and the CLI's class-data archive. Idempotent; safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

say() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: installed only when absent (apt-get update is slow, so only then).
need_pkgs=()
check() { dpkg -s "$1" >/dev/null 2>&1 || need_pkgs+=("$1"); }
for p in openssl nodejs iproute2 tmux; do check "$p"; done
command -v node >/dev/null 2>&1 && need_pkgs=("${need_pkgs[@]/nodejs}")
if [ -n "${UPYD_SETUP_EXTRA_PKGS:-}" ]; then for p in $UPYD_SETUP_EXTRA_PKGS; do check "$p"; done; fi
pkgs=()
for p in "${need_pkgs[@]}"; do [ -n "$p" ] && pkgs+=("$p"); done
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${pkgs[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  else
    say "missing Debian packages (run as root to install): ${pkgs[*]}"
  fi
fi

# Node packages (the real MicroPython, WebAssembly build) for every folder with a lock file.
for dir in sim/node device; do
  if [ -f "$dir/package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done

say "building (mvn install, tests skipped)"
mvn -B -q -DskipTests install

# The CLI's class-data archive, made for exactly this JDK and classpath (see bin/upyd).
if [ -x scripts/make-cds.sh ]; then
  scripts/make-cds.sh || say "class-data archive not created (the CLI still works, only slower)"
fi
say "done: bin/upyd --help"
