"""Event→frame latency of a HIL run, on the guest kernel's CLOCK_MONOTONIC (used by check.py).

Both ends are kernel timestamps:
- the event: for a GPIO input, the kernel's stamp of the edge that began the stable level, as the
  daemon stored it in the quality record (wall time; the guest's realtime−monotonic offset, measured
  by out/hil/clocks, turns it back into monotonic); for a USB input, the kernel trace's f_hid write
  of the report that the daemon received last before its record (the daemon stamps USB on arrival);
- the frame: the kernel trace's FBIOPAN_DISPLAY ioctl that put the next page on screen, i.e. the
  first pan after the daemon could have decided (GPIO: edge + debounce time; USB: its arrival stamp).
"""
import re

TRACE_LINE = re.compile(r"\s(\d+)\.(\d+): (sys_ioctl|hidg_write)")
REPORT = re.compile(r"len=(\w+) b0=(\w+) b2=(\w+)")


def is_press(line):
    """A report that makes an event: a button bit set (1-byte report) or a key down (keyboard).
    Releases and key-ups are written right after, so they must not count as the event."""
    m = REPORT.search(line)
    if not m:
        return True  # traced without arguments: every write counts
    length, b0, b2 = (int(v, 0) for v in m.groups())
    return b0 != 0 if length == 1 else b2 != 0


def trace_times(text):
    """(pans, presses): sorted monotonic nanoseconds of each traced pan and report press."""
    pans, writes = [], []
    for line in text.splitlines():
        m = TRACE_LINE.search(line)
        if not m:
            continue
        ns = int(m.group(1)) * 1_000_000_000 + int(m.group(2).ljust(9, "0")[:9])
        if m.group(3) == "sys_ioctl":
            pans.append(ns)
        elif is_press(line):
            writes.append(ns)
    return sorted(pans), sorted(writes)


def inputs_of(cell_text):
    """input id → ("gpio" | "usb", debounce ns) from the cell file's one-line input entries."""
    found = {}
    for m in re.finditer(r"\{id: ([\w.-]+), (gpio|usb): .*?\}(?:, debounce-ms: (\d+))?", cell_text):
        found[m.group(1)] = (m.group(2), int(m.group(3) or 0) * 1_000_000)
    return found


def first_at_or_after(times, t):
    return next((x for x in times if x >= t), None)


def last_at_or_before(times, t):
    return next((x for x in reversed(times) if x <= t), None)


def samples(records, offset_ns, pans, writes, inputs):
    """[(label, kind, latency ns)] for every step-done record, plus the USB reader's lines."""
    out = []
    for kind, step, input_id, at_ns in records:
        mono = at_ns - offset_ns
        if kind == "step-done" and inputs.get(input_id, ("?",))[0] == "gpio":
            source, debounce = inputs[input_id]
            event, decided = mono, mono + debounce
        elif kind in ("step-done", "login", "variant-selected") and (kind != "step-done" or input_id in inputs):
            source, event, decided = "usb", last_at_or_before(writes, mono), mono
        else:
            continue
        frame = first_at_or_after(pans, decided)
        if event is not None and frame is not None:
            out.append((step if step != "-" else kind, source, frame - event))
    return out


def percentile(values, p):
    """Nearest-rank percentile (for fewer than 100 values, p99 is the maximum)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary(values):
    ms = lambda ns: f"{ns / 1e6:.1f}"
    return f"n={len(values)} p50 {ms(percentile(values, 50))} ms, p99 {ms(percentile(values, 99))} ms, max {ms(max(values))} ms"
