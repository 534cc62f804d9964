import StepwiseCore
import StepwiseDevices
import StepwiseFormats
import Testing

@testable import StepwiseRuntime

/// The backend table: every display kind a cell file may name is opened by one line of it, and a
/// kind without one is a projector fault, not a crash.
@Suite struct DisplayBackendsTests {
    struct UnknownDisplay: DisplaySettings { static let kind = "drm" }

    static func projector(_ display: some DisplaySettings) -> Projector {
        Projector(
            display: DisplaySource(display), width: 64, height: 32, calibration: Calibration(bench: [], projector: []),
            panel: Rect(x: 0, y: 0, width: 10, height: 10))
    }

    @Test func everyReadableKindHasOneBackend() {
        #expect(DisplaySource.readableKinds.sorted() == DisplayBackends.all.map(\.kind).sorted())
        #expect(Set(DisplayBackends.all.map(\.kind)).count == DisplayBackends.all.count)
    }

    @Test func aKindWithoutBackendIsAFault() {
        let projector = Self.projector(UnknownDisplay())
        guard case .failure(let error) = DisplayBackends.open(projector, relativeTo: nil) else {
            Issue.record("opened a display nobody shows")
            return
        }
        #expect(error.message.contains("no backend shows displays of kind 'drm'"))
        #expect(!DisplayBackends.presence(of: projector).present)
    }

    @Test func framebufferSettingsMeetTheProjectorsSize() {
        let fbdev = FramebufferDisplaySettings(target: .device(path: "/dev/fb1"), pixelFormat: .rgb565)
        let projector = Self.projector(fbdev)
        #expect(
            fbdev.config(projector)
                == FramebufferConfig(target: .device(path: "/dev/fb1"), width: 64, height: 32, pixelFormat: .rgb565))
        #expect(DisplayBackends.name(of: projector) == "/dev/fb1")
    }
}
