#!/usr/bin/env python3
"""Judges a HIL run from what the guest left in out/hil/share (see scripts/hil/scenario.sh).

Usage: check.py SHARE_DIR [PREVIEW_PNG]. Prints one line per check and a summary; exits 1 on any failure.
PNGs are read with cairo (ctypes), the same library that drew them, so no Python packages are needed.
"""
import json, pathlib, re, sys

import latency
import pixels

share = pathlib.Path(sys.argv[1])
preview = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
results = []  # (ok, name, detail); ok None = measured only


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def text(name):
    p = share / name
    return p.read_text(errors="replace") if p.exists() else ""


facts = text("facts.txt").splitlines()
fact = {}
for line in facts:
    if "=" in line and " " not in line.split("=", 1)[0]:
        k, v = line.split("=", 1)
        fact[k] = v

# --- the run itself ---------------------------------------------------------------------------
markers = text("console-markers.txt")
check("HIL: scenario exit 0" in markers, "guest scenario finished", markers.strip().splitlines()[-1] if markers else "no console markers")
check(fact.get("daemon_start") != "failed", "stepwised started on the real devices", f"{fact.get('daemon_start_ms', '?')} ms to 'running'")
check(fact.get("cycle") == "complete", "whole cycle driven", fact.get("timeout", ""))
check(fact.get("daemon_exit") == "0", "SIGTERM stops the daemon cleanly", f"exit {fact.get('daemon_exit')}")

# --- USB endpoints match the cell file --------------------------------------------------------
cell = pathlib.Path("Tests/Fixtures/hil/hil-cell.yaml").read_text()
for itf, ep in re.findall(r'interface: (\d+), endpoint: "(0x[0-9a-f]+)"', cell):
    found = fact.get(f"usb_interface_{int(itf):02d}_in")
    check(found == ep, f"gadget interface {itf} interrupt-IN endpoint", f"cell {ep}, bus {found}")

# --- the quality log ----------------------------------------------------------------------------
records = [line.split(" ", 4)[1:] + [line.split(" ", 1)[0]] for line in text("records.txt").splitlines() if line]
# each record: [kind, step, input, detail, at_ns]
kinds = [r[0] for r in records]
done = [r[1] for r in records if r[0] == "step-done"]
expected = ["pick-housing", "place-housing", "pick-board-40w", "insert-led-board", "pick-driver", "fit-driver",
            "connect-cable", "screw-board", "place-gasket", "close-cover", "apply-label",
            "check-cover", "check-visual", "check-label"]
check("login" in kinds and "variant-selected" in kinds, "badge and variant scan through the USB keyboard", "login + variant-selected records")
check(done == expected, "step-done records, in order, once each", f"{len(done)}/{len(expected)}: {' '.join(done)}")
check(kinds.count("cycle-done") == 1, "cycle-done record", f"{kinds.count('cycle-done')} found")
faults = [(i, r[3]) for i, r in enumerate(records) if r[0] == "fault"]
cleared = [(i, r[3]) for i, r in enumerate(records) if r[0] == "fault-cleared"]
# Staged: the projector missing at start; the gadget unbound, which shows as the departure and, on
# this bus, first as bus errors (-EPROTO) on the transfers in flight; both only inside the unplug window.
unplug_window = (next((i for i, r in enumerate(records) if r[0] == "step-done" and r[1] == "insert-led-board"), -1),
                 next((i for i, r in enumerate(records) if r[0] == "step-done" and r[1] == "pick-driver"), -1))
def staged(i, d):
    usb = d.startswith(("button-box (usb): ", "badge-reader (usb): "))
    return d.startswith("/dev/fb0 (projector)") or (usb and unplug_window[0] < i < unplug_window[1])
unexpected = [d for i, d in faults if not staged(i, d)]
check(not unexpected, "no device faults but the staged ones (projector absent, gadget unplugged)", "; ".join(unexpected)[:300])
check(kinds.count("wrong-action") == 0, "no wrong actions from bounced edges", f"{kinds.count('wrong-action')} found")
try:
    report = json.loads(text("report.json"))
    check(bool(report), "stepwise report --json reads the log", f"{len(text('report.json'))} bytes")
except ValueError as error:
    check(False, "stepwise report --json reads the log", str(error))

# The input each step is finished with in scenario.sh (records do not name it).
DRIVEN = {"pick-housing": "bin-1.pick", "place-housing": "fixture.housing", "pick-board-40w": "bin-2.pick",
          "insert-led-board": "pedal.done", "pick-driver": "bin-4.pick", "fit-driver": "pedal.done",
          "connect-cable": "pedal.done", "screw-board": "torque.ok", "place-gasket": "pedal.done",
          "close-cover": "cover.closed", "apply-label": "pedal.done", "check-cover": "check.2",
          "check-visual": "check.1", "check-label": "check.3"}

