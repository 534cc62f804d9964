# Sourced by scripts/hil/scenario.sh, inside the HIL guest: starting, watching and stopping the
# daemon (readiness markers, never fixed sleeps), systemd-udevd for hotplug, and the kernel trace
# the latency is measured from. Expects SHARE, WORK, fact/say/pause/now_ms.
OUTLOG=$SHARE/daemon.out     # plain appends: fine on 9p, and readable after a hang
ERRLOG=$SHARE/daemon.err
TRACE=/sys/kernel/tracing

count() { grep -cE "$1" "$OUTLOG" 2>/dev/null || true; }
# Where each daemon thread is blocked (for a failure report).
threads() {
  local t
  for t in /proc/$PID/task/*; do
    fact "thread $(cat $t/comm 2>/dev/null) wchan=$(cat $t/wchan 2>/dev/null) syscall=$(cut -d' ' -f1 $t/syscall 2>/dev/null)"
  done
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

# Debian's libusb learns of hotplug from udevd's netlink messages, not from the kernel's.
start_udevd() {
  /lib/systemd/systemd-udevd --daemon --resolve-names=never 2>>"$SHARE/udevd.err" || { say "FAIL systemd-udevd"; return 1; }
  local limit=$(( $(now_ms) + 60000 ))
  until udevadm control --ping 2>/dev/null; do
    [ "$(now_ms)" -lt "$limit" ] || { say "FAIL systemd-udevd did not answer within 60 s"; return 1; }
    pause 0.1
  done
  fact "udevd=running"
}

# The kernel's own clock for both ends of the latency: FBIOPAN_DISPLAY (0x4606) ioctls (the daemon
# panning a new page onto the screen) and f_hid writes (a report handed to the gadget), on
# CLOCK_MONOTONIC ("mono"), the clock of the GPIO edge stamps the daemon stores.
start_trace() {
  [ -d $TRACE/events ] || mount -t tracefs tracefs $TRACE 2>/dev/null
  echo mono > $TRACE/trace_clock && echo 4096 > $TRACE/buffer_size_kb &&
    echo 'cmd == 0x4606' > $TRACE/events/syscalls/sys_enter_ioctl/filter &&
    echo 1 > $TRACE/events/syscalls/sys_enter_ioctl/enable || { fact "trace=unavailable"; return 0; }
  # With the report's length and bytes 0 and 2 (button bits; a keyboard's key), so a press or an
  # Enter is told from the release written right after it.
  { echo 'p:hil/hidg_write usb_f_hid:f_hidg_write len=%dx:u32 b0=+u0(%si):u8 b2=+u2(%si):u8' >> $TRACE/kprobe_events ||
    echo 'p:hil/hidg_write usb_f_hid:f_hidg_write' >> $TRACE/kprobe_events; } &&
    echo 1 > $TRACE/events/hil/hidg_write/enable || fact "trace_hidg=unavailable"
  echo 1 > $TRACE/tracing_on
  fact "clock_offset_ns=$(out/hil/clocks)"
}
stop_trace() {
  echo 0 > $TRACE/tracing_on
  cp $TRACE/trace "$SHARE/trace.txt"
}

start_daemon() {
  say "starting stepwised $(uptime_s)"
  # A hung stop is dumped with SIGQUIT into the share and backtraced on the build machine.
  ulimit -c unlimited
  echo "$HIL_REPO/$SHARE/core.%p" > /proc/sys/kernel/core_pattern
  .build/debug/stepwised --cell Tests/Fixtures/hil/hil-cell.yaml --instructions WorkInstructions \
    --db "$WORK/quality.sqlite" --pseudonyms "$WORK/pseudonyms.sqlite" --mirror "$WORK/mirror.png" --no-console \
    >"$OUTLOG" 2>"$ERRLOG" &
  PID=$!
  fact "daemon_pid=$PID"
  local t_start limit
  t_start=$(now_ms); limit=$(( t_start + 120000 ))
  until grep -q 'stepwised running' "$ERRLOG"; do
    if ! kill -0 $PID 2>/dev/null || [ "$(now_ms)" -ge "$limit" ]; then
      say "FAIL daemon did not start"; fact "daemon_start=failed"
      sed 's/^/HIL: daemon: /' "$ERRLOG" | head -40
      return 1
    fi
    pause 0.02
  done
  fact "daemon_start_ms=$(( $(now_ms) - t_start ))"
}

# CPU time over N seconds with nothing happening (utime+stime from /proc, in ticks), of the event
# loop thread (the real-time path) and of the whole process (log writer, PNG mirror included).
idle_cpu() {
  cpu() { local s; read -r s < "$1"; s=${s##*) }; set -- $s; echo $(( ${12} + ${13} )); }
  local l0 c0 t0 l1 c1 t1 from=${EPOCHREALTIME/./}
  l0=$(cpu /proc/$PID/task/$PID/stat); c0=$(cpu /proc/$PID/stat); t0=$(now_ms); pause "$1"
  l1=$(cpu /proc/$PID/task/$PID/stat); c1=$(cpu /proc/$PID/stat); t1=$(now_ms)
  fact "idle_cpu loop_ticks=$(( l1 - l0 )) ticks=$(( c1 - c0 )) hz=$(getconf CLK_TCK) ms=$(( t1 - t0 )) from_us=$from"
}

# SIGTERM must stop the daemon cleanly (exit 0, log drained, mirror flushed) within 30 s
# (emulated CPU); a hang is dumped with SIGQUIT for a backtrace.
stop_daemon() {
  kill -TERM $PID
  local t_term limit
  t_term=$(now_ms); limit=$(( t_term + 30000 ))
  while kill -0 $PID 2>/dev/null && [ "$(now_ms)" -lt "$limit" ]; do pause 0.05; done
  if kill -0 $PID 2>/dev/null; then
    say "FAIL daemon still running 30 s after SIGTERM"; threads
    kill -QUIT $PID; limit=$(( $(now_ms) + 120000 ))
    while kill -0 $PID 2>/dev/null && [ "$(now_ms)" -lt "$limit" ]; do pause 0.2; done
    kill -KILL $PID 2>/dev/null; fact "daemon_exit=hung"
  else
    wait $PID; fact "daemon_exit=$?"; fact "stop_ms=$(( $(now_ms) - t_term ))"
  fi
}
