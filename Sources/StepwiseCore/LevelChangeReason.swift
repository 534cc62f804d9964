/// Why a step's guidance level changed, as a code the log stores and any reader translates.
///
/// The numbers that go with a code travel beside it (`LevelChangeCause`), so a dashboard, a
/// report or a central store can count, filter and translate without parsing a sentence.
public enum LevelChangeReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// Clean, on-tempo runs in a row (count) with the mastery estimate they left (ratio): a fade.
    case cleanRuns = "clean-runs"
    /// As `clean-runs`, after more runs than usual: an earlier fade of this step went wrong.
    case cleanRunsAgain = "clean-runs-again"
    /// Runs in a row without trouble but off tempo (count) with a solid mastery estimate (ratio):
    /// one level less is tried, because guidance itself may be what keeps the worker off tempo.
    case trialFade = "trial-fade"
    /// Slow runs in a row (count), at least this share of the target time (ratio).
    case slowRuns = "slow-runs"
    /// The mastery estimate fell below the raise threshold (ratio: the estimate).
    case mastery
    /// Wrong actions in the run (count).
    case errors
    /// The worker pressed help during the run.
    case helpAsked = "help-asked"
    /// No progress for a while in the run.
    case hesitation
    /// Help was asked earlier in this cycle: full guidance for the rest of it.
    case helpInCycle = "help-in-cycle"
    /// Signs of trouble across an any-order group in this cycle (count).
    case groupTrouble = "group-trouble"
    /// Days since the step was last practised (count).
    case absence
    /// The first cycle after the worker came back (count: seconds away).
    case warmUpReturn = "warm-up-return"
    /// The cycle after a pause inside the session (count: seconds of the pause).
    case warmUpBreak = "warm-up-break"
    /// The warm-up cycle ended; the step goes back to its stored level.
    case warmUpDone = "warm-up-done"
    /// Slow late in a long session (count: seconds since login): more help, no penalty.
    case fatigue
    /// More help for the rest of the cycle for a reason not recorded.
    case moreHelp = "more-help"
    /// A new version of the set changed the step's content; the record's `version` names it.
    case stepChanged = "step-changed"
}

/// A reason code with its numbers: what the machine decided, before anyone words it.
public struct LevelChangeCause: Hashable, Sendable {
    public var reason: LevelChangeReason
    public var count: Int?
    public var ratio: Double?
    /// The set's version, for `stepChanged`.
    public var version: String?

    public init(_ reason: LevelChangeReason, count: Int? = nil, ratio: Double? = nil, version: String? = nil) {
        self.reason = reason
        self.count = count
        self.ratio = ratio
        self.version = version
    }

    /// A step raised because `version` changed it.
    public static func stepChanged(version: String) -> LevelChangeCause {
        LevelChangeCause(.stepChanged, version: version)
    }

    /// The sentence a coach reads, in `language` ("nl", else English).
    public func sentence(language: String = "en") -> String {
        reason.sentence(count: count, ratio: ratio, version: version, language: language)
    }
}
