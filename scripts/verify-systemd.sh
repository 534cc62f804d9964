#!/usr/bin/env bash
# Verifies systemd/stepwised.service against a built binary (systemd-analyze verify needs
# ExecStart to exist) and checks that the hardening keeps the exposure score at most 2.0.
set -euo pipefail
bin=$(realpath "${1:?usage: verify-systemd.sh PATH-TO-stepwised}")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sed -e "s|^ExecStart=/usr/local/bin/stepwised|ExecStart=$bin|" systemd/stepwised.service >"$work/stepwised.service"
# The unit names User=stepwise; verify would complain if the user does not exist on this machine.
getent passwd stepwise >/dev/null || systemd-sysusers "$PWD/systemd/stepwise.sysusers.conf" 2>/dev/null || true
# Where systemd-sysusers cannot run (a container without systemd), make the same user by hand.
if ! getent passwd stepwise >/dev/null && [ "$(id -u)" = 0 ]; then
  useradd --system --user-group --no-create-home --home-dir /var/lib/stepwise --shell /usr/sbin/nologin \
    --comment "Stepwise station daemon" stepwise && { getent group video >/dev/null && usermod -aG video stepwise || true; }
fi
# The unit's configuration and state folders in scratch: the Pi cell as cell.yaml, the shipped
# sets, a 0700 state folder owned by the unit's user (as StateDirectory= makes it).
unit_value() { sed -n "s/^$1=//p" systemd/stepwised.service | head -1; }
prepare_folders() {  # $1 = base folder, $2 = user
  mkdir -p "$1/etc/Devices" "$1/state"
  cp Devices/pi-cell.yaml "$1/etc/Devices/cell.yaml"; cp -r WorkInstructions "$1/etc/"
  chmod -R a+rX "$1/etc"; chmod 0700 "$1/state"
  [ "$(id -u)" = 0 ] && chown "$2:$2" "$1/state"
  unit_value ExecStart | cut -d' ' -f2- | sed -e "s|/etc/stepwise|$1/etc|g" -e "s|/var/lib/stepwise|$1/state|g"
}

start_as_unit() {
  local user umask args
  user=$(unit_value User); umask=$(unit_value UMask)
  if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && [ -d /run/systemd/system ]; then
    start_under_systemd "$user"; return
  fi
  echo "systemd is not this machine's init ($(cat /proc/1/comm 2>/dev/null || echo unknown)): started with the unit's ExecStart arguments, User, UMask, stdin /dev/null, no terminal and a NOTIFY_SOCKET listener"
  if [ "$(id -u)" != 0 ]; then
    echo "not root: runs as $(id -un), not as the unit's user $user (switching users needs root)"; user=""
  elif ! getent passwd "$user" >/dev/null; then
    echo "the unit's user $user does not exist and could not be made: runs as root"; user=""
  fi
  chmod 0755 "$work"  # mktemp's 0700 would keep the unit's user out of its own configuration
  # Installed as the unit expects it, where that user may execute it: a clone in a private folder
  # (mktemp -d is 0700) keeps the unit's user out of the build tree.
  install -m 0755 "$bin" "$work/stepwised"; bin="$work/stepwised"
  args=$(prepare_folders "$work/unit" "${user:-$(id -un)}")
  # shellcheck disable=SC2086
  python3 - "$bin" "$umask" "$user" "$work/unit" $args <<'PY'
import os, pwd, signal, socket, subprocess, sys, time
binary, umask, user, base, args = sys.argv[1], int(sys.argv[2], 8), sys.argv[3], sys.argv[4], sys.argv[5:]
path = os.path.join(base, "notify")
listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
listener.bind(path); os.chmod(path, 0o666); listener.settimeout(0.2)
env = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "10000000", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
extra = {}
if user:
    entry = pwd.getpwnam(user)
    groups = [g for g in ("video",) if subprocess.run(["getent", "group", g], capture_output=True).returncode == 0]
    extra = dict(user=entry.pw_uid, group=entry.pw_gid, extra_groups=groups)
    env.update(HOME=entry.pw_dir, USER=user, LOGNAME=user)
with open(os.path.join(base, "stdout"), "wb") as out, open(os.path.join(base, "stderr"), "wb") as err:
    daemon = subprocess.Popen([binary] + args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                              start_new_session=True, umask=umask, **extra)
said = []
deadline = time.monotonic() + 60  # a safety net for a daemon that never answers
while not any("READY=1" in m for m in said) and daemon.poll() is None and time.monotonic() < deadline:
    try:
        said.append(listener.recv(4096).decode())
    except socket.timeout:
        pass
stderr = lambda: open(os.path.join(base, "stderr")).read()
ready = any("READY=1" in m for m in said)
print("pid %d as %s, umask %04o, session leader %s; notify socket got: %s"
      % (daemon.pid, user or pwd.getpwuid(os.getuid()).pw_name, umask, os.getsid(daemon.pid) == daemon.pid if daemon.poll() is None else "-",
         " | ".join(m.replace("\n", " ") for m in said) or "nothing"))
if not ready:
    daemon.kill(); daemon.wait(); print(stderr()); sys.exit(1)
daemon.send_signal(signal.SIGTERM)
code = daemon.wait(timeout=30)
db = os.path.join(base, "state", "quality.sqlite")
mode = os.stat(db).st_mode & 0o777 if os.path.exists(db) else None
print("SIGTERM: exit code %d; log %s" % (code, "mode %04o" % mode if mode is not None else "missing"))
if code != 0 or mode is None or mode & 0o077:
    print(stderr()); sys.exit(1)
PY
}

