#!/usr/bin/env bash
# Runs INSIDE the HIL guest (chrooted into the build machine's root, see scripts/hil/init):
# starts the real stepwised on Tests/Fixtures/hil/hil-cell.yaml and drives one whole 40 W cycle of the LED
# street-light set through the kernel's devices: gpio-sim `pull` files for the GPIO sensors,
# reports written to /dev/hidg0 (button box) and /dev/hidg1 (badge reader keyboard).
# It only observes and records (out/hil/share/facts.txt, raw framebuffer pages, the quality log);
# scripts/hil/check.py on the build machine decides pass or fail.
set -uo pipefail
cd "$HIL_REPO"
SHARE=out/hil/share          # 9p, read-write: what the build machine checks afterwards
WORK=/tmp/hil                # guest tmpfs: SQLite wants real mmap/locking, not 9p
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
FB=/sys/class/graphics/fb0
fact "kernel=$(uname -r)"
fact "gpiochip=$(basename "$SIM") lines=$(ls -d "$SIM"/sim_gpio* | wc -l)"
fact "fb0=$(cat $FB/virtual_size) bpp=$(cat $FB/bits_per_pixel) stride=$(cat $FB/stride)"
for itf in /sys/bus/usb/devices/*:1.*; do
  dev=${itf%:*}
  [ "$(cat "$dev/idVendor" 2>/dev/null):$(cat "$dev/idProduct" 2>/dev/null)" = 1209:5750 ] || continue
  for ep in "$itf"/ep_*; do
    [ "$(cat "$ep/type")" = Interrupt ] && [ "$(cat "$ep/direction")" = in ] &&
      fact "usb_interface_$(cat "$itf/bInterfaceNumber")_in=0x$(cat "$ep/bEndpointAddress")"
  done
  [ "$itf" = "${itf%:1.0}" ] || fact "usb_device=/dev/bus/usb/$(printf %03d "$(cat "$dev/busnum")")/$(printf %03d "$(cat "$dev/devnum")")"
done

# --- GPIO and HID drivers --------------------------------------------------------------------
pull() { echo "$2" > "$SIM/sim_gpio$1/pull"; }
level() { cat "$SIM/sim_gpio$1/value"; }
# An active-low sensor (light barrier, torque relay): a bounced edge train into the beam, held, released.
# Bounces are written back to back (well inside the debounce time); the train's length is recorded.
beam() {
  local line=$1 bounces=${2:-0} t0 before
  before=$(pan)
  if [ "$bounces" -gt 0 ]; then
    fact "bounce_train line=$line edges=$((2 * bounces + 1)) us=$(out/hil/bounce "$SIM/sim_gpio$line/pull" $((2 * bounces + 1)))"
  else
    pull "$line" pull-down
  fi
  frame_after "$before" "${EPOCHREALTIME/./}"
  pause 0.15; pull "$line" pull-up; pause 0.15
}
# An active-high switch that stays closed (part in the fixture, cover closed).
close_switch() { local before; before=$(pan); pull "$1" pull-up; frame_after "$before" "${EPOCHREALTIME/./}"; pause 0.15; }
open_switch() { pull "$1" pull-down; }
# One report to the host. f_hid's write waits for the previous report to be taken by the host, so a
# daemon that is not reading would block the scenario: a timeout turns that into a failure.
hid() {
  timeout 10 bash -c 'printf "$1" > "$2"' _ "$2" "$1" ||
    { say "FAIL writing a report to $1 blocked: nothing reads the gadget's endpoint"; return 1; }
}
# One report on the button box: press the bit, then release.
press() {
  local before; before=$(pan)
  hid /dev/hidg0 "\\x$(printf %02x $((1 << $1)))" || return 1
  frame_after "$before" "${EPOCHREALTIME/./}"
  hid /dev/hidg0 '\x00'
}
# The badge reader types a line: one boot-keyboard report per key, then all keys up.
type_line() {
  local text=$1 c mod key i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}; mod=0
    case $c in
      [A-Z]) mod=2; key=$(( $(printf %d "'$c") - 65 + 4 )) ;;
      [a-z]) key=$(( $(printf %d "'$c") - 97 + 4 )) ;;
      0) key=39 ;;
      [1-9]) key=$(( c + 29 )) ;;
      -) key=45 ;;
    esac
    hid /dev/hidg1 "\\x$(printf %02x $mod)\\x00\\x$(printf %02x $key)\\x00\\x00\\x00\\x00\\x00" || return 1
    hid /dev/hidg1 '\x00\x00\x00\x00\x00\x00\x00\x00' || return 1
  done
  hid /dev/hidg1 '\x00\x00\x28\x00\x00\x00\x00\x00' && hid /dev/hidg1 '\x00\x00\x00\x00\x00\x00\x00\x00'
}

# --- waiting for what the daemon prints (readiness markers, never fixed sleeps) ---------------
OUTLOG=$SHARE/daemon.out     # plain appends: fine on 9p, and readable after a hang
ERRLOG=$SHARE/daemon.err
count() { grep -cE "$1" "$OUTLOG" 2>/dev/null || true; }
# Where each daemon thread is blocked (for a failure report).
threads() {
  local t
  for t in /proc/$PID/task/*; do
    fact "thread $(cat $t/comm 2>/dev/null) wchan=$(cat $t/wchan 2>/dev/null) syscall=$(cut -d' ' -f1 $t/syscall 2>/dev/null) $(grep -E 'SigBlk' $t/status | tr -d '\t')"
  done
  fact "signals $(grep -E 'SigPnd|ShdPnd|SigIgn|SigCgt' /proc/$PID/status | tr -d '\t' | tr '\n' ' ')"
}
# wait_for REGEX [N] [SECONDS]: until the daemon has printed N record lines matching REGEX.
wait_for() {
  local re=$1 n=${2:-1} limit=$(( $(now_ms) + ${3:-60} * 1000 ))
  while [ "$(count "$re")" -lt "$n" ]; do
    kill -0 "$PID" 2>/dev/null || { say "FAIL daemon exited while waiting for /$re/"; return 1; }
    [ "$(now_ms)" -lt "$limit" ] || { say "FAIL timed out waiting for /$re/"; fact "timeout=$re"; threads; return 1; }
    pause 0.02
  done
}
step_done() { wait_for "  step-done  .*  step $1(  |\$)" "${2:-1}" "${3:-60}"; }
lamps() {  # lamp lines (physical values) as the next step starts
  fact "lamps before=$1 bin1=$(level 12) bin2=$(level 16) bin3=$(level 20) bin4=$(level 7) bin5=$(level 8) bin6=$(level 11) torque_enable=$(level 18)"
}
pan() { cat $FB/pan; }
dump_fb() {  # the page on screen now (yoffset from the pan attribute)
  local y; y=$(pan); y=${y#*,}
  dd if=/dev/fb0 of="$SHARE/fb-$1.raw" bs=7680 skip="$y" count=1080 status=none
  fact "fb_dump name=$1 pan=$(pan)"
}
# Event to frame, when $LAT names the step: from the write that makes the event to the daemon's next
# pan (each presented frame is drawn to the hidden page and panned onto the screen). Both times are
# wall-clock µs; check.py also relates them to the record's kernel edge timestamp.
frame_after() {
  [ -n "${LAT:-}" ] || return 0
  local before=$1 t0=$2 p limit=$(( $2 + 10000000 ))
  while p=$(<$FB/pan); [ "$p" = "$before" ]; do
    [ "${EPOCHREALTIME/./}" -lt "$limit" ] || { fact "latency name=$LAT t0_us=$t0 t1_us=timeout"; return 0; }
    pause 0.002
  done
  fact "latency name=$LAT t0_us=$t0 t1_us=${EPOCHREALTIME/./}"
}

# --- the run -------------------------------------------------------------------------------
say "starting stepwised $(uptime_s)"
fact "pan_before_daemon=$(pan)"
.build/debug/stepwised --cell Tests/Fixtures/hil/hil-cell.yaml --instructions WorkInstructions \
  --db "$WORK/quality.sqlite" --pseudonyms "$WORK/pseudonyms.sqlite" --mirror "$WORK/mirror.png" --no-console \
  >"$OUTLOG" 2>"$ERRLOG" &
PID=$!
t_start=$(now_ms)
limit=$(( t_start + 60000 ))
started=yes
until grep -q 'stepwised running' "$ERRLOG"; do
  kill -0 $PID 2>/dev/null && [ "$(now_ms)" -lt "$limit" ] || { say "FAIL daemon did not start"; started=no; break; }
  pause 0.02
done
if [ $started = no ]; then
  fact "daemon_start=failed"
  sed 's/^/HIL: daemon: /' "$ERRLOG" | head -40
  exit 1
fi
fact "daemon_start_ms=$(( $(now_ms) - t_start ))"
fact "pan_after_start=$(pan)"
dump_fb idle

run_cycle() {
  type_line HIL-0001 && wait_for "  login(  |$)" || return 1
  type_line LSL-40 && wait_for "  variant-selected(  |$)" || return 1
  lamps pick-housing; dump_fb pick-housing
  LAT=pick-housing beam 5 3 && step_done pick-housing || return 1
  lamps place-housing
  LAT=place-housing close_switch 17 && step_done place-housing || return 1
  lamps pick-board-40w
  LAT=pick-board-40w beam 6 && step_done pick-board-40w || return 1
  lamps insert-led-board
  LAT=insert-led-board press 0 && step_done insert-led-board || return 1
  lamps pick-driver
  LAT=pick-driver beam 19 && step_done pick-driver || return 1
  lamps fit-driver
  LAT=fit-driver press 0 && step_done fit-driver || return 1
  lamps connect-cable
  press 0 && step_done connect-cable || return 1
  lamps screw-board; dump_fb screw-board
  # Four screws, each a bounced relay contact: three must not finish the step, the fourth must.
  beam 24 3; beam 24 3; beam 24 3
  pause 0.5
  fact "screw_board_done_after_3=$(count '  step-done  .*  step screw-board')"
  beam 24 3 && step_done screw-board || return 1
  lamps place-gasket
  beam 21 && press 0 && step_done place-gasket || return 1
  lamps close-cover
  LAT=close-cover close_switch 22 && step_done close-cover || return 1
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

# Idle: CPU time over 5 s with nothing happening (utime+stime from /proc, in ticks), of the event
# loop thread (the real-time path) and of the whole process (log writer, PNG mirror included).
cpu() { local s; read -r s < "$1"; s=${s##*) }; set -- $s; echo $(( ${12} + ${13} )); }
l0=$(cpu /proc/$PID/task/$PID/stat); c0=$(cpu /proc/$PID/stat); t0=$(now_ms); pause 5
l1=$(cpu /proc/$PID/task/$PID/stat); c1=$(cpu /proc/$PID/stat); t1=$(now_ms)
fact "idle_cpu loop_ticks=$(( l1 - l0 )) ticks=$(( c1 - c0 )) hz=$(getconf CLK_TCK) ms=$(( t1 - t0 ))"

dump_fb end   # compared with the PNG mirror, which the daemon flushes when it stops
# SIGTERM must stop the daemon cleanly (exit 0, log drained) within 120 s (emulated CPU).
kill -TERM $PID; t_term=$(now_ms)
limit=$(( $(now_ms) + 30000 ))
while kill -0 $PID 2>/dev/null && [ "$(now_ms)" -lt "$limit" ]; do pause 0.05; done
kill -0 $PID 2>/dev/null && threads
limit=$(( $(now_ms) + 90000 ))
while kill -0 $PID 2>/dev/null && [ "$(now_ms)" -lt "$limit" ]; do pause 0.05; done
if kill -0 $PID 2>/dev/null; then
  say "FAIL daemon still running 120 s after SIGTERM"; threads
  kill -KILL $PID; fact "daemon_exit=hung"
else
  wait $PID; fact "daemon_exit=$?"; fact "stop_ms=$(( $(now_ms) - t_term ))"
fi
sqlite3 -separator ' ' "$WORK/quality.sqlite" \
  "select at_ns, kind, coalesce(step,'-'), coalesce(input,'-'), coalesce(detail,'-') from quality_record order by id" \
  > "$SHARE/records.txt"
.build/debug/stepwise report --db "$WORK/quality.sqlite" --json > "$SHARE/report.json" 2>"$SHARE/report.err"
cp "$WORK/quality.sqlite" "$WORK/mirror.png" "$SHARE/" 2>/dev/null
say "scenario done $(uptime_s)"
