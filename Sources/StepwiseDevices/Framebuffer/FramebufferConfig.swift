import StepwiseCore

/// What opening a framebuffer needs: where it is and, for a file, the memory layout to give it.
/// Made by the runtime from the cell's fbdev display settings; the adapter never sees the cell file.
public struct FramebufferConfig: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        /// A Linux framebuffer device such as `/dev/fb0`.
        case device(path: String)
        /// A file with a framebuffer's exact memory layout, for cells without a projector.
        case file(path: String)
    }
    public var target: Target
    public var width: Int
    public var height: Int
    public var pixelFormat: PixelFormat
    /// Bytes per row; nil means `width × bytesPerPixel`.
    public var stride: Int?

    public init(target: Target, width: Int, height: Int, pixelFormat: PixelFormat, stride: Int? = nil) {
        self.target = target
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.stride = stride
    }

    public var bytesPerRow: Int { stride ?? width * pixelFormat.bytesPerPixel }

    /// The device or file, as faults name the projector before it could be opened.
    public var path: String {
        switch target {
        case .device(let path), .file(let path): path
        }
    }
}