# --- lamps and tool enable, read back from the sim's value files --------------------------------
want = {"pick-housing": "bin1", "pick-board-40w": "bin2", "pick-driver": "bin4", "screw-board": "bin5",
        "place-gasket": "bin6"}
for line in facts:
    if not line.startswith("lamps before="):
        continue
    values = dict(kv.split("=") for kv in line.split()[1:])
    step = values.pop("before")
    if step == "after-cycle":
        continue
    lit = sorted(k for k, v in values.items() if k.startswith("bin") and v == "1")
    expect = [want[step]] if step in want else []
    enable = values["torque_enable"] == "0"  # active-low relay driver
    check(lit == expect and enable == (step == "screw-board"), f"lamps at {step}",
          f"lit {lit or '-'}, torque.enable {'on' if enable else 'off'}")

# --- the projector absent at start, then appearing (vfb loaded late) ---------------------------------
fb_fault = next((i for i, d in faults if d.startswith("/dev/fb0")), None)
fb_clear = next((i for i, d in cleared if d == "/dev/fb0"), None)
check(fact.get("fb0_at_start") == "absent" and fb_fault is not None, "stepwised starts without /dev/fb0 and logs it as a fault",
      f"/dev/fb0 {fact.get('fb0_at_start')} at start; fault record {'found' if fb_fault is not None else 'missing'}")
check(int(fact.get("fb0_absent_records", 0)) >= 3, "without a projector, sensors and the log go on",
      f"{fact.get('fb0_absent_records', 0)} login/variant/step-done records while /dev/fb0 was absent")
check(fb_clear is not None and fb_clear > (fb_fault or 0), "the projector is picked up once it appears (fault-cleared)",
      "fault-cleared /dev/fb0 logged" if fb_clear is not None else "no fault-cleared record for /dev/fb0")

# --- USB hotplug: gadget unbound, then bound again ----------------------------------------------------
def index(kind, step=None, detail=None):
    return next((i for i, r in enumerate(records) if r[0] == kind and (step is None or r[1] == step)
                 and (detail is None or r[3].startswith(detail))), None)
gone = [index("fault", detail=f"{d} (usb): unplugged") for d in ("button-box", "badge-reader")]
back = [index("fault-cleared", detail=d) for d in ("button-box", "badge-reader")]
meanwhile, after = index("step-done", "pick-driver"), index("step-done", "fit-driver")
check(None not in gone, "unplugged gadget: a fault per USB device", f"fault records at {gone}")
check(None not in gone and meanwhile is not None and max(gone) < meanwhile and (None in back or meanwhile < min(back)),
      "while unplugged, GPIO steps and the log go on", "pick-driver done between unplug and replug")
check(None not in back and after is not None and max(back) < after, "replugged: both devices back, next button report finishes a step",
      f"fault-cleared at {back}, fit-driver done at {after}")

# --- bounced edge trains: exactly one activation each ------------------------------------------------------
cell_inputs = latency.inputs_of(cell)
line_debounce = {int(m.group(2)): int(m.group(3)) for m in
                 re.finditer(r"\{id: ([\w.-]+), gpio: \{chip: \w+, line: (\d+)[^}]*\}, debounce-ms: (\d+)", cell)}
trains = [(int(a), int(b), int(c)) for a, b, c in
          (re.search(r"line=(\d+) edges=(\d+) us=(\d+)", l).groups() for l in facts if l.startswith("bounce_train") and "us=" in l)]
inside = [t for t in trains if t[2] < line_debounce.get(t[0], 0) * 1000]
detail = f"{len(trains)} trains of {trains[0][1] if trains else '?'} edges, {len(inside)} within their debounce time, " + \
    (f"{min(t[2] for t in trains) / 1000:.2f}–{max(t[2] for t in trains) / 1000:.2f} ms" if trains else "")
outcome = fact.get("screw_board_done_after_3") == "0" and kinds.count("wrong-action") == 0 and done == expected
detail += f"; 3 torque trains left the 4-screw step open ({fact.get('screw_board_done_after_3')} done)"
if len(trains) == 8 and (len(inside) == len(trains) or outcome):
    check(outcome, "one activation per bounced edge train", detail)
else:  # a train longer than its debounce time may rightly count twice: no verdict on the debouncer then
    check(None, "one activation per bounced edge train: inconclusive (emulated CPU wrote trains too slowly)", detail)

