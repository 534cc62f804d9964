import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// The station presents through `DisplaySurface` only: a backend in memory receives the frames,
/// and a backend that fails is a projector fault that clears when it opens again.
@Suite struct DisplaySurfaceTests {
    struct Rig {
        var station: StationRuntime
        var writer: QualityLogWriter
        var definitions: Definitions
    }

    func rig(_ name: String = #function, open: @escaping ProjectorSurface.Opener) throws -> Rig {
        let dir = try Repository.scratch(name)
        let definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        let log = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path)
        let writer = QualityLogWriter(log: log, onFault: { _ in })
        let station = try StationRuntime(
            definitions: definitions, baseDirectory: dir.path, writer: writer,
            lamps: LampOutputs(cell: definitions.cell), surface: ProjectorSurface(deviceName: "memory", open: open))
        return Rig(station: station, writer: writer, definitions: definitions)
    }

    @Test func theStationPresentsThroughTheSurface() throws {
        let projector = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get().cell.projector
        let surface = RecordingSurface(width: projector.width, height: projector.height)
        let rig = try rig { .success(surface) }
        let start = Instant(seconds: 1_800_000_000)
        rig.station.start(at: start)
        #expect(surface.presents.first == [PixelRect(x: 0, y: 0, width: projector.width, height: projector.height)])
        #expect(surface.pixels.contains { $0 != 0 }, "the first frame was drawn")
        rig.station.handle(.login(WorkerPseudonym("w-surface"), skills: []), at: start.adding(seconds: 1))
        #expect(surface.presents.count >= 2, "the login's frame was presented too")
        #expect(!rig.station.surface.isFailed)
        rig.writer.close()
    }

    @Test func aFailingSurfaceIsAProjectorFaultAndReopens() throws {
        let surface = RecordingSurface(width: 64, height: 32)
        var available = false
        let rig = try rig {
            available ? .success(surface) : .failure(DeviceError(device: "memory", kind: .notFound, message: "gone"))
        }
        #expect(rig.station.surface.isFailed)
        #expect(rig.station.surface.openFault?.device == "memory")
        #expect(rig.station.surface.openFault?.kind == .projector)
        available = true
        var projector = rig.station.surface
        let reopened = projector.reopen()
        #expect(reopened)
        #expect(!projector.isFailed && projector.openFault == nil)
        surface.failure = DeviceError(device: "memory", kind: .system, message: "unplugged")
        let pixels = [UInt8](repeating: 0, count: 64 * 32 * 4)
        let fault = pixels.withUnsafeBytes {
            projector.present($0, bytesPerRow: 64 * 4, damage: [PixelRect(x: 0, y: 0, width: 8, height: 8)])
        }
        #expect(fault?.kind == .projector && fault?.device == "memory")
        #expect(projector.isFailed && surface.isClosed)
        rig.writer.close()
    }
}
