/// A recorded (or written) sequence of station events, replayed by `stepwise simulate` and by
/// the daemon's replay source.
///
/// Text format, one event per line; `#` starts a comment, blank lines are ignored:
///
///     # seconds since trace start, non-decreasing
///     0.0   badge 4711                # a badge read: login
///     1.5   scan VAR-6                # a barcode: selects a variant (or a set by id)
///     1.5   select fixture-led six    # or choose set and variant directly
///     3.2   bin-a.pick                # an input became active (same as "bin-a.pick rise")
///     3.4   bin-a.pick fall           # accepted and ignored: only rises are activations
///     9.0   help
///     9.5   confirm
///     12.0  fault usb-1 usb reader unplugged    # device, kind (sensor|usb|projector|output|storage), message
///     14.0  fault-cleared usb-1
///     20.0  logout
///
/// Command words (`badge`, `scan`, `select`, `help`, `confirm`, `logout`, `fault`, `fault-cleared`)
/// are reserved: an input with such a name cannot be written in a trace. Lines end in LF, CRLF
/// or CR; a byte-order mark at the start is skipped. Times are at most 1,000,000,000 seconds.
public struct Trace: Hashable, Sendable {
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Parses a trace; `file` names it in error messages. With a `vocabulary`, an input, a set,
    /// a variant or a scanned code the station does not know is an error at its line and column.
    public init(parsing text: String, file: String = "<trace>", vocabulary: TraceVocabulary? = nil) throws(TraceError) {
        entries = try TraceParser(file: file, vocabulary: vocabulary).parse(text)
    }

    /// One line of a trace.
    public struct Entry: Hashable, Sendable {
        /// Seconds since the trace started.
        public var seconds: Double
        public var action: Action
        /// 1-based line in the trace text (0 for entries built in code).
        public var line: Int

        public init(seconds: Double, action: Action, line: Int = 0) {
            self.seconds = seconds
            self.action = action
            self.line = line
        }

        /// The station event of this entry; nil for a falling edge (not an activation).
        /// `pseudonym` turns a badge into a worker pseudonym; `skill` looks the worker's skill up.
        public func event(
            pseudonym: (String) -> WorkerPseudonym, skill: (WorkerPseudonym) -> WorkerSkill?
        ) -> StationEvent? {
            event(pseudonym: pseudonym, skills: { worker in skill(worker).map { [$0] } ?? [] })
        }

        /// The station event of this entry, a login with every stored skill of the worker (one
        /// per set of the cell, as the daemon signs a worker in).
        public func event(
            pseudonym: (String) -> WorkerPseudonym, skills: (WorkerPseudonym) -> [WorkerSkill]
        ) -> StationEvent? {
            switch action {
            case .input(let id, .rise): return .activated(id)
            case .input(_, .fall): return nil
            case .badge(let badge):
                let worker = pseudonym(badge)
                return .login(worker, skills: skills(worker))
            case .scan(let code): return .scanned(code)
            case .select(let set, let variant): return .select(set, variant: variant)
            case .help: return .help
            case .confirm: return .confirm
            case .logout: return .logout
            case .fault(let fault): return .fault(fault)
            case .faultCleared(let device): return .faultCleared(device: device)
            }
        }
    }

    public enum Edge: String, Hashable, Sendable { case rise, fall }

    public enum Action: Hashable, Sendable {
        case input(InputID, Edge)
        case badge(String)
        case scan(String)
        case select(InstructionSetID, VariantID?)
        case help
        case confirm
        case logout
        case fault(DeviceFault)
        case faultCleared(String)
    }
}

/// A located error in a trace: "FILE:LINE:COL: error: what; expected …".
public struct TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based column of the offending word.
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}
