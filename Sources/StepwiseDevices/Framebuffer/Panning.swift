import CLinuxShims
import Glibc
import StepwiseCore

/// The two fbdev calls a double-buffered present makes: the device's ioctls, or a recorder in tests.
protocol PageFlipper: AnyObject {
    /// Shows the page that starts at row `yoffset` of the virtual screen; 0, or -1 with errno set.
    func pan(yoffset: Int) -> Int32
    /// Waits for the next vertical blank; 0, or -1 with errno set.
    func waitForVsync() -> Int32
}

/// `FBIOPAN_DISPLAY` and `FBIO_WAITFORVSYNC` on an open framebuffer device.
final class DevicePageFlipper: PageFlipper {
    private let fd: Int32
    private var info: fb_var_screeninfo

    init(fd: Int32, info: fb_var_screeninfo) {
        self.fd = fd
        self.info = info
    }

    func pan(yoffset: Int) -> Int32 {
        info.xoffset = 0
        info.yoffset = UInt32(yoffset)
        return stepwise_fb_pan_display(fd, &info)
    }

    func waitForVsync() -> Int32 { stepwise_fb_wait_for_vsync(fd) }
}

/// Double buffering by panning: the screen shows one of two pages stacked in virtual memory.
///
/// A pan takes effect at the next vertical blank, so the page just left may be scanned out for
/// up to one more frame. Instead of waiting for that blank after every pan (which held the event
/// thread for up to a frame per event), the present returns right after the pan; the next
/// present waits for a blank only if it comes within one frame period of the last pan, and
/// then brings the hidden page up to date (`catchUp`) together with its own damage.
struct Panning {
    let flipper: any PageFlipper
    /// One display frame, from the mode's timings (or a conservative 24 Hz when the driver gives none).
    let framePeriodNanoseconds: UInt64
    var waitsForVsync = true
    /// Set when the driver refused a pan: the caller falls back to single buffering.
    var failed = false
    /// CLOCK_MONOTONIC of the last pan.
    var lastPan: UInt64?
    /// What the hidden page lacks: the damage of the present that made the other page visible.
    var catchUp: [PixelRect] = []

    /// Waits for a vertical blank if the hidden page may still be on screen; what went wrong, if anything.
    mutating func waitUntilHiddenPageIsOffScreen(now: UInt64, path: String) -> DeviceError? {
        guard waitsForVsync, let last = lastPan, now &- last < framePeriodNanoseconds else { return nil }
        guard flipper.waitForVsync() == 0 else {
            waitsForVsync = false
            return .system(
                path, "FBIO_WAITFORVSYNC", errno: errno, expected: "vsync support; now panning without waiting")
        }
        return nil
    }

    /// Pans `page` onto the screen. Returns what went wrong, if anything.
    mutating func show(page: Int, height: Int, now: UInt64, path: String) -> DeviceError? {
        guard flipper.pan(yoffset: page * height) == 0 else {
            failed = true
            return .system(
                path, "FBIOPAN_DISPLAY", errno: errno,
                expected: "panning within yres_virtual; now drawing to the visible page")
        }
        lastPan = now
        return nil
    }

    /// The frame period of a mode: pixel clock (picoseconds) times the total pixels of a frame.
    static func framePeriod(_ mode: fb_var_screeninfo) -> UInt64 {
        let columns = UInt64(mode.xres) + UInt64(mode.left_margin) + UInt64(mode.right_margin) + UInt64(mode.hsync_len)
        let rows = UInt64(mode.yres) + UInt64(mode.upper_margin) + UInt64(mode.lower_margin) + UInt64(mode.vsync_len)
        let picoseconds = UInt64(mode.pixclock) * columns * rows
        let period = picoseconds / 1000
        // No timings (many DRM fbdev emulations report pixclock 0) or nonsense: assume the slowest common mode.
        return (1_000_000...100_000_000).contains(period) ? period : 41_700_000
    }
}
