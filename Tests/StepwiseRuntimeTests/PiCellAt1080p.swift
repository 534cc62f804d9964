import StepwiseTestSupport
import Foundation
@testable import StepwiseBench
@testable import StepwiseRuntime

/// The benchmark's station: the Raspberry-Pi cell and the shipped sets at 1920×1080, drawing into a
/// framebuffer file in `dir`.
func piCellAt1080p(in dir: URL) throws -> Definitions {
    let loaded = try Definitions.load(
        cellPath: Repository.path("Devices/pi-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
    ).get()
    return BenchStations.at1080p(loaded, framebuffer: dir.appendingPathComponent("fb.raw").path)
}
