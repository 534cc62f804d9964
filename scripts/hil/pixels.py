"""Framebuffer pages and PNGs compared pixel by pixel (used by check.py).

PNGs are read with cairo (ctypes), the same library that drew them, so no Python packages are needed.
"""
import ctypes
import ctypes.util

W, H = 1920, 1080


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


def same_fraction(a, sa, b, sb, red_first):
    equal = 0
    for y in range(H):
        ra, rb = bytearray(a[y * sa: y * sa + W * 4]), b[y * sb: y * sb + W * 4]
        if red_first:
            ra[0::4], ra[2::4] = ra[2::4], ra[0::4]
        ra = bytes(ra)
        if ra == rb:
            equal += W
            continue
        equal += sum(1 for x in range(0, W * 4, 4) if ra[x:x + 3] == rb[x:x + 3])
    return equal / (W * H)