# Under systemd: the unit itself, with its folders moved aside (a drop-in), started and stopped.
start_under_systemd() {
  # The binary and configuration go where the unit may read and execute them (not /home, /tmp or /run).
  local name=stepwised-verify-$$ base=/var/lib/stepwised-verify-$$ args
  echo "systemd is this machine's init: the unit is started by systemd as $name.service"
  mkdir -p "$base"; cp "$bin" "$base/stepwised"
  args=$(prepare_folders "$base" "$1"); rmdir "$base/state"
  sed -e "s|^ExecStart=.*|ExecStart=$base/stepwised $args|" -e "s|^StateDirectory=.*|StateDirectory=$name-state|" \
      -e "s|^ConfigurationDirectory=.*||" systemd/stepwised.service |
    sed -e "s|$base/state|/var/lib/$name-state|g" >"/run/systemd/system/$name.service"
  systemctl daemon-reload
  local rc=0
  if systemctl start "$name.service"; then
    systemctl show -p ActiveState -p SubState -p MainPID "$name.service" | tr '\n' ' '; echo
    systemctl stop "$name.service"
    systemctl show -p Result -p ExecMainStatus "$name.service" | tr '\n' ' '; echo
    [ "$(systemctl show -p Result --value "$name.service")" = success ] || rc=1
  else
    rc=1; journalctl -u "$name.service" --no-pager -n 30 || true
  fi
  rm -f "/run/systemd/system/$name.service"; systemctl daemon-reload; rm -rf "$base" "/var/lib/$name-state"
  return $rc
}

passed=0; failed=0
if out=$(systemd-analyze verify "$work/stepwised.service" 2>&1) && [ -z "$(grep -v 'Documentation' <<<"$out" | grep -iE 'error|unknown|invalid|failed' || true)" ]; then
  echo "ok: systemd-analyze verify"; passed=$((passed+1))
else
  echo "FAIL: systemd-analyze verify"; echo "$out"; failed=$((failed+1))
fi
score=$(systemd-analyze security --offline=true "$work/stepwised.service" 2>/dev/null | grep -oE 'Overall exposure level.*: [0-9]+\.[0-9]+' | grep -oE '[0-9]+\.[0-9]+$' || true)
if [ -n "$score" ] && awk -v s="$score" 'BEGIN{exit !(s <= 2.0)}'; then
  echo "ok: exposure $score <= 2.0"; passed=$((passed+1))
else
  echo "FAIL: exposure '${score:-unknown}' (want <= 2.0)"; systemd-analyze security --offline=true "$work/stepwised.service" | grep -E '✗' | head -30; failed=$((failed+1))
fi
# Start the daemon as the unit does and wait for READY=1: under systemd itself when it is this
# machine's init, otherwise (a container) with the unit's ExecStart arguments, user, UMask,
# stdin /dev/null, no terminal and a NOTIFY_SOCKET listener.
if out=$(start_as_unit 2>&1); then
  echo "$out" | sed 's/^/  /'; echo "ok: the daemon started as the unit starts it, said READY=1 and stopped cleanly"; passed=$((passed+1))
else
  echo "$out" | sed 's/^/  /'; echo "FAIL: the daemon did not start as the unit starts it"; failed=$((failed+1))
fi
echo "systemd: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
