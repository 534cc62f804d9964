import StepwiseCore
import StepwiseDevices
import StepwiseFormats

/// The one place a cell's projector becomes a display backend: a backend's settings (read by
/// `StepwiseFormats`) become its adapter's own configuration, opened as a `DisplaySurface`, and its
/// row in `stepwise devices`. A new backend (DRM/KMS) is its adapter, its settings and reader (one
/// entry in `DisplayKinds`), its keys in the cell schema and one line in `all`.
public enum DisplayBackends {
    static let all: [DisplayBackend] = [
        DisplayBackend(
            FramebufferDisplaySettings.self,
            open: { fbdev, projector, base in Framebuffer.open(fbdev.config(projector), relativeTo: base).map { $0 } },
            name: \.path, presence: { DevicePresence.framebuffer($0.config($1)) })
    ]

    /// Opens the projector's display through its backend.
    public static func open(_ projector: Projector, relativeTo baseDirectory: String?)
        -> Result<any DisplaySurface, DeviceError>
    {
        all.lazy.compactMap { $0.open(projector, baseDirectory) }.first
            ?? .failure(
                DeviceError(
                    device: "projector", kind: .unsupported,
                    message: "no backend shows displays of kind '\(projector.display.kind)'"))
    }

    /// The name faults give the projector before it could be opened.
    public static func name(of projector: Projector) -> String {
        all.lazy.compactMap { $0.name(projector) }.first ?? "projector"
    }

    /// The projector's row in `stepwise devices`.
    static func presence(of projector: Projector) -> PresenceLine {
        all.lazy.compactMap { $0.presence(projector) }.first
            ?? PresenceLine(
                subject: "projector", kind: .projector, present: false,
                detail: "no backend shows displays of kind '\(projector.display.kind)'")
    }
}

/// One backend: how its settings open, are named and are looked at.
struct DisplayBackend: Sendable {
    let kind: String
    /// Opens the projector; a relative file path is taken against `baseDirectory` (the cell file's folder).
    let open: @Sendable (Projector, _ baseDirectory: String?) -> Result<any DisplaySurface, DeviceError>?
    /// The name faults give the projector before it could be opened.
    let name: @Sendable (Projector) -> String?
    let presence: @Sendable (Projector) -> PresenceLine?

    init<Settings: DisplaySettings>(
        _ settings: Settings.Type,
        open: @escaping @Sendable (Settings, Projector, String?) -> Result<any DisplaySurface, DeviceError>,
        name: @escaping @Sendable (Settings) -> String,
        presence: @escaping @Sendable (Settings, Projector) -> PresenceLine
    ) {
        kind = Settings.kind
        self.open = { projector, base in projector.display.settings(as: Settings.self).map { open($0, projector, base) }
        }
        self.name = { $0.display.settings(as: Settings.self).map(name) }
        self.presence = { projector in projector.display.settings(as: Settings.self).map { presence($0, projector) } }
    }

}

extension FramebufferDisplaySettings {
    /// The adapter's configuration: these settings at the projector's size.
    public func config(_ projector: Projector) -> FramebufferConfig {
        let target: FramebufferConfig.Target =
            switch target {
            case .device(let path): .device(path: path)
            case .file(let path): .file(path: path)
            }
        return FramebufferConfig(
            target: target, width: projector.width, height: projector.height, pixelFormat: pixelFormat, stride: stride)
    }
}
