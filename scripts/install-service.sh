#!/usr/bin/env bash
# upyd install-service [--user] [--print] [--dest DIR]
# Renders systemd/upyd{,-user}.service.in with this checkout's paths and installs it:
#   system: /etc/systemd/system/upyd.service (run as root; the service runs as $SUDO_USER or $USER)
#   --user: ~/.config/systemd/user/upyd.service
# --print writes the unit to stdout instead; --dest DIR writes DIR/upyd.service (tests use it).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
user_mode=0 print=0 dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --user) user_mode=1 ;;
    --print) print=1 ;;
    --dest) dest="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install-service: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

run_as="${SUDO_USER:-${USER:-$(id -un)}}"
home_dir="$(getent passwd "$run_as" | cut -d: -f6)"
upyd_home="${UPYD_HOME:-${XDG_CONFIG_HOME:-$home_dir/.config}/upyd}"
template="$root/systemd/upyd.service.in"
[ "$user_mode" = 1 ] && template="$root/systemd/upyd-user.service.in"

unit="$(sed -e "s|@UPYD_ROOT@|$root|g" -e "s|@UPYD_HOME@|$upyd_home|g" -e "s|@USER@|$run_as|g" "$template")"
if [ "$print" = 1 ]; then printf '%s\n' "$unit"; exit 0; fi
if [ -z "$dest" ]; then
  if [ "$user_mode" = 1 ]; then dest="${XDG_CONFIG_HOME:-$home_dir/.config}/systemd/user"; else dest=/etc/systemd/system; fi
fi
mkdir -p "$dest"
printf '%s\n' "$unit" > "$dest/upyd.service.tmp" && mv "$dest/upyd.service.tmp" "$dest/upyd.service"
echo "installed $dest/upyd.service"
if [ "$user_mode" = 1 ]; then
  echo "next: systemctl --user daemon-reload && systemctl --user enable --now upyd"
else
  echo "next: put the host-key passphrase in /etc/upyd/host-passphrase (0600), then"
  echo "      systemctl daemon-reload && systemctl enable --now upyd"
fi
