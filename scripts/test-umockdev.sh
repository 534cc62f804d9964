#!/usr/bin/env bash
# Runs the libusb adapter against a faked USB bus (umockdev): enumeration, interrupt-IN reports
# delivered through usbfs, and an unplug, end to end without hardware or privileges; then stepwised
# itself, stopped by SIGTERM while the pedal is open with a transfer in flight.
# Needs the test bundle built (`swift build --build-tests`). Part of `make test`; a hang fails after 5 min.
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=Tests/Fixtures/usb
command -v umockdev-run >/dev/null || { echo "error: umockdev-run missing; run scripts/install-deps.sh" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The pedal (1-2) and the badge reader (1-3) answer usbfs from their scripts; 1-4 has none.
timeout 300 umockdev-run --device "$fixtures/bench.umockdev" \
  --ioctl /dev/bus/usb/001/002="$fixtures/pedal.ioctl" \
  --ioctl /dev/bus/usb/001/003="$fixtures/badge-reader.ioctl" \
  -- swift test --skip-build --filter USBUmockdevTests 2>&1 | tee "$log"
# A suite that was skipped (no UMOCKDEV_DIR seen) must not pass for a run.
grep -q "Suite USBUmockdevTests passed" "$log" || { echo "error: the umockdev tests did not run" >&2; exit 1; }

# Its own run: the scripts are consumed once per umockdev-run. pedal-held.ioctl leaves a transfer pending.
timeout 300 umockdev-run --device "$fixtures/bench.umockdev" \
  --ioctl /dev/bus/usb/001/002="$fixtures/pedal-held.ioctl" \
  -- swift test --skip-build --filter DaemonStopUmockdevTests 2>&1 | tee "$log"
grep -q "Suite DaemonStopUmockdevTests passed" "$log" || { echo "error: the daemon stop test under umockdev did not pass" >&2; exit 1; }
