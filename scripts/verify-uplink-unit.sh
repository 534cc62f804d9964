#!/usr/bin/env bash
# Verifies systemd/stepwise-uplink.service against a built `stepwise` and starts the uplink as the
# unit does: the unit's user and UMask, stdin /dev/null, no terminal, the server's URL as a
# credential file, the log in a 0700 state folder. It must connect to the server, ship a station's
# records, and stop cleanly on SIGTERM.
# Needs STEPWISE_TEST_POSTGRES (run it through `scripts/postgres-test.sh run`).
set -euo pipefail
bin=$(realpath "${1:?usage: verify-uplink-unit.sh PATH-TO-stepwise}"); daemon=$(dirname "$bin")/stepwised
: "${STEPWISE_TEST_POSTGRES:?run through scripts/postgres-test.sh run}"
unit=systemd/stepwise-uplink.service
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
passed=0; failed=0
ok() { echo "ok: $1"; passed=$((passed+1)); }
fail() { echo "FAIL: $1"; failed=$((failed+1)); }

sed -e "s|^ExecStart=/usr/local/bin/stepwise|ExecStart=$bin|" "$unit" >"$work/stepwise-uplink.service"
if out=$(systemd-analyze verify "$work/stepwise-uplink.service" 2>&1) \
  && [ -z "$(grep -v 'Documentation' <<<"$out" | grep -iE 'error|unknown|invalid|failed' || true)" ]; then
  ok "systemd-analyze verify $unit"
else
  fail "systemd-analyze verify $unit"; echo "$out"
fi
score=$(systemd-analyze security --offline=true "$work/stepwise-uplink.service" 2>/dev/null \
  | grep -oE 'Overall exposure level.*: [0-9]+\.[0-9]+' | grep -oE '[0-9]+\.[0-9]+$' || true)
if [ -n "$score" ] && awk -v s="$score" 'BEGIN{exit !(s <= 2.0)}'; then
  ok "exposure $score <= 2.0"
else
  fail "exposure '${score:-unknown}' (want <= 2.0)"
fi

# A station's log with records, made by the real daemon replaying the demo trace, in a state
# folder owned by the unit's user as StateDirectory= makes it.
user=$(sed -n 's/^User=//p' "$unit"); umask=$(sed -n 's/^UMask=//p' "$unit")
getent passwd "$user" >/dev/null || { echo "the unit's user $user does not exist (make verify-systemd makes it)"; exit 1; }
mkdir -p "$work/state" "$work/credentials"
"$daemon" --cell Devices/demo-cell.yaml --db "$work/state/quality.sqlite" --no-watch --exit-after-replay \
  --replay WorkInstructions/traces/led-streetlight-40w.trace --speed 1000 </dev/null >"$work/daemon.log" 2>&1
printf '%s' "$STEPWISE_TEST_POSTGRES" >"$work/credentials/central.url"
chown -R "$user:$user" "$work/state" "$work/credentials"; chmod 0700 "$work/state"; chmod 0400 "$work/credentials/central.url"
install -m 0755 "$bin" "$work/stepwise"

start_as_unit() {
python3 - "$work" "$user" "$umask" <<'PY'
import os, pwd, signal, subprocess, sys, time
work, user, umask = sys.argv[1], sys.argv[2], int(sys.argv[3], 8)
entry = pwd.getpwnam(user)
db, url = os.path.join(work, "state", "quality.sqlite"), os.path.join(work, "credentials", "central.url")
env = {"CREDENTIALS_DIRECTORY": os.path.join(work, "credentials"), "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
       "HOME": entry.pw_dir, "USER": user, "LOGNAME": user}
status = lambda: subprocess.run([os.path.join(work, "stepwise"), "uplink", "status", "--db", db],
                                capture_output=True, text=True, user=entry.pw_uid, group=entry.pw_gid).stdout
with open(os.path.join(work, "uplink.log"), "wb") as log:
    uplink = subprocess.Popen([os.path.join(work, "stepwise"), "uplink", "--db", db, "--postgres-url-file", url],
                              stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True,
                              umask=umask, user=entry.pw_uid, group=entry.pw_gid)
deadline = time.monotonic() + 60  # a safety net for an uplink that never ships
while "pending: 0\n" not in status() and uplink.poll() is None and time.monotonic() < deadline:
    time.sleep(0.2)
shipped = status()
print("as %s, umask %04o, stdin /dev/null, no terminal; %s" % (user, umask, shipped.replace("\n", "; ")))
if "pending: 0\n" not in shipped or "acknowledged through row: 0\n" in shipped:
    uplink.kill(); uplink.wait(); print(open(os.path.join(work, "uplink.log")).read()); sys.exit(1)
uplink.send_signal(signal.SIGTERM)
code = uplink.wait(timeout=15)  # the unit's TimeoutStopSec
print("SIGTERM: exit code %d" % code)
if code != 0:
    print(open(os.path.join(work, "uplink.log")).read()); sys.exit(1)
PY
}
if out=$(start_as_unit 2>&1); then
  echo "$out" | sed 's/^/  /'; ok "the uplink started as the unit starts it, shipped the station's log and stopped cleanly"
else
  echo "$out" | sed 's/^/  /'; fail "the uplink as the unit starts it"
fi
echo "uplink unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
