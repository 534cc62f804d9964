#!/usr/bin/env bash
# Runs INSIDE the HIL guest (chrooted into the build machine's root, see scripts/hil/init): starts
# systemd-udevd and the real stepwised on Tests/Fixtures/hil/hil-cell.yaml with no /dev/fb0 yet,
# and drives one whole 40 W cycle of the LED street-light set through the kernel's devices
# (scripts/hil/devices.sh); on the way the projector appears (vfb loaded late) and the USB gadget
# is unplugged and plugged again. It only observes and records (out/hil/share: facts.txt, raw
# framebuffer pages, the kernel trace, the quality log); scripts/hil/check.py decides pass or fail.
set -uo pipefail
cd "$HIL_REPO"
SHARE=out/hil/share          # 9p, read-write: what the build machine checks afterwards
WORK=/tmp/hil                # guest tmpfs: SQLite wants real mmap/locking, not 9p
HIL_MODULES=out/hil/initramfs/modules
mkdir -p "$WORK"
FACTS=$SHARE/facts.txt
uptime_s() { local u; read -r u _ < /proc/uptime; echo "$u"; }
say() { echo "HIL: $*"; }
fact() { echo "$*" >> "$FACTS"; }
now_ms() { local t=$EPOCHREALTIME; echo $(( ${t/./} / 1000 )); }
# A sleep without fork (forks are slow under TCG): read with a timeout on a pipe nobody writes.
mkfifo "$WORK/tick"; exec 9<>"$WORK/tick"
pause() { read -t "$1" -u 9 _ || true; }
SIM=$(ls -d /sys/devices/platform/gpio-sim.*/gpiochip* 2>/dev/null | head -1)
source scripts/hil/devices.sh
source scripts/hil/observe.sh

fact "kernel=$(uname -r)"
fact "gpiochip=$(basename "$SIM") lines=$(ls -d "$SIM"/sim_gpio* | wc -l)"
usb_facts
start_udevd || exit 1
start_trace
[ -e /dev/fb0 ] && fact "fb0_at_start=present" || fact "fb0_at_start=absent"
start_daemon || exit 1

run_cycle() {
  type_line HIL-0001 && wait_for "  login(  |$)" || return 1
  type_line LSL-40 && wait_for "  variant-selected(  |$)" || return 1
  lamps pick-housing
  # Without a projector the station goes on: the first step is done with /dev/fb0 still absent.
  beam 5 && step_done pick-housing || return 1
  fact "fb0_absent_records=$(count '  (login|variant-selected|step-done)(  |$)')"
  # The projector appears; the daemon's retry timer opens it and presents the whole frame before
  # it logs fault-cleared (so that record is the readiness marker for the dump).
  load_vfb || { say "FAIL insmod vfb"; return 1; }
  wait_for "  fault-cleared  .*/dev/fb0" 1 30 || return 1
  lamps place-housing; dump_fb place-housing
  close_switch 17 && step_done place-housing || return 1
  lamps pick-board-40w
  beam 6 && step_done pick-board-40w || return 1
  lamps insert-led-board
  press 0 && step_done insert-led-board || return 1
  # Unplugged: a fault per USB device, while GPIO sensors and the log go on.
  unplug; wait_for "  fault  .*(button-box|badge-reader)" 2 30 || return 1
  lamps pick-driver
  beam 19 && step_done pick-driver || return 1
  # Plugged again: libusb's hotplug reopens both, and the next button report finishes a step.
  plug; wait_for "  fault-cleared  .*(button-box|badge-reader)" 2 60 || return 1
  lamps fit-driver
  press 0 && step_done fit-driver || return 1
  lamps connect-cable
  press 0 && step_done connect-cable || return 1
  lamps screw-board; dump_fb screw-board
  # Four screws, each a bounced relay contact: three must not finish the step, the fourth must.
  beam 24; beam 24; beam 24
  fact "screw_board_done_after_3=$(count '  step-done  .*  step screw-board')"
  beam 24 && step_done screw-board || return 1
  lamps place-gasket
  beam 21 && press 0 && step_done place-gasket || return 1
  lamps close-cover
  close_switch 22 && step_done close-cover || return 1
  lamps apply-label
  press 0 && step_done apply-label || return 1
  lamps quality-check
  press 3 && step_done check-cover || return 1
  press 2 && step_done check-visual || return 1
  press 4 && step_done check-label || return 1
  wait_for "  cycle-done(  |$)" || return 1
  open_switch 17; open_switch 22
}
if run_cycle; then fact "cycle=complete"; else fact "cycle=incomplete"; fi
lamps after-cycle
dump_fb final
idle_cpu 5
stop_daemon
dump_fb end   # the last frame, compared with the PNG mirror the daemon flushed when it stopped
stop_trace
sqlite3 -separator ' ' "$WORK/quality.sqlite" \
  "select at_ns, kind, coalesce(step,'-'), coalesce(input,'-'), case when kind = 'fault' and fault_device is not null then fault_device || ' (' || fault_kind || '): ' || coalesce(detail,'') else coalesce(detail,'-') end from quality_record order by id" \
  > "$SHARE/records.txt"
.build/debug/stepwise report --db "$WORK/quality.sqlite" --json > "$SHARE/report.json" 2>"$SHARE/report.err"
cp "$WORK/quality.sqlite" "$WORK/mirror.png" "$SHARE/" 2>/dev/null
say "scenario done $(uptime_s)"
