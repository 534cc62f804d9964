import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseFormats
import StepwiseLog
import StepwiseRuntime
import Testing

/// The real-time path without the loop: machine → renderer → file-backed framebuffer, log writer.
@Suite struct StationRuntimeTests {
    typealias Rig = DemoStation

    func rig(_ name: String = #function) throws -> Rig { try DemoStation(name) }

    func runCycle(_ rig: Rig, set: InstructionSet, start: Instant) -> Instant {
        var t = start
        func feed(_ event: StationEvent) {
            t = t.adding(seconds: 2)
            rig.station.handle(event, at: t)
        }
        feed(.login(WorkerPseudonym("w-test01"), skills: []))
        feed(.select(set.id, variant: set.variants.first?.id))
        for stage in set.stages(for: set.variants.first?.id) {
            for step in stage.steps { Activations.completing(step.completion).forEach { feed(.activated($0)) } }
        }
        return t
    }

    @Test func aCycleLandsInTheFramebufferFileAndTheLog() throws {
        let rig = try rig()
        rig.station.start(at: Instant(seconds: 1_800_000_000))
        let set = rig.definitions.instructionSets[0]
        _ = runCycle(rig, set: set, start: Instant(seconds: 1_800_000_000))
        rig.writer.flush()
        let kinds = try rig.log.records().map(\.kind)
        #expect(kinds.contains(.login))
        #expect(
            kinds.filter { $0 == .stepDone }.count == set.stages(for: set.variants.first?.id).flatMap(\.steps).count)
        #expect(kinds.contains(.cycleDone))
        let bytes = try Data(contentsOf: rig.framebuffer)
        let projector = rig.definitions.cell.projector
        let framebuffer = try #require(projector.framebuffer)
        #expect(bytes.count == framebuffer.bytesPerRow(width: projector.width) * projector.height)
        #expect(bytes.contains { $0 != 0 }, "something was projected")
        rig.writer.close()
    }

    @Test func skillIsHandedToTheLogAndSurvivesARestart() throws {
        let rig = try rig()
        let set = rig.definitions.instructionSets[0]
        _ = runCycle(rig, set: set, start: Instant(seconds: 1_800_000_000))
        rig.writer.flush()
        let skill = try rig.log.loadSkill(worker: WorkerPseudonym("w-test01"), instructionSet: set.id)
        #expect(skill?.cycles == 1)
        rig.writer.close()
    }

    @Test func lampsFollowThePickBinsOfTheCurrentStep() throws {
        let rig = try rig()
        let set = rig.definitions.instructionSets[0]
        let variant = set.variants.first?.id
        rig.station.handle(.login(WorkerPseudonym("w-test02"), skills: []), at: Instant(seconds: 1_800_000_000))
        rig.station.handle(.select(set.id, variant: variant), at: Instant(seconds: 1_800_000_001))
        guard let stage = set.stages(for: variant).first(where: { $0.steps.contains { !$0.bins.isEmpty } }) else {
            Issue.record("the shipped set has a pick step")
            return
        }
        // Walk to the pick stage, then compare lit outputs with the lamps of its bins.
        for earlier in set.stages(for: variant).prefix(while: { $0 != stage }) {
            for step in earlier.steps {
                Activations.completing(step.completion).forEach {
                    rig.station.handle(.activated($0), at: Instant(seconds: 1_800_000_010))
                }
            }
        }
        let expected = Set(stage.steps.flatMap(\.bins).compactMap { rig.definitions.cell.zone($0)?.lamp })
        #expect(expected.isSubset(of: rig.station.lamps.lit))
        rig.writer.close()
    }
}
