import StepwiseCore

/// The one place a cell's projector becomes a display backend. A new backend (DRM/KMS) is its
/// adapter conforming to `DisplaySurface` and one case here.
public enum DisplayBackends {
    /// Opens the projector's target: a device path as is, a relative file path against
    /// `baseDirectory` (the cell file's folder).
    public static func open(_ projector: Projector, relativeTo baseDirectory: String?)
        -> Result<any DisplaySurface, DeviceError>
    {
        switch projector.target {
        case .device(let path): Framebuffer.openDevice(path: path).map { $0 }
        case .file(let path):
            Framebuffer.openFile(path: Framebuffer.resolve(path, against: baseDirectory), projector: projector)
                .map { $0 }
        }
    }

    /// The name faults give the projector before it could be opened.
    public static func name(of projector: Projector) -> String {
        switch projector.target {
        case .device(let path), .file(let path): path
        }
    }
}
