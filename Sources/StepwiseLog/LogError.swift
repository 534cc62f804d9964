import StepwiseCore

/// What went wrong in the log, said so a person can act on it.
public enum LogError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The SQLite file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// The open log file is no longer at its path (deleted, renamed, or its directory moved).
    case fileMoved(path: String)
    /// A stored row does not decode to a record (a newer schema, or a hand-edited file).
    case unreadableRecord(id: Int64, reason: String)
    /// A stored skill's JSON does not decode to a `WorkerSkill`.
    case unreadableSkill(worker: WorkerPseudonym, instructionSet: InstructionSetID, reason: String)
    /// Stored display preferences do not decode to `WorkerPreferences`.
    case unreadablePreferences(worker: WorkerPseudonym, reason: String)
    /// Records could not be put in the spill file either.
    case cannotSpill(path: String, reason: String)
    /// The pseudonym registry ran out of fresh pseudonyms after many random draws.
    case noFreePseudonym(attempts: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the log '\(path)': \(reason); expected a writable SQLite file in an existing directory"
        case .fileMoved(let path):
            "the log file '\(path)' was moved, deleted or replaced while open; expected it to stay in place"
        case .unreadableRecord(let id, let reason):
            "quality record \(id) is unreadable: \(reason); expected a row written by this version of Stepwise"
        case .unreadableSkill(let worker, let set, let reason):
            "skill of \(worker) for \(set) is unreadable: \(reason); expected JSON of a WorkerSkill"
        case .unreadablePreferences(let worker, let reason):
            "preferences of \(worker) are unreadable: \(reason); expected JSON of WorkerPreferences"
        case .cannotSpill(let path, let reason):
            "cannot spill to '\(path)': \(reason); expected a writable folder with room (--spill)"
        case .noFreePseudonym(let attempts):
            "no unused pseudonym found in \(attempts) random draws; expected a registry with free pseudonyms"
        }
    }
}
