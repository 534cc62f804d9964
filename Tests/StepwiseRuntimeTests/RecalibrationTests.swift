import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import Testing

/// A running station takes a new calibration from a reloaded cell file without a restart.
@Suite struct RecalibrationTests {
    @Test func aReloadedCalibrationMovesTheOverlaysAtOnce() throws {
        let demo = try DemoStation()
        let (station, definitions) = (demo.station, demo.definitions)
        defer { demo.writer.close() }
        let set = definitions.instructionSets[0]
        station.handle(.login(WorkerPseudonym("w-cal"), skills: []), at: Instant(seconds: 1_800_000_000))
        station.handle(.select(set.id, variant: set.variants.first?.id), at: Instant(seconds: 1_800_000_001))
        var shifted = definitions
        shifted.cell.projector.calibration.projector = definitions.cell.projector.calibration.projector.map {
            PointPX(x: $0.x + 30, y: $0.y + 20)
        }
        let damage = station.replace(shifted, at: Instant(seconds: 1_800_000_002)).presented
        #expect(
            damage == [PixelRect(x: 0, y: 0, width: 1280, height: 800)], "the whole frame is redrawn in the new map")
        let homography = try #require(shifted.cell.projector.calibration.homography)
        let zone = try #require(
            station.projectedScene.items.compactMap { item -> PolygonMM? in
                if case .zone(let polygon, _) = item.content { return polygon }
                return nil
            }.first, "a step shows at least one zone")
        // Midway along the zone's first edge, where only the new map puts it (30 px right, 20 px down of the old).
        let a = homography.apply(zone.points[0]), b = homography.apply(zone.points[1])
        let edge = station.renderer.withPixels { bytes -> UInt8 in
            let x = Int(((a.x + b.x) / 2).rounded()), y = Int(((a.y + b.y) / 2).rounded())
            let i = y * station.renderer.bytesPerRow + x * 4
            return max(bytes[i], bytes[i + 1], bytes[i + 2])
        }
        #expect(edge > 100, "the zone's edge is drawn where the new calibration puts it (\(edge))")
    }
}
