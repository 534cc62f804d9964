#!/usr/bin/env bash
# `make hil`: the whole hardware-in-the-loop chain with one global time limit (HIL_TOTAL_TIMEOUT,
# default 40 min) and the time each phase took. The downloads and gpio-sim.ko build
# (scripts/hil/install.sh) run while Swift builds the daemon and the CLI; then the guest boots
# (scripts/hil/run.sh, its own limit HIL_TIMEOUT).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
SWIFT=${SWIFT:-swift}
if [ -z "${HIL_WITHIN_LIMIT:-}" ]; then
  limit=${HIL_TOTAL_TIMEOUT:-2400}
  HIL_WITHIN_LIMIT=1 timeout --foreground "$limit" bash "$0" "$@" && exit 0
  rc=$?
  [ "$rc" = 124 ] && echo "hil: FAIL: the whole chain took longer than ${limit}s (HIL_TOTAL_TIMEOUT)" >&2
  exit "$rc"
fi
mkdir -p out/hil
t0=$(date +%s)
since() { echo $(( $(date +%s) - $1 )); }

bash scripts/hil/install.sh >out/hil/install.log 2>&1 &
install_pid=$!
t_build=$(date +%s)
$SWIFT build --product stepwised
$SWIFT build --product stepwise
build_s=$(since "$t_build")
if ! wait "$install_pid"; then
  cat out/hil/install.log >&2
  echo "hil: FAIL: scripts/hil/install.sh (log above, also in out/hil/install.log)" >&2
  exit 1
fi
cat out/hil/install.log
prepare_s=$(since "$t0")
t_run=$(date +%s)
status=0
bash scripts/hil/run.sh || status=$?
echo "hil: wall time $(since "$t0") s: swift build ${build_s} s and install (in parallel) done after ${prepare_s} s, guest + checks $(since "$t_run") s"
exit "$status"
