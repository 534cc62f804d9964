import StepwiseCore
import Yams

/// The one place a projector's display backends are read from a cell file: each backend's
/// settings, its keys in the projector mapping, and how they become a `DisplaySource`. A new
/// backend is its settings, reader and entry here, its keys in the cell schema's projector object,
/// its adapter (a `DisplaySurface`) and one line in the runtime's `DisplayBackends`.
struct DisplayKind: Sendable {
    let kind: String
    /// The backend's keys in the projector mapping, next to the scene's (size, calibration, panel):
    /// where frames go (listed before the size) and their layout (after it).
    let targetKeys: [String]
    let layoutKeys: [String]
    let required: [String]
    /// Whether a projector mapping is for this backend.
    let selects: @Sendable (Fields) -> Bool
    /// Reads the backend's keys; the width is there to check a row's length when known.
    let read: @Sendable (CellReader, Fields, _ width: Int?) -> DisplaySource?

    static let all: [DisplayKind] = [
        DisplayKind(
            kind: FramebufferDisplaySettings.kind, targetKeys: ["device", "file"],
            layoutKeys: ["pixel-format", "stride"],
            required: ["pixel-format"], selects: { $0["device"] != nil || $0["file"] != nil }
        ) { $0.readFramebuffer($1, width: $2) }
    ]

    /// The backend a projector mapping is for; the first one (which says what is missing) when none.
    static func of(_ fields: Fields) -> DisplayKind { all.first { $0.selects(fields) } ?? all[0] }
}

/// A Linux framebuffer (fbdev) device, or a file with a framebuffer's exact memory layout.
public struct FramebufferDisplaySettings: DisplaySettings {
    public static let kind = "fbdev"
    public enum Target: Hashable, Sendable {
        /// A Linux framebuffer device such as `/dev/fb0`.
        case device(path: String)
        /// A file with a framebuffer's exact memory layout, for cells without a projector.
        case file(path: String)
    }
    public var target: Target
    public var pixelFormat: PixelFormat
    /// Bytes per row; nil means `width × bytesPerPixel`.
    public var stride: Int?

    public init(target: Target, pixelFormat: PixelFormat, stride: Int? = nil) {
        self.target = target
        self.pixelFormat = pixelFormat
        self.stride = stride
    }

    /// Bytes per row of a framebuffer `width` pixels wide.
    public func bytesPerRow(width: Int) -> Int { stride ?? width * pixelFormat.bytesPerPixel }

    /// The device or file, as faults name the projector before it could be opened.
    public var path: String {
        switch target {
        case .device(let path), .file(let path): path
        }
    }
}

extension Projector {
    /// The framebuffer settings, when the projector is shown through fbdev or a file.
    public var framebuffer: FramebufferDisplaySettings? {
        get { display.settings(as: FramebufferDisplaySettings.self) }
        set { if let newValue { display = DisplaySource(newValue) } }
    }
}

extension CellReader {
    func readFramebuffer(_ fields: Fields, width: Int?) -> DisplaySource? {
        let target = readFramebufferTarget(fields)
        let format = fields["pixel-format"].flatMap { reader.choice($0, "pixel-format", as: PixelFormat.self) }
        let stride = fields["stride"].flatMap { reader.integer($0, "stride", in: Limits.stride) }
        if let stride, let width, let format, stride < width * format.bytesPerPixel {
            reader.report(
                fields["stride"]?.mark, "stride \(stride) is shorter than a row of \(width) pixels",
                expected: "at least \(width * format.bytesPerPixel) bytes")
        }
        guard let target, let format else { return nil }
        return DisplaySource(FramebufferDisplaySettings(target: target, pixelFormat: format, stride: stride))
    }

    /// `device: /dev/fb0` or `file: path` (relative to this YAML file, or absolute).
    func readFramebufferTarget(_ fields: Fields) -> FramebufferDisplaySettings.Target? {
        switch (fields["device"], fields["file"]) {
        case (let device?, nil):
            guard let path = reader.string(device, "projector device", maxLength: 256) else { return nil }
            if let problem = DevicePaths.framebufferProblem(path) {
                reader.report(
                    device.mark, "projector device '\(Describe.clip(path))' \(problem)",
                    expected: "a framebuffer device under /dev such as /dev/fb0")
                return nil
            }
            return DevicePaths.normalized(path).map { .device(path: $0) }
        case (nil, let file?):
            guard let text = reader.string(file, "projector file", maxLength: 1024) else { return nil }
            let path = FormatPaths.resolve(text, relativeTo: self.file)
            if let problem = DevicePaths.frameFileProblem(path) {
                reader.report(
                    file.mark, "projector file '\(Describe.clip(text))' \(problem) (\(path))",
                    expected: "a regular file, or a path where the daemon can create one")
                return nil
            }
            return .file(path: path)
        case (.some, .some):
            reader.report(fields["file"]?.mark, "projector has both device and file", expected: "either device or file")
        case (nil, nil):
            reader.report(
                fields.mark, "projector has neither device nor file", expected: "device: /dev/fb0 or file: PATH")
        }
        return nil
    }

}

extension DisplaySource {
    /// The backends a cell file may name, as `DisplaySettings.kind` spells them, in the loader's order.
    public static var readableKinds: [String] { DisplayKind.all.map(\.kind) }
}