# --- framebuffer ---------------------------------------------------------------------------------
W, H, STRIDE = pixels.W, pixels.H, 7680
# vfb's 32 bpp is XBGR8888 (red at offset 0): swap to compare with cairo's ARGB32 (blue first in memory).
RED_FIRST = fact.get("fb0_rgba", "").startswith("8/0,")
load_png = pixels.load_png
same_fraction = lambda a, sa, b, sb: pixels.same_fraction(a, sa, b, sb, RED_FIRST)
def fb(name):
    p = share / f"fb-{name}.raw"
    return p.read_bytes() if p.exists() and p.stat().st_size == STRIDE * H else None


final, mirror = fb("end"), share / "mirror.png"
if final is not None and mirror.exists():
    png = load_png(mirror)
    frac = same_fraction(final, STRIDE, png[0], png[1]) if png else 0
    check(frac == 1.0, "/dev/fb0 page on screen == the daemon's mirror PNG flushed at stop", f"{frac * 100:.3f}% equal pixels")
else:
    check(False, "/dev/fb0 page on screen == the daemon's mirror PNG flushed at stop", "fb-end.raw or mirror.png missing")
first = fb("place-housing")
if preview and preview.exists():
    png = load_png(preview)
    frac = same_fraction(first, STRIDE, png[0], png[1]) if png and first else 0
    check(frac >= 0.99, "/dev/fb0 once it appeared, at place-housing == `stepwise preview` (full guidance)",
          f"{frac * 100:.2f}% equal pixels")
pans = {l.split("pan=")[1] for l in facts if "pan=" in l and l.startswith("fb_dump")}
traced_pans = len(latency.trace_times(text("trace.txt"))[0])
check(traced_pans >= 14 and pans <= {"0,0", "0,1080"}, "daemon pans between two pages (FBIOPAN_DISPLAY)",
      f"{traced_pans} pans traced; pages on screen at the dumps: {sorted(pans)}")
err = text("daemon.err")
blank = re.search(r"FBIOBLANK[^\n]*", err)
check(None, "unblank (FBIOBLANK)", blank.group(0)[:160] if blank else "no warning: the driver accepted FBIOBLANK(UNBLANK)")

# --- measured ------------------------------------------------------------------------------------
pans_ns, writes_ns = latency.trace_times(text("trace.txt"))
offset = re.search(r"clock_offset_ns=(-?\d+)", "\n".join(facts))
if offset and pans_ns:
    # Only what happened with the projector there: before it, no frame could follow an event.
    timed = [(r[0], r[1], DRIVEN.get(r[1], "-"), int(r[4])) for i, r in enumerate(records) if i > (fb_clear or 0)]
    got = latency.samples(timed, int(offset.group(1)), pans_ns, writes_ns, cell_inputs)
    for source in ("gpio", "usb"):
        values = [ns for _, s, ns in got if s == source]
        if values:
            what = "GPIO edge kernel stamp" if source == "gpio" else "f_hid report write (kernel trace)"
            check(None, f"event→frame, {what} → FBIOPAN_DISPLAY, emulated CPU", latency.summary(values))
    check(len(got) >= 13, "event→frame measured for every step once the projector was there", f"{len(got)} samples: " +
          " ".join(f"{name} {ns / 1e6:.0f}" for name, _, ns in got))
else:
    check(False, "event→frame measured from the kernel trace", "no trace.txt or clock offset (tracefs in the guest?)")
m = re.search(r"idle_cpu loop_ticks=(\d+) ticks=(\d+) hz=(\d+) ms=(\d+) from_us=(\d+)", "\n".join(facts))
if m and offset:
    loop, ticks, hz, ms, since = map(int, m.groups())
    pct = lambda t: f"{t / hz * 1000 / ms * 100:.1f}%"
    start = since * 1000 - int(offset.group(1))
    frames = sum(1 for t in pans_ns if start <= t < start + ms * 1_000_000)
    check(None, "daemon CPU with no input (emulated CPU)", f"event loop thread {pct(loop)}, whole process {pct(ticks)} "
          f"over {ms / 1000:.1f} s, {frames} frames presented meanwhile (timed cues; each also PNG-encoded for the mirror)")
hang = share / "hang-backtrace.txt"
if hang.exists():
    check(None, "backtrace of the hung daemon", str(hang))

failed = [r for r in results if r[0] is False]
for ok, name, detail in results:
    mark = "PASS" if ok else ("FAIL" if ok is False else "INFO")
    print(f"  {mark}  {name}{': ' + detail if detail else ''}")
passed = sum(1 for r in results if r[0])
print(f"hil: {passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
