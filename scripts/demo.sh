#!/usr/bin/env bash
# upyd demo: the whole WebSecureREPL set-up on a simulated ESP32 (the real MicroPython interpreter), start
# to finish, in a temporary UPYD_HOME. Prints every command it runs; stops everything it started; leaves
# nothing behind. Run after scripts/setup.sh:  bin/upyd demo  [--keep] [--backend light]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
keep=0 backend=micropython
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --backend) backend="$2"; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "demo: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work="$(mktemp -d "${TMPDIR:-/tmp}/upyd-demo.XXXXXX")"
export UPYD_HOME="$work/home"
export UPYD_SOCKET="$work/run/upyd.sock"
export UPYD_METRICS="127.0.0.1:0"            # any free port: never collide with a real daemon on 9833
export UPYD_CA_PASSPHRASE="demo-ca-passphrase"   # non-interactive passphrases, for this throwaway key set
export UPYD_HOST_PASSPHRASE="demo-host-passphrase"
mkdir -p "$UPYD_HOME" "$work/device" "$work/files"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

bold=$'\e[1m' dim=$'\e[2m' off=$'\e[0m'
[ -t 1 ] || { bold=""; dim=""; off=""; }
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
show() { # prints a command as a user would type it: bin/upyd as `upyd`, arguments with spaces quoted
  local out="" a
  for a in "$@"; do
    [ "$a" = "$root/bin/upyd" ] && a=upyd
    case "$a" in *[[:space:]\;\(\)\*]*) a="'$a'" ;; esac
    out="$out $a"
  done
  printf '%s$%s%s\n' "$dim" "$out" "$off"
}
run() { show "$@"; "$@"; }
wait_for() { # FILE PATTERN SECONDS
  for _ in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "demo: timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}
t0=$(date +%s)

step "1. Keys, in upydev's order: ROOT CA, this host's client pair, the device pair (UPYD_HOME=$UPYD_HOME)"
uid=240ac4e0c0de
run "$root/bin/upyd" kg ssl CA
run "$root/bin/upyd" kg ssl host
run "$root/bin/upyd" kg ssl dev -@ demo -t 127.0.0.1 --uid "$uid"

step "2. The device's flash: what 'kg ssl dev -tfkey' and 'kg ssl CA -tfkey' upload, and the WebREPL password"
cp "$UPYD_HOME/SSL_key$uid.der" "$UPYD_HOME/SSL_certificate$uid.der" "$UPYD_HOME/ROOT_CA_cert.pem" "$work/device/"
printf "PASS = 'demopass'\n" > "$work/device/webrepl_cfg.py"
printf "print('boot.py: hello from the simulated board')\n" > "$work/device/boot.py"
run ls "$work/device"

step "3. A simulated ESP32 serving WebSecureREPL (TLS 1.2, client certificate required), backend: $backend"
show upyd sim --dir "$work/device" --port 0 --uid "$uid" --backend "$backend" \&
"$root/bin/upyd" sim --dir "$work/device" --port 0 --uid "$uid" --backend "$backend" --reboot-delay-ms 500 \
  > "$work/sim.log" 2>&1 &
pids+=($!)
wait_for "$work/sim.log" "listening on" 60
port="$(sed -n 's/.*listening on wss:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/sim.log" | head -1)"
echo "device listening on wss://127.0.0.1:$port"

step "4. The global group (upydev's UPY_G.config; password:passphrase means wss with our host key)"
run "$root/bin/upyd" config -t "127.0.0.1:$port" -p "demopass:$UPYD_HOST_PASSPHRASE" -@ demo -gg
run "$root/bin/upyd" config -l

step "5. The daemon: one persistent, authenticated session per device"
show upyd daemon \&
"$root/bin/upyd" daemon > "$work/daemon.log" 2>&1 &
pids+=($!)
wait_for "$work/daemon.log" "demo (wss://127.0.0.1:$port): online" 60
metrics_port="$(sed -n 's/.*metrics on port \([0-9]*\).*/\1/p' "$work/daemon.log" | head -1)"

step "6. Commands through the held session"
run "$root/bin/upyd" status
run "$root/bin/upyd" "import os; print(os.uname().machine)" -@ demo
run "$root/bin/upyd" exec demo "print(sum(range(101)))"
run "$root/bin/upyd" probe -gg
run "$root/bin/upyd" ping -c 3 -i 0.2 -@ demo
if [ "$backend" = micropython ]; then
  head -c 100000 /dev/urandom > "$work/files/blob.bin"
  (cd "$work/files" && run "$root/bin/upyd" put blob.bin -@ demo)
  mkdir -p "$work/back"
  (cd "$work/back" && run "$root/bin/upyd" get blob.bin -@ demo)
  run cmp "$work/files/blob.bin" "$work/back/blob.bin" && echo "blob.bin: byte-identical after the round trip"
fi
if [ "$backend" = micropython ]; then
  # upydev's YAML device tests and playbooks, run by upyd itself over the same held session
  run "$root/bin/upyd" pytest "$root/config/examples/device_tests.yaml" -@ demo
  run "$root/bin/upyd" play "$root/config/examples/check_board.yaml" -@ demo
fi
if [ "$backend" = micropython ]; then
  run "$root/bin/upyd" ls -@ demo
  run "$root/bin/upyd" df -@ demo
else
  # the file commands run small device programs (function definitions, os.ilistdir, hashlib for the SHA-256
  # check, os.statvfs) that stock MicroPython runs and the light stand-in, a Python subset in Java, does not
  echo "(put, get, ls, df, pytest and play skipped: the light backend runs simple statements only; run the demo without --backend light)"
fi

step "7. Prometheus metrics (GET /metrics on 127.0.0.1:$metrics_port), an excerpt"
show curl -s "http://127.0.0.1:$metrics_port/metrics" \| grep "'^upyd_'"
curl -s "http://127.0.0.1:$metrics_port/metrics" \
  | grep -E '^upyd_(device_up|device_connects_total|device_state\{.*online|command_duration_seconds_count|file_transfer_bytes_total|tls_handshake_duration_seconds_count)' \
  | head -12

step "8. Stopping everything the demo started"
echo "done in $(( $(date +%s) - t0 )) s; the handshake happened once, every command reused the session:"
grep -c "online (" "$work/daemon.log" | sed 's/^/  sessions opened: /'
