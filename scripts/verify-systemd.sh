#!/usr/bin/env bash
# Verifies systemd/stepwised.service against a built binary (systemd-analyze verify needs
# ExecStart to exist) and checks that the hardening keeps the exposure score at most 2.0.
set -euo pipefail
bin=$(realpath "${1:?usage: verify-systemd.sh PATH-TO-stepwised}")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sed -e "s|^ExecStart=/usr/local/bin/stepwised|ExecStart=$bin|" systemd/stepwised.service >"$work/stepwised.service"
# The unit names User=stepwise; verify would complain if the user does not exist on this machine.
getent passwd stepwise >/dev/null || systemd-sysusers systemd/stepwise.sysusers.conf 2>/dev/null || true
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
echo "systemd: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
