#!/usr/bin/env bash
# Checks deploy/meeting-addon.service as systemd would load it: `systemd-analyze verify` on a copy
# whose /usr/local/bin/meeting-addon is the given built binary (verify wants ExecStart to exist),
# failing on any message (an unknown or misspelt key is only a warning there), and
# `systemd-analyze security` so that a hardening line dropped by mistake shows. Works without
# systemd as PID 1. Usage: deploy/verify-unit.sh bin/meeting-addon-linux-amd64
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:?usage: deploy/verify-unit.sh BINARY}")"
[ -x "$bin" ] || { echo "verify-unit: $bin is not an executable"; exit 1; }
dir="$(mktemp -d "${TMPDIR:-/tmp}/meeting-addon-unit.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
unit="$dir/meeting-addon.service"
sed "s|/usr/local/bin/meeting-addon|$bin|g" deploy/meeting-addon.service >"$unit"

out="$(systemd-analyze verify --man=no "$unit" 2>&1)" || { echo "$out"; echo "verify-unit: systemd-analyze verify failed"; exit 1; }
[ -z "$out" ] || { echo "$out"; echo "verify-unit: systemd-analyze verify complained"; exit 1; }
echo "systemd-analyze verify deploy/meeting-addon.service: ok"

# Exposure 0.0 (locked down) … 10.0 (unprotected); the unit scores about 1.1. 20 means 2.0.
systemd-analyze security --offline=yes --threshold=20 "$unit" | tail -n 1 || {
  systemd-analyze security --offline=yes "$unit" | grep -v '^✓' || true
  echo "verify-unit: exposure above 2.0: was a hardening setting removed?"; exit 1
}
