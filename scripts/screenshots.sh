#!/usr/bin/env bash
# `make screenshots`: a quality log made from the demo trace, three accounts, `stepwise serve`,
# a sign-in per role with curl, and a headless Chromium screenshot of every page in
# out/screenshots/. The pages are saved as served (they have no external scripts, fonts or
# images) and Chromium renders the saved files: headless Chromium cannot be handed a cookie.
set -euo pipefail
BIN=${BIN:-.build/debug/stepwise}
OUT=out/screenshots
PORT=${PORT:-18471}
PASSWORD='screenshot password 1'
command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }
rm -rf "$OUT" && mkdir -p "$OUT/html"
WORK=$(mktemp -d)
DB=$WORK/quality.sqlite
# The demo trace up to the middle of cycle 5, then a reader fault: the cells page then has
# something to show (a worker at a step, an open fault).
TRACE=$WORK/live.trace
awk '/cycle 4 done/ { n = NR } n && NR > n + 6 { exit } { print }' \
    WorkInstructions/traces/led-streetlight-40w.trace >"$TRACE"
echo "430.0 fault usb-1 usb barcode reader unplugged" >>"$TRACE"
"$BIN" simulate WorkInstructions/led-streetlight.yaml --trace "$TRACE" --db "$DB" >/dev/null
for account in cora:coach erik:engineer mara:manager; do
    echo "$PASSWORD" | "$BIN" user add "${account%%:*}" --role "${account##*:}" --db "$DB" >/dev/null
done
"$BIN" user assign cora w-sim-1 --db "$DB" >/dev/null
"$BIN" serve --db "$DB" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.2; done
BASE=http://127.0.0.1:$PORT

# Signs in as $1 with a cookie jar of its own.
sign_in() {
    local token
    token=$(curl -fs -c "$WORK/$1.cookies" "$BASE/login" | sed -n 's/.*name="login" value="\([^"]*\)".*/\1/p')
    curl -fs -b "$WORK/$1.cookies" -c "$WORK/$1.cookies" -o /dev/null --data-urlencode "login=$token" \
        --data-urlencode "name=$1" --data-urlencode "password=$PASSWORD" "$BASE/login"
}
# Saves page $3 as $1 sees it under the name $2.
save() { curl -fs -b "$WORK/$1.cookies" "$BASE$3" >"$OUT/html/$2.html"; }

curl -fs "$BASE/login" >"$OUT/html/login.html"
sign_in cora; sign_in erik; sign_in mara
save cora cells-coach /cells
save cora workers /workers
save cora worker /workers/w-sim-1
save cora hotspots-coach /sets/led-streetlight
UNIT=$(grep -o 'href="/units/[^"]*"' "$OUT/html/hotspots-coach.html" | tail -1 | cut -d'"' -f2)
save cora unit-coach "$UNIT"
save erik sets /sets
save erik hotspots-engineer /sets/led-streetlight
save erik unit-engineer "$UNIT"
save mara cells-manager /cells
save mara days /days
save mara audit /audit

for html in "$OUT"/html/*.html; do
    name=$(basename "$html" .html)
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1800 \
        --screenshot="$OUT/$name.png" "file://$PWD/$html" >/dev/null 2>&1
done
ls "$OUT"/*.png
