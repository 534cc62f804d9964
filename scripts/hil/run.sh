#!/usr/bin/env bash
# Hardware-in-the-loop rig, step 2: build the initramfs, boot the guest kernel under QEMU (TCG,
# no KVM), let scripts/hil/init + scenario.sh drive a whole cycle through the real devices, then
# check from outside what the guest left in out/hil/share (scripts/hil/check.py).
# Needs scripts/hil/install.sh to have run and the debug build (.build/debug/stepwised, stepwise).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
HIL=out/hil
KVER=$(cat "$HIL/kernel/.version")
MODDIR="$HIL/kernel/lib/modules/$KVER/kernel"
TIMEOUT=${HIL_TIMEOUT:-900}

# initramfs: static busybox, /init, the modules the guest loads (flat, loaded by name).
IRD="$HIL/initramfs"
rm -rf "$IRD" && mkdir -p "$IRD"/{bin,modules,proc,sys,dev,mnt,tmp}
cp /bin/busybox "$IRD/bin/busybox"
cp scripts/hil/init "$IRD/init" && chmod +x "$IRD/init"
# vfb is not loaded by /init: the scenario loads it from here (over 9p) once stepwised runs.
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet \
         9pnet_virtio 9p configfs usb-common usbcore udc-core libcomposite usb_f_hid dummy_hcd vfb; do
  found=$(find "$MODDIR" -name "$m.ko" | head -1)
  [ -n "$found" ] || { echo "hil: module $m.ko not in linux-image-$KVER" >&2; exit 1; }
  cp "$found" "$IRD/modules/"
done
cp "$HIL/modules/gpio-sim.ko" "$IRD/modules/"
(cd "$IRD" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$HIL/initramfs.cpio.gz"

.build/debug/stepwise validate WorkInstructions Tests/Fixtures/hil/hil-cell.yaml >/dev/null
gcc -O2 -Wall -o "$HIL/bounce" scripts/hil/bounce.c
gcc -O2 -Wall -o "$HIL/clocks" scripts/hil/clocks.c
gcc -O2 -Wall -o "$HIL/report" scripts/hil/report.c
rm -rf "$HIL/share" && mkdir -p "$HIL/share"
echo "hil: booting linux $KVER under qemu (tcg); console in $HIL/console.log"
start=$(date +%s)
# fbcon=map:1 keeps the text console off vfb's fb0: only stepwised draws there.
set +e
timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -m 1536 -smp 2 -nographic -no-reboot \
  -kernel "$HIL/kernel/boot/vmlinuz-$KVER" -initrd "$HIL/initramfs.cpio.gz" \
  -append "console=ttyS0 quiet loglevel=4 panic=-1 fbcon=map:1 hil.repo=$REPO" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$REPO,mount_tag=repo,security_model=none,readonly=on,multidevs=remap" \
  -virtfs "local,path=$REPO/$HIL/share,mount_tag=share,security_model=none" \
  </dev/null >"$HIL/console.log" 2>&1
qemu_rc=$?
set -e
echo "hil: guest ran $(( $(date +%s) - start )) s (qemu exit $qemu_rc)"
[ "$qemu_rc" = 124 ] && echo "hil: FAIL: guest did not power off within ${TIMEOUT}s" >&2
grep -a '^HIL:' "$HIL/console.log" | sed 's/\r$//' > "$HIL/share/console-markers.txt" || true
# A daemon that hung at stop was dumped (SIGQUIT) into the share: backtrace it here, where gdb is fast.
for core in "$HIL"/share/core.*; do
  [ -f "$core" ] || continue
  gdb -batch -nx -ex 'set debuginfod enabled off' -ex 'thread apply all bt 30' .build/debug/stepwised "$core" \
    > "$HIL/share/hang-backtrace.txt" 2>&1 || true
  echo "hil: the daemon hung at stop; backtraces of all its threads in $HIL/share/hang-backtrace.txt" >&2
  rm -f "$core"
done
# The expected first frame, rendered on the build machine by the same code path as `stepwise preview`.
[ -f "$HIL/preview/led-streetlight-40w-02-place-housing-full.png" ] && [ "$HIL/preview" -nt .build/debug/stepwise ] ||
  .build/debug/stepwise preview WorkInstructions/led-streetlight.yaml --cell Tests/Fixtures/hil/hil-cell.yaml \
    --out "$HIL/preview" >/dev/null
python3 scripts/hil/check.py "$HIL/share" "$HIL/preview/led-streetlight-40w-02-place-housing-full.png"
