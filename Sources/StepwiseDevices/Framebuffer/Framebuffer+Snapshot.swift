/// The visible page as raw device bytes: what a tool that borrows the projector (calibration)
/// saves before drawing and puts back when it is cancelled, so the station's last frame returns
/// without waiting for the daemon to redraw it.
extension Framebuffer {
    /// A copy of the page on screen now, in the device's own pixel format; empty once closed.
    public func visiblePageBytes() -> [UInt8] {
        guard !isClosed else { return [] }
        let start = memory + shownPage * geometry.pageBytes
        return Array(UnsafeRawBufferPointer(start: start, count: geometry.pageBytes))
    }

    /// Writes `bytes` (from `visiblePageBytes`) back to the page on screen now. Refused when the
    /// size differs (another geometry) or the framebuffer is closed.
    @discardableResult
    public func restoreVisiblePage(_ bytes: [UInt8]) -> Bool {
        guard !isClosed, bytes.count == geometry.pageBytes else { return false }
        let start = memory + shownPage * geometry.pageBytes
        bytes.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return true
    }
}
