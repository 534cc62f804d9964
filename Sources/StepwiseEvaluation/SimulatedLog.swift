import StepwiseCore

/// The quality log a population would leave behind: every record the shipped station machine
/// logs while each worker works their schedule under the stepwise policy. What `stepwise fit`
/// reads from a real station, made from learners whose parameters are known.
public enum SimulatedLog {
    public static func records(
        _ population: Population, seed: UInt64, guidance: GuidancePolicy = .init()
    ) -> [QualityRecord] {
        population.workers.enumerated().flatMap { index, profile in
            var machine = StepwiseMachine(
                task: population.task, worker: profile.name, controls: CoachControls(floor: profile.floor),
                policy: guidance)
            machine.recording = true
            _ = Evaluation.simulate(profile, in: population, controller: &machine, seed: seed, index: UInt64(index))
            return machine.records
        }
    }
}
