/// How two copies of a worker's state become one: on the central server when a station's copy
/// arrives, and on a station when the central copy arrives at sign-in. Per (worker, set, step):
///
/// - **Skill of a step**: the copy with more repetitions of the step wins whole (level, streaks,
///   mastery); equal repetitions, the later observation. Repetitions only grow along one history,
///   so a copy that started from a stale state (a station offline that never saw the worker's work
///   elsewhere) has fewer and cannot replace the fuller one by being newer.
/// - **Coach limits of a set**: the later coach change wins, by the coach's time stamp; limits
///   never set lose to any set ones, so no limit a coach set is dropped for the defaults.
/// - **Cycles** and **last practice**: the larger of the two.
/// - **Preferences**: the later change wins.
///
/// An exact tie (same repetitions and the same nanosecond, or the same stamp) keeps `self`, the
/// copy already there; the server's upserts do the same.
extension WorkerState {
    public func reconciled(with other: WorkerState) -> WorkerState {
        var merged = self
        for (set, theirs) in other.sets {
            merged.sets[set] = sets[set].map { $0.reconciled(with: theirs) } ?? theirs
        }
        merged.preferences = Self.later(preferences, other.preferences)
        return merged
    }

    static func later<Value: Hashable & Sendable>(_ mine: Stamped<Value>?, _ theirs: Stamped<Value>?) -> Stamped<Value>?
    {
        guard let mine else { return theirs }
        guard let theirs else { return mine }
        return theirs.at > mine.at ? theirs : mine
    }
}

extension WorkerSetState {
    public func reconciled(with other: WorkerSetState) -> WorkerSetState {
        var merged = self
        for (step, theirs) in other.steps {
            guard let mine = steps[step] else {
                merged.steps[step] = theirs
                continue
            }
            if Self.fuller(theirs, than: mine) { merged.steps[step] = theirs }
        }
        merged.cycles = max(cycles, other.cycles)
        merged.lastPractice = [lastPractice, other.lastPractice].compactMap { $0 }.max()
        merged.limits = WorkerState.later(limits, other.limits)
        return merged
    }

    /// More repetitions, or as many and observed later.
    static func fuller(_ candidate: Stamped<StepSkill>, than kept: Stamped<StepSkill>) -> Bool {
        (candidate.value.runs, candidate.at) > (kept.value.runs, kept.at)
    }
}

extension WorkerSkill {
    /// This session's skill with `stored`'s limits, and each step `stored` has seen more
    /// repetitions of: the rule above without stamps, for a copy that arrived after sign-in.
    /// Cycles and last practice stay the session's, which counts them on.
    public func takingFullerSteps(of stored: WorkerSkill) -> WorkerSkill {
        var merged = self
        merged.controls = stored.controls
        for (step, theirs) in stored.steps where theirs.runs > (steps[step]?.runs ?? -1) {
            merged.steps[step] = theirs
        }
        return merged
    }
}
