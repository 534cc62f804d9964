import CLinuxShims
import Glibc
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// Records what a double-buffered present asks of the driver.
final class RecordingFlipper: PageFlipper {
    var pans: [Int] = []
    var vsyncWaits = 0
    var refusesPan = false
    func pan(yoffset: Int) -> Int32 {
        if refusesPan {
            errno = EINVAL
            return -1
        }
        pans.append(yoffset)
        return 0
    }
    func waitForVsync() -> Int32 {
        vsyncWaits += 1
        return 0
    }
}

/// Double buffering by panning, on a two-page file standing in for the device's memory.
@Suite struct FramebufferPanningTests {
    let directory = makeTemporaryDirectory()
    let width = 64, height = 32

    func open(flipper: RecordingFlipper, framePeriod: UInt64) throws -> (Framebuffer, String) {
        let path = directory + "/fb-two-pages"
        let fd = Glibc.open(path, O_RDWR | O_CREAT, 0o644)
        let pageBytes = width * 4 * height
        #expect(ftruncate(fd, off_t(2 * pageBytes)) == 0)
        let memory = try mapShared(fd: fd, length: 2 * pageBytes, path: path).get()
        let geometry = FramebufferGeometry(
            width: width, height: height, bytesPerRow: width * 4, format: .xrgb8888, virtualHeight: 2 * height,
            canPan: true)
        let panning = Panning(flipper: flipper, framePeriodNanoseconds: framePeriod)
        return (
            Framebuffer(
                path: path, fd: fd, memory: memory, mappedLength: 2 * pageBytes, geometry: geometry,
                panning: panning, warnings: []), path
        )
    }

    /// Pixels of `page` that differ from the source (zero where the page is still black).
    func wrongPixels(_ bytes: [UInt8], page: Int, _ image: SourceImage, expected: [PixelRect]) -> Int {
        var wrong = 0
        for y in 0..<height {
            for x in 0..<width {
                let inside = expected.contains { $0.intersects(PixelRect(x: x, y: y, width: 1, height: 1)) }
                let word = bytes.word32(at: page * width * 4 * height + y * width * 4 + x * 4)
                if word != (inside ? image.pixel(x, y) : 0) { wrong += 1 }
            }
        }
        return wrong
    }

    @Test func eachPresentShowsTheOtherPageWithEverythingDrawnSoFar() throws {
        let flipper = RecordingFlipper()
        let (framebuffer, path) = try open(flipper: flipper, framePeriod: 0)
        let image = SourceImage()
        let first = PixelRect(x: 0, y: 0, width: 10, height: 10), second = PixelRect(x: 40, y: 20, width: 8, height: 8)
        try image.present(on: framebuffer, damage: [first]).get()
        #expect(flipper.pans == [height])
        #expect(wrongPixels(readBytes(path), page: 1, image, expected: [first]) == 0)
        try image.present(on: framebuffer, damage: [second]).get()
        #expect(flipper.pans == [height, 0])
        #expect(framebuffer.shownPage == 0)
        // Page 0 never saw the first present: it was caught up before being shown.
        #expect(wrongPixels(readBytes(path), page: 0, image, expected: [first, second]) == 0)
    }

    @Test func aPresentWaitsForVsyncOnlyWithinAFrameOfThePreviousPan() throws {
        let soon = RecordingFlipper()
        let (quick, _) = try open(flipper: soon, framePeriod: 3_600_000_000_000)
        let image = SourceImage()
        try image.present(on: quick, damage: [PixelRect(x: 0, y: 0, width: 4, height: 4)]).get()
        #expect(soon.vsyncWaits == 0, "nothing was panned before: the hidden page is not on screen")
        try image.present(on: quick, damage: [PixelRect(x: 8, y: 0, width: 4, height: 4)]).get()
        #expect(soon.vsyncWaits == 1, "the page panned away from a moment ago may still be scanned out")

        let later = RecordingFlipper()
        let (calm, _) = try open(flipper: later, framePeriod: 0)
        for x in [0, 8, 16] { try image.present(on: calm, damage: [PixelRect(x: x, y: 0, width: 4, height: 4)]).get() }
        #expect(later.vsyncWaits == 0, "presents more than a frame apart never wait")
        #expect(later.pans.count == 3)
    }

    @Test func aRefusedPanFallsBackToTheVisiblePage() throws {
        let flipper = RecordingFlipper()
        flipper.refusesPan = true
        let (framebuffer, path) = try open(flipper: flipper, framePeriod: 0)
        let image = SourceImage()
        let damage = PixelRect(x: 2, y: 2, width: 6, height: 6)
        try image.present(on: framebuffer, damage: [damage]).get()
        #expect(framebuffer.shownPage == 0)
        #expect(!framebuffer.geometry.canPan)
        #expect(framebuffer.warnings.contains { $0.message.contains("FBIOPAN_DISPLAY") })
        #expect(wrongPixels(readBytes(path), page: 0, image, expected: [damage]) == 0)
    }

    @Test func theFramePeriodComesFromTheModeTimings() {
        var mode = fb_var_screeninfo()
        (mode.xres, mode.yres) = (1920, 1080)
        (mode.left_margin, mode.right_margin, mode.hsync_len) = (148, 88, 44)
        (mode.upper_margin, mode.lower_margin, mode.vsync_len) = (36, 4, 5)
        mode.pixclock = 6734  // 148.5 MHz: 1080p60
        #expect((16_600_000...16_700_000).contains(Panning.framePeriod(mode)))
        mode.pixclock = 0
        #expect(Panning.framePeriod(mode) == 41_700_000)
    }
}
