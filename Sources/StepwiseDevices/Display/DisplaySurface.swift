import StepwiseCore

/// Where the station's frames appear: the projector behind fbdev, a file with a framebuffer's
/// layout, later a DRM/KMS plane. The renderer, calibration and the benchmark draw into their own
/// cairo ARGB32 image and hand a surface the damaged rectangles; the surface converts them to its
/// pixel format and flips pages where it can, so none of them knows which backend it presents to.
///
/// Owned by the thread that renders (the event thread); not `Sendable`.
public protocol DisplaySurface: AnyObject {
    /// The device or file, as faults and logs name it.
    var name: String { get }
    /// Visible pixels; the source image of `present` has at least this size.
    var width: Int { get }
    var height: Int { get }
    /// What the backend refused without stopping the display (unblank, pan, vsync), for the log.
    var warnings: [DeviceError] { get }
    /// Puts the `damage` rectangles of `source` (cairo ARGB32) on screen: drawn into the hidden
    /// page and flipped to where the backend double-buffers, drawn in place otherwise.
    func present(argb32 source: UnsafeRawBufferPointer, sourceBytesPerRow: Int, damage: [PixelRect])
        -> Result<Void, DeviceError>
    /// A copy of what is on screen now in the backend's own format, for a tool that borrows the
    /// display (calibration) to put back; empty once closed.
    func visiblePageBytes() -> [UInt8]
    /// Writes a `visiblePageBytes()` copy back; false when the size differs or it is closed.
    @discardableResult func restoreVisiblePage(_ bytes: [UInt8]) -> Bool
    /// Releases the device; presents afterwards fail. Safe to call twice.
    func close()
}

extension Framebuffer: DisplaySurface {
    public var name: String { path }
    public var width: Int { geometry.width }
    public var height: Int { geometry.height }
}
