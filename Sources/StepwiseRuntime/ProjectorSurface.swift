import StepwiseCore
import StepwiseDevices

/// The projector's display surface, or its absence: a missing or failing device is a fault the
/// station shows and logs once, while sensors, log and lamps go on; it is re-opened later.
/// Which backend it is (fbdev, a framebuffer file) is decided where it is opened.
public struct ProjectorSurface {
    /// Opens the display; called at start and for each retry after a failure.
    public typealias Opener = () -> Result<any DisplaySurface, DeviceError>

    public let deviceName: String
    private let open: Opener
    private var display: (any DisplaySurface)?
    /// The fault found when opening, reported once by the runtime.
    public private(set) var openFault: DeviceFault?

    init(projector: Projector, baseDirectory: String) {
        self.init(deviceName: DisplayBackends.name(of: projector)) {
            DisplayBackends.open(projector, relativeTo: baseDirectory)
        }
    }

    /// A surface opened by `open` (another backend, or a fake in tests).
    public init(deviceName: String, open: @escaping Opener) {
        self.deviceName = deviceName
        self.open = open
        _ = reopen()
    }

    public var isFailed: Bool { display == nil }

    /// What the driver refused without stopping the projector (unblank, pan, vsync), for the log.
    public var warnings: [DeviceError] { display?.warnings ?? [] }

    /// Tries to open the display; true when it is there now.
    public mutating func reopen() -> Bool {
        switch open() {
        case .success(let opened):
            display = opened
            openFault = nil
            return true
        case .failure(let error):
            display = nil
            openFault = DeviceFault(device: deviceName, kind: .projector, message: "\(error)")
            return false
        }
    }

    /// Copies the damaged rectangles; a failing device is dropped and its fault returned.
    mutating func present(_ pixels: UnsafeRawBufferPointer, bytesPerRow: Int, damage: [PixelRect]) -> DeviceFault? {
        guard let display else { return nil }
        guard case .failure(let error) = display.present(argb32: pixels, sourceBytesPerRow: bytesPerRow, damage: damage)
        else { return nil }
        display.close()
        self.display = nil
        return DeviceFault(device: deviceName, kind: .projector, message: "\(error)")
    }
}
