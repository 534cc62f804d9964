import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseDevices
import StepwiseLog
import StepwiseRuntime

/// The shipped demo cell and sets as a station on a scratch framebuffer file and quality log:
/// the real-time path (machine → renderer → framebuffer, log writer) without the event loop.
struct DemoStation {
    var station: StationRuntime
    var writer: QualityLogWriter
    var log: QualityLog
    var framebuffer: URL
    var definitions: Definitions

    init(_ name: String = #function) throws {
        let dir = try Repository.scratch(name)
        definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        framebuffer = dir.appendingPathComponent("fb.raw")
        definitions.cell.projector.framebuffer?.target = .file(path: framebuffer.path)
        log = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path)
        writer = QualityLogWriter(log: log, onFault: { _ in })
        station = try StationRuntime(
            definitions: definitions, baseDirectory: dir.path, writer: writer,
            lamps: LampOutputs(cell: definitions.cell))
    }
}
