import StepwiseCore
import StepwiseDevices

/// The projector's framebuffer, or its absence: a missing or failing device is a fault the
/// station shows and logs once, while sensors, log and lamps go on; it is re-opened later.
public struct ProjectorSurface {
    let projector: Projector
    let baseDirectory: String
    private var framebuffer: Framebuffer?
    /// The fault found when opening, reported once by the runtime.
    public private(set) var openFault: DeviceFault?

    init(projector: Projector, baseDirectory: String) {
        self.projector = projector
        self.baseDirectory = baseDirectory
        _ = reopen()
    }

    public var isFailed: Bool { framebuffer == nil }

    /// What the driver refused without stopping the projector (unblank, pan, vsync), for the log.
    public var warnings: [DeviceError] { framebuffer?.warnings ?? [] }

    public var deviceName: String {
        switch projector.target {
        case .device(let path), .file(let path): path
        }
    }

    /// Tries to open the framebuffer; true when it is there now.
    public mutating func reopen() -> Bool {
        switch Framebuffer.open(projector: projector, relativeTo: baseDirectory) {
        case .success(let fb):
            framebuffer = fb
            openFault = nil
            return true
        case .failure(let error):
            framebuffer = nil
            openFault = DeviceFault(device: deviceName, kind: .projector, message: "\(error)")
            return false
        }
    }

    /// Copies the damaged rectangles; a failing device is dropped and its fault returned.
    mutating func present(_ pixels: UnsafeRawBufferPointer, bytesPerRow: Int, damage: [PixelRect]) -> DeviceFault? {
        guard let fb = framebuffer else { return nil }
        guard case .failure(let error) = fb.present(argb32: pixels, sourceBytesPerRow: bytesPerRow, damage: damage)
        else { return nil }
        fb.close()
        framebuffer = nil
        return DeviceFault(device: deviceName, kind: .projector, message: "\(error)")
    }
}
