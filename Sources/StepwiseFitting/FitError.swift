/// Why a log cannot be fitted, in words a person can act on.
public enum FitError: Error, Equatable, CustomStringConvertible {
    case emptyLog
    case unknownSet(String, known: [String])
    case severalSets([String])
    case noStepRuns(set: String)
    case tooFewWorkers(Int, needed: Int)
    case unusableValue(String)

    public var description: String {
        switch self {
        case .emptyLog: "the quality log holds no records"
        case .unknownSet(let set, let known):
            "instruction set '\(set)' is not in the log; it holds \(known.joined(separator: ", "))"
        case .severalSets(let sets):
            "the log holds several instruction sets (\(sets.joined(separator: ", "))); choose one with --set"
        case .noStepRuns(let set): "the log holds no completed step runs of instruction set '\(set)'"
        case .tooFewWorkers(let count, let needed):
            "the log holds \(count) worker(s) with step runs; fitting needs at least \(needed) (held-out likelihood is cross-validated by worker)"
        case .unusableValue(let what): "the log holds an unusable value: \(what)"
        }
    }
}
