import StepwiseCore

/// The checks a name typed by a person passes before it is stored or looked up: the same on the
/// command line and in the dashboard's forms, so neither path accepts what the other refuses.
public enum InputCheck {
    /// The longest id, as in the instruction-set files.
    public static let maximumLength = 64

    /// The id grammar of the YAML files: 1–64 ASCII letters, digits, '.', '-', '_', starting with
    /// a letter or digit. Worker pseudonyms (`w-7f3a9c`) follow it too.
    public static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || isDigit(first),
            text.unicodeScalars.count <= maximumLength
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || isDigit($0) || "._-".unicodeScalars.contains($0))
        }
    }

    /// An instruction set id as typed; throws when it cannot be one.
    public static func instructionSet(_ text: String) throws(InputError) -> InstructionSetID {
        guard isIdentifier(text) else { throw .notAnIdentifier(what: "instruction set id", text: text) }
        return InstructionSetID(text)
    }

    /// A worker's pseudonym as typed; throws when it cannot be one.
    public static func worker(_ text: String) throws(InputError) -> WorkerPseudonym {
        guard isIdentifier(text) else { throw .notAnIdentifier(what: "worker pseudonym", text: text) }
        return WorkerPseudonym(text)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}

/// A typed name that was refused. The description quotes at most 40 characters of it, with
/// controls made visible, so an error message never carries the attack it refuses.
public enum InputError: Error, Equatable, CustomStringConvertible, Sendable {
    case notAnIdentifier(what: String, text: String)
    case unknownWorker(String)

    public var description: String {
        switch self {
        case .notAnIdentifier(let what, let text):
            "'\(Self.quote(text))' is not a valid \(what); expected 1–\(InputCheck.maximumLength) letters, digits, "
                + "'.', '-' or '_' starting with a letter or digit"
        case .unknownWorker(let worker):
            "no worker \(Self.quote(worker)) in the quality log; expected a pseudonym with records or skills "
                + "(--new-worker assigns one who has not worked yet)"
        }
    }

    static func quote(_ text: String) -> String {
        TerminalText.escaped(text.count > 40 ? String(text.prefix(40)) + "…" : text)
    }
}

extension DashboardStore {
    /// Whether the log has records or skills of `worker`.
    public func knowsWorker(_ worker: WorkerPseudonym) throws -> Bool {
        try workshop.knowsWorker(worker)
    }

    /// `stepwise user assign`: `worker` must be a pseudonym (and one the log knows unless
    /// `newWorker`), `coach` an existing coach's account.
    public func assign(worker text: String, toCoach coach: String, newWorker: Bool) throws {
        let worker = try InputCheck.worker(text)
        let known = try knowsWorker(worker)
        guard newWorker || known else { throw InputError.unknownWorker(worker.rawValue) }
        try assign(worker: worker, toCoach: coach)
    }
}
