import Testing
import StepwiseCore
@testable import StepwiseEvaluation

/// The `stepwise` policy is the real station machine: its level trace comes from the machine's
/// own records and state.
@Suite struct StepwiseMachineTests {
    @Test func cleanCyclesFadeThroughTheRealMachine() {
        var policy = StepwiseMachine(task: Fixture.task, worker: "w")
        var now = 0.0
        policy.startSession(at: Fixture.run(at: now).start)
        var trace: [GuidanceLevel] = []
        for _ in 0..<4 {
            for step in Fixture.task.steps {
                trace.append(policy.level(of: step))
                policy.finish(Fixture.run(step.id, seconds: 10, at: now))
                now += 10
            }
            policy.endCycle(at: Fixture.run(at: now).start)
            now += StationMachine.cycleDonePause
        }
        #expect(trace == [.full, .full, .full, .full, .full, .full, .hint, .hint])
        #expect(policy.changes.count == 2 && policy.changes.allSatisfy { $0.detail?.hasPrefix("3 clean runs") == true })
        #expect(policy.skill.steps["a"]?.level == .hint && policy.skill.cycles == 4)
    }

    @Test func anErrorRaisesAndHelpShowsFull() {
        var policy = StepwiseMachine(task: Fixture.task, worker: "w", controls: CoachControls(floor: .silent))
        policy.startSession(at: Fixture.run().start)
        #expect(policy.levelAfterHelp(.silent) == .full)
        policy.finish(Fixture.run("a", seconds: 10, error: true))
        #expect(policy.changes.isEmpty, "already at full: nothing to raise")
        #expect(policy.machine.state.phase == .working)
    }

    @Test func theTaskBecomesAnInstructionSetWithItsGroup() {
        let task = SimulatedTask(steps: [
            .init(id: "p", targetSeconds: 4), .init(id: "x", targetSeconds: 2, group: "g"),
            .init(id: "y", targetSeconds: 2, group: "g"),
        ])
        let set = StepwiseMachine.instructionSet(for: task, policy: GuidancePolicy())
        #expect(set.stages(for: nil).map(\.steps.count) == [1, 2])
        #expect(set.stages(for: nil).last?.group == "g")
    }
}
