#!/usr/bin/env bash
# Measures what an idle station costs: starts stepwised on a scratch copy of the demo cell
# (no keyboard, nobody logged in), lets it settle, then reads the process's CPU time (utime +
# stime from /proc/PID/stat, in clock ticks) and the event-loop thread's wake-ups (its voluntary
# context switches: each return from epoll_wait is one) over a 10 s window.
# Expected: at most 1 tick and 0 wake-ups. Usage: scripts/measure-idle.sh [PATH-TO-stepwised] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  bin=.build/release/stepwised
  [ -x "$bin" ] || bin=.build/debug/stepwised
fi
window=${2:-10}
[ -x "$bin" ] || { echo "error: $bin not built; run: swift build" >&2; exit 1; }
work=$(mktemp -d)
cp -r Devices WorkInstructions "$work"/
mkdir -p "$work/out"   # the demo projector is a framebuffer file in out/
"$bin" --cell "$work/Devices/demo-cell.yaml" --db "$work/q.sqlite" --no-console --mirror "$work/out/projector.png" >/dev/null 2>"$work/stderr" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 3   # start-up: definitions, first frame, log opened

cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }          # utime + stime (fields 14, 15)
wakes() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$pid/task/$pid/status"; }  # the loop thread

cpu1=$(cpu); wake1=$(wakes)
sleep "$window"
cpu2=$(cpu); wake2=$(wakes)
ticks=$((cpu2 - cpu1)); wakeups=$((wake2 - wake1))
kill -TERM $pid; status=0; wait $pid || status=$?
woke=$(grep -oE 'event loop woke [0-9]+ times' "$work/stderr" || echo "event loop wake count not logged")
echo "idle ${window}s: CPU $ticks ticks (CLK_TCK $(getconf CLK_TCK); utime+stime $cpu1 -> $cpu2), event-loop wake-ups $wakeups; whole run: $woke"
[ "$status" -eq 0 ] || { echo "FAIL: stepwised did not stop cleanly on SIGTERM (exit $status)" >&2; exit 1; }
if [ "$ticks" -le 1 ] && [ "$wakeups" -eq 0 ]; then
  echo "ok: the idle daemon sleeps in epoll_wait"
else
  echo "FAIL: an idle daemon should use at most 1 tick and never wake its loop" >&2
  exit 1
fi
