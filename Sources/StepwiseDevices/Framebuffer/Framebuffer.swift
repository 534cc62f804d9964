import Glibc
import StepwiseCore

/// The projector's pixels: a Linux framebuffer device (`/dev/fbN`) or a file with a framebuffer's
/// exact memory layout. Both present through the same conversion and copy code.
///
/// Owned by one thread (the render/event thread); not `Sendable`.
public final class Framebuffer {
    /// The device or file path actually opened.
    public let path: String
    public private(set) var geometry: FramebufferGeometry
    /// Problems that did not stop the framebuffer (unblank, pan or vsync refused by the driver).
    public private(set) var warnings: [DeviceError] = []

    private let fd: Int32
    let memory: UnsafeMutableRawPointer
    private let mappedLength: Int
    /// fbdev panning state; nil for files and for devices without room for two pages.
    private var panning: Panning?
    /// The page (0 or 1) on screen now; without panning always the one at the memory's start.
    private var visiblePage = 0
    private var closed = false
    /// A file (not a device) can be truncated or deleted under the mapping; checked each present.
    private let isFile: Bool

    init(
        path: String, fd: Int32, memory: UnsafeMutableRawPointer, mappedLength: Int, geometry: FramebufferGeometry,
        panning: Panning?, warnings: [DeviceError], isFile: Bool = false
    ) {
        self.path = path
        self.fd = fd
        self.memory = memory
        self.mappedLength = mappedLength
        self.geometry = geometry
        self.panning = panning
        self.warnings = warnings
        self.isFile = isFile
    }

    deinit { close() }

    /// Opens the projector's target: a device path as is, a relative file path against
    /// `baseDirectory` (the cell file's folder).
    public static func open(_ config: FramebufferConfig, relativeTo baseDirectory: String?) -> Result<
        Framebuffer, DeviceError
    > {
        switch config.target {
        case .device(let path): openDevice(path: path)
        case .file(let path): openFile(path: resolve(path, against: baseDirectory), config: config)
        }
    }

    /// Puts the `damage` rectangles of `source` (cairo ARGB32, `geometry.width × height`) on
    /// screen. With panning, they go to the hidden page (with what that page missed of the
    /// previous present), which is then panned onto the screen; see `Panning` for when it waits
    /// for vsync. Without, they are copied to the visible page.
    public func present(argb32 source: UnsafeRawBufferPointer, sourceBytesPerRow: Int, damage: [PixelRect])
        -> Result<Void, DeviceError>
    {
        guard !closed else {
            return .failure(DeviceError(device: path, kind: .system, message: "closed; expected an open framebuffer"))
        }
        let needed = sourceBytesPerRow * (geometry.height - 1) + geometry.width * 4
        guard let base = source.baseAddress, sourceBytesPerRow >= geometry.width * 4, source.count >= needed else {
            return .failure(sourceMismatch(bytes: source.count, bytesPerRow: sourceBytesPerRow))
        }
        let rects = damage.map { $0.intersection(geometry.bounds) }.filter { !$0.isEmpty }
        guard !rects.isEmpty else { return .success(()) }
        if isFile, let changed = fileChanged() { return .failure(changed) }
        guard var pan = panning else {
            draw(rects, from: base, sourceBytesPerRow, page: visiblePage)
            return .success(())
        }
        let hidden = 1 - visiblePage
        if let late = pan.waitUntilHiddenPageIsOffScreen(now: Self.monotonicNow(), path: path) { warnings.append(late) }
        // The rectangles the hidden page missed, unless this damage covers them anyway.
        let missed = pan.catchUp.filter { old in !rects.contains { $0.intersection(old) == old } }
        draw(missed + rects, from: base, sourceBytesPerRow, page: hidden)
        if let failure = pan.show(page: hidden, height: geometry.height, now: Self.monotonicNow(), path: path) {
            warnings.append(failure)
            if pan.failed {
                panning = nil
                geometry.canPan = false
                draw(rects, from: base, sourceBytesPerRow, page: visiblePage)
                return .success(())
            }
        }
        pan.catchUp = rects
        panning = pan
        visiblePage = hidden
        return .success(())
    }

    /// A framebuffer file truncated under the mapping would kill the process with SIGBUS at the
    /// first store past its new end, and one deleted (or replaced) would be drawn where nobody
    /// reads. One `fstat` of the open file before each present tells both; the caller drops the
    /// mapping and reopens the path later. (A truncation between this check and the copy is
    /// still possible, in a window of one frame's copy.)
    private func fileChanged() -> DeviceError? {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .system(path, "fstat", errno: errno, expected: "the framebuffer file still open")
        }
        if info.st_nlink == 0 {
            return DeviceError(
                device: path, kind: .notFound,
                message: "the framebuffer file was deleted or replaced; expected it to stay while stepwised runs")
        }
        if Int(info.st_size) < mappedLength {
            return DeviceError(
                device: path, kind: .system,
                message: "the framebuffer file was truncated to \(info.st_size) bytes; expected \(mappedLength) "
                    + "(width × height × bytes per pixel) while stepwised runs")
        }
        return nil
    }

    /// The page (0 or 1) on screen now; always 0 without panning.
    var shownPage: Int { visiblePage }
    /// After `close()`: the memory is unmapped.
    var isClosed: Bool { closed }

    static func monotonicNow() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Unmaps and closes; presents afterwards fail. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        munmap(memory, mappedLength)
        Glibc.close(fd)
    }

    private func draw(_ rects: [PixelRect], from source: UnsafeRawPointer, _ sourceBytesPerRow: Int, page: Int) {
        let pageStart = memory + page * geometry.pageBytes
        for rect in rects {
            PixelTransfer.copy(
                rect, from: source, sourceBytesPerRow: sourceBytesPerRow, to: pageStart,
                destinationBytesPerRow: geometry.bytesPerRow, format: geometry.format,
                swapRedAndBlue: geometry.swapsRedAndBlue)
        }
    }

    private func sourceMismatch(bytes: Int, bytesPerRow: Int) -> DeviceError {
        DeviceError(
            device: path, kind: .unsupported,
            message: "source image has \(bytes) bytes at \(bytesPerRow) bytes per row; expected an ARGB32 image of "
                + "at least \(geometry.width)×\(geometry.height) pixels (\(geometry.width * 4) bytes per row or more)")
    }

    static func resolve(_ path: String, against baseDirectory: String?) -> String {
        guard let baseDirectory, !path.hasPrefix("/"), !baseDirectory.isEmpty else { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }
}

/// Maps `length` bytes of `fd` shared, so writes reach the device or file, with every page
/// already mapped writable: otherwise the first present to touch a page takes its fault (for a
/// file, block allocation too) on the event thread — measured at 4 ms for the first frames.
/// Kernels before 5.14 refuse MADV_POPULATE_WRITE; they fault lazily as before.
func mapShared(fd: Int32, length: Int, path: String) -> Result<UnsafeMutableRawPointer, DeviceError> {
    let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
    guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else {
        return .failure(.system(path, "mmap of \(length) bytes", errno: errno, expected: "mappable framebuffer memory"))
    }
    _ = madvise(address, length, MADV_POPULATE_WRITE)
    return .success(address)
}
