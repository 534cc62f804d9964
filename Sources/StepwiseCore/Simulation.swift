/// Plays a trace through a station machine exactly as the daemon would: each entry at its
/// instant, and a `.deadline` whenever the machine's wake-up falls before the next entry.
public enum Simulation {
    /// The outputs, one per handled event (deadlines included), in order. Deadlines after the
    /// last entry are not played: the recording ended there.
    public static func run(
        cell: Cell, instructionSets: [InstructionSet], trace: Trace, start: Instant,
        pseudonym: (String) -> WorkerPseudonym, skill: (WorkerPseudonym) -> WorkerSkill?
    ) -> [StationOutput] {
        var machine = StationMachine(cell: cell, instructionSets: instructionSets)
        var outputs: [StationOutput] = []
        var wakeUp: Instant?
        for entry in trace.entries {
            let at = start.adding(seconds: entry.seconds)
            // Events at the same instant as a deadline win: the worker acted in time.
            while let due = wakeUp, due < at {
                let output = machine.handle(TimedEvent(.deadline, at: due))
                outputs.append(output)
                // A machine asking for the same instant again would never advance: stop asking.
                wakeUp = output.wakeUp.flatMap { $0 > due ? $0 : nil }
            }
            guard let event = entry.event(pseudonym: pseudonym, skill: skill) else { continue }
            let output = machine.handle(TimedEvent(event, at: at))
            outputs.append(output)
            wakeUp = output.wakeUp
        }
        return outputs
    }

    /// Only the quality records of `run`, in order.
    public static func records(
        cell: Cell, instructionSets: [InstructionSet], trace: Trace, start: Instant,
        pseudonym: (String) -> WorkerPseudonym, skill: (WorkerPseudonym) -> WorkerSkill?
    ) -> [QualityRecord] {
        run(cell: cell, instructionSets: instructionSets, trace: trace, start: start, pseudonym: pseudonym, skill: skill)
            .flatMap(\.records)
    }
}
