#!/usr/bin/env python3
"""Judges a HIL run from what the guest left in out/hil/share (see scripts/hil/scenario.sh).

Usage: check.py SHARE_DIR [PREVIEW_PNG]. Prints one line per check and a summary; exits 1 on any failure.
PNGs are read with cairo (ctypes), the same library that drew them, so no Python packages are needed.
"""
import ctypes, ctypes.util, json, pathlib, re, sys

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
kinds = [r[0] for r in records]
done = [r[1] for r in records if r[0] == "step-done"]
expected = ["pick-housing", "place-housing", "pick-board-40w", "insert-led-board", "pick-driver", "fit-driver",
            "connect-cable", "screw-board", "place-gasket", "close-cover", "apply-label",
            "check-cover", "check-visual", "check-label"]
check("login" in kinds and "variant-selected" in kinds, "badge and variant scan through the USB keyboard", "login + variant-selected records")
check(done == expected, "step-done records, in order, once each", f"{len(done)}/{len(expected)}: {' '.join(done)}")
check(kinds.count("cycle-done") == 1, "cycle-done record", f"{kinds.count('cycle-done')} found")
faults = [" ".join(r) for r in records if r[0] == "fault"]
check(not faults, "no device faults logged", "; ".join(faults)[:300])
check(kinds.count("wrong-action") == 0, "no wrong actions from bounced edges", f"{kinds.count('wrong-action')} found")
try:
    report = json.loads(text("report.json"))
    check(bool(report), "stepwise report --json reads the log", f"{len(text('report.json'))} bytes")
except ValueError as error:
    check(False, "stepwise report --json reads the log", str(error))

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

# --- bounced edge trains -------------------------------------------------------------------------
trains = [l for l in facts if l.startswith("bounce_train line=24")]
us = [int(re.search(r"us=(\d+)", t).group(1)) for t in trains if re.search(r"us=(\d+)", t)]
debounce_us = 5000  # torque.ok's debounce-ms in Tests/Fixtures/hil/hil-cell.yaml
conclusive = len(us) == 4 and max(us) < debounce_us
detail = f"step-done after 3 pulses: {fact.get('screw_board_done_after_3')}; trains of 7 edges took " + \
    (f"{min(us) / 1000:.2f}–{max(us) / 1000:.2f} ms" if us else "?")
if conclusive or fact.get("screw_board_done_after_3") == "0":
    check(fact.get("screw_board_done_after_3") == "0", "3 bounced torque pulses do not finish a 4-screw step", detail)
else:
    check(None, "bounce check inconclusive (train longer than the 5 ms debounce)", detail)

# --- framebuffer ---------------------------------------------------------------------------------
W, H, STRIDE = 1920, 1080, 7680


def load_png(path):
    cairo = ctypes.CDLL(ctypes.util.find_library("cairo") or "libcairo.so.2")
    cairo.cairo_image_surface_create_from_png.restype = ctypes.c_void_p
    cairo.cairo_image_surface_create_from_png.argtypes = [ctypes.c_char_p]
    for f in ("get_width", "get_height", "get_stride"):
        getattr(cairo, f"cairo_image_surface_{f}").argtypes = [ctypes.c_void_p]
    cairo.cairo_image_surface_get_data.restype = ctypes.c_void_p
    cairo.cairo_image_surface_get_data.argtypes = [ctypes.c_void_p]
    surface = cairo.cairo_image_surface_create_from_png(str(path).encode())
    w, h = cairo.cairo_image_surface_get_width(surface), cairo.cairo_image_surface_get_height(surface)
    stride = cairo.cairo_image_surface_get_stride(surface)
    data = cairo.cairo_image_surface_get_data(surface)
    if not data or (w, h) != (W, H):
        return None
    return ctypes.string_at(data, stride * h), stride


def same_fraction(a, sa, b, sb):
    equal = 0
    for y in range(H):
        ra, rb = a[y * sa: y * sa + W * 4], b[y * sb: y * sb + W * 4]
        if ra == rb:
            equal += W
            continue
        equal += sum(1 for x in range(0, W * 4, 4) if ra[x:x + 3] == rb[x:x + 3])
    return equal / (W * H)


def fb(name):
    p = share / f"fb-{name}.raw"
    return p.read_bytes() if p.exists() and p.stat().st_size == STRIDE * H else None


idle = fb("idle")
check(idle is not None and idle.count(0) < len(idle) - W * H, "daemon drew its first frame on /dev/fb0",
      "idle page has non-black pixels" if idle else "no dump")
final, mirror = fb("end"), share / "mirror.png"
if final is not None and mirror.exists():
    png = load_png(mirror)
    # The mirror's alpha is 0xff where fb X is whatever; compare B,G,R only (fb X byte cleared by copy).
    frac = same_fraction(final, STRIDE, png[0], png[1]) if png else 0
    check(frac == 1.0, "/dev/fb0 page on screen == the daemon's mirror PNG flushed at stop", f"{frac * 100:.3f}% equal pixels")
else:
    check(False, "/dev/fb0 page on screen == the daemon's mirror PNG (last frame)", "fb-final.raw or mirror.png missing")
first = fb("pick-housing")
if first is not None and preview and preview.exists():
    png = load_png(preview)
    frac = same_fraction(first, STRIDE, png[0], png[1]) if png else 0
    check(frac >= 0.97, "/dev/fb0 at pick-housing matches `stepwise preview` (full guidance)", f"{frac * 100:.2f}% equal pixels")
pans = {l.split("pan=")[1] for l in facts if "pan=" in l and l.startswith("fb_dump")}
check(any(p.endswith(",1080") for p in pans) or len(pans) > 1, "daemon pans between two pages (FBIOPAN_DISPLAY)",
      f"pan offsets seen: {sorted(pans)}")
err = text("daemon.err")
blank = re.search(r"FBIOBLANK[^\n]*", err)
check(None, "unblank (FBIOBLANK)", blank.group(0)[:160] if blank else "no warning: the driver accepted FBIOBLANK(UNBLANK)")

# --- measured ------------------------------------------------------------------------------------
lat = [l for l in facts if l.startswith("latency")]
edge_ns = {r[1]: int(r[-1]) for r in records if r[0] == "step-done"}
for l in lat:
    name, t0, t1 = re.search(r"name=(\S+) t0_us=(\d+) t1_us=(\S+)", l).groups()
    if not t1.isdigit():
        check(False, f"event→frame {name}", "no new frame within 10 s")
        continue
    kernel = f", kernel edge timestamp→frame {(int(t1) * 1000 - edge_ns[name]) / 1e6:.1f} ms" if name in edge_ns else ""
    check(None, f"event→frame {name}", f"write→pan {(int(t1) - int(t0)) / 1000:.1f} ms{kernel}")
m = re.search(r"idle_cpu loop_ticks=(\d+) ticks=(\d+) hz=(\d+) ms=(\d+)", "\n".join(facts))
if m:
    loop, ticks, hz, ms = map(int, m.groups())
    pct = lambda t: f"{t / hz * 1000 / ms * 100:.1f}%"
    check(None, "daemon CPU after the cycle (emulated CPU)", f"event loop thread {pct(loop)}, whole process {pct(ticks)} over {ms / 1000:.1f} s")

failed = [r for r in results if r[0] is False]
for ok, name, detail in results:
    mark = "PASS" if ok else ("FAIL" if ok is False else "INFO")
    print(f"  {mark}  {name}{': ' + detail if detail else ''}")
passed = sum(1 for r in results if r[0])
print(f"hil: {passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
