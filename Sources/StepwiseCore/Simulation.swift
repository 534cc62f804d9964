/// Plays a trace through a station machine exactly as the daemon would: each entry at its
/// instant, and a `.deadline` whenever the machine's wake-up falls before the next entry.
public enum Simulation {
    /// Hands each output (deadlines included) to `output` in order, keeping none: a long trace
    /// costs the memory of what the caller keeps. `skills` gives a worker's stored skills at
    /// each login, as the daemon's memory of the log does; the caller saves `output.skill`.
    /// Deadlines after the last entry are not played: the recording ended there.
    public static func play(
        cell: Cell, instructionSets: [InstructionSet], trace: Trace, start: Instant,
        pseudonym: (String) -> WorkerPseudonym, skills: (WorkerPseudonym) -> [WorkerSkill],
        output: (StationOutput) -> Void
    ) {
        var machine = StationMachine(cell: cell, instructionSets: instructionSets)
        var wakeUp: Instant?
        for entry in trace.entries {
            let at = start.adding(seconds: entry.seconds)
            // Events at the same instant as a deadline win: the worker acted in time.
            while let due = wakeUp, due < at {
                let result = machine.handle(TimedEvent(.deadline, at: due))
                output(result)
                // A machine asking for the same instant again would never advance: stop asking.
                wakeUp = result.wakeUp.flatMap { $0 > due ? $0 : nil }
            }
            guard let event = entry.event(pseudonym: pseudonym, skills: skills) else { continue }
            let result = machine.handle(TimedEvent(event, at: at))
            output(result)
            wakeUp = result.wakeUp
        }
    }

    /// The outputs, one per handled event (deadlines included), in order.
    public static func run(
        cell: Cell, instructionSets: [InstructionSet], trace: Trace, start: Instant,
        pseudonym: (String) -> WorkerPseudonym, skill: (WorkerPseudonym) -> WorkerSkill?
    ) -> [StationOutput] {
        var outputs: [StationOutput] = []
        play(
            cell: cell, instructionSets: instructionSets, trace: trace, start: start, pseudonym: pseudonym,
            skills: { worker in skill(worker).map { [$0] } ?? [] }, output: { outputs.append($0) })
        return outputs
    }

    /// Only the quality records of `run`, in order.
    public static func records(
        cell: Cell, instructionSets: [InstructionSet], trace: Trace, start: Instant,
        pseudonym: (String) -> WorkerPseudonym, skill: (WorkerPseudonym) -> WorkerSkill?
    ) -> [QualityRecord] {
        var records: [QualityRecord] = []
        play(
            cell: cell, instructionSets: instructionSets, trace: trace, start: start, pseudonym: pseudonym,
            skills: { worker in skill(worker).map { [$0] } ?? [] }, output: { records += $0.records })
        return records
    }
}
