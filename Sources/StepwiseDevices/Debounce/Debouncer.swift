import StepwiseCore

/// Turns one input's raw edges into clean state changes. Pure value: time arrives with each edge.
///
/// Rule: a level change counts only once it has persisted for the debounce time, so a bouncing
/// reed switch (many edges within a few ms) gives one activation and a glitch shorter than the
/// debounce time gives none. Deciding needs a deadline: after each `feed`, arm a timer for
/// `nextDeadline` and call `settle(at:)` when it fires. An input active longer than
/// `stuckAfterSeconds` is reported `.stuck` once and `.released` when it finally goes inactive.
public struct Debouncer: Hashable, Sendable {
    public enum Change: Hashable, Sendable {
        /// The input became active; `at` is the edge that began the stable level.
        case activated(at: MonotonicInstant)
        case deactivated(at: MonotonicInstant)
        /// Active for longer than the stuck time (a jammed sensor or a part left in the beam).
        case stuck(since: MonotonicInstant)
        /// A stuck input went inactive again (after its `.deactivated`).
        case released(at: MonotonicInstant)
    }

    public let debounceNanoseconds: UInt64
    public let stuckAfterNanoseconds: UInt64?
    /// The debounced level.
    public private(set) var level: Bool
    /// When `level` began (the edge that started it).
    public private(set) var levelSince: MonotonicInstant
    /// The raw level as last fed, and since when.
    private var raw: Bool
    private var rawSince: MonotonicInstant
    private var stuckReported = false

    public init(
        debounceMilliseconds: Double, stuckAfterSeconds: Double? = nil, initialLevel: Bool = false,
        at start: MonotonicInstant = MonotonicInstant(nanoseconds: 0)
    ) {
        debounceNanoseconds = Nanoseconds.clamping(debounceMilliseconds, unit: Nanoseconds.perMillisecond)
        stuckAfterNanoseconds = stuckAfterSeconds.map { Nanoseconds.clamping($0, unit: Nanoseconds.perSecond) }
        level = initialLevel
        levelSince = start
        raw = initialLevel
        rawSince = start
    }

    /// The next instant at which `settle(at:)` may change something, or nil when nothing waits.
    public var nextDeadline: MonotonicInstant? {
        if raw != level { return rawSince.adding(nanoseconds: debounceNanoseconds) }
        if level, !stuckReported, let stuck = stuckAfterNanoseconds { return levelSince.adding(nanoseconds: stuck) }
        return nil
    }

    /// A raw edge (or level report) from the device at `instant`; instants must not go back.
    public mutating func feed(level newLevel: Bool, at instant: MonotonicInstant) -> [Change] {
        var changes = settle(at: instant)
        if newLevel != raw {
            raw = newLevel
            rawSince = instant
        }
        changes += settle(at: instant)  // a zero debounce time accepts at once
        return changes
    }

    /// Applies every deadline up to `instant`, each at its own time, so the result does not
    /// depend on how late the timer fired.
    public mutating func settle(at instant: MonotonicInstant) -> [Change] {
        var changes: [Change] = []
        while let deadline = nextDeadline, deadline <= instant {
            if raw != level {
                changes += accept()
            } else {
                stuckReported = true
                changes.append(.stuck(since: levelSince))
            }
        }
        return changes
    }

    private mutating func accept() -> [Change] {
        level = raw
        levelSince = rawSince
        if level {
            stuckReported = false
            return [.activated(at: levelSince)]
        }
        defer { stuckReported = false }
        return stuckReported
            ? [.deactivated(at: levelSince), .released(at: levelSince)] : [.deactivated(at: levelSince)]
    }
}
