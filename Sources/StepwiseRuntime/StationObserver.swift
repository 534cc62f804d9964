import StepwiseCore
import StepwiseLog

/// Watches the station from outside, given at wiring: the console echo in `stepwised`, the
/// benchmark's probe, a test's recorder. Called on the loop thread; it must not block it.
package protocol StationObserver: AnyObject {
    /// The station took a step (its frame is presented): for `event`, or nil for a reload, a
    /// refreshed profile, an animation frame or a projector retry.
    func stepped(_ step: StationStep, for event: StationEvent?)
    /// A signed-in worker's stored profile arrived from the log (and was applied, if it could be read).
    func profileRefreshed(_ worker: WorkerPseudonym)
}

extension StationObserver {
    package func stepped(_ step: StationStep, for event: StationEvent?) {}
    package func profileRefreshed(_ worker: WorkerPseudonym) {}
}

/// What happened, for the person watching the demo console: each record handed to the log, one
/// line each (pseudonyms only, wall time).
final class RecordEcho: StationObserver {
    func stepped(_ step: StationStep, for event: StationEvent?) {
        for record in step.records { print(RecordFormat.textLine(record)) }
    }
}

/// Watches nothing (the benchmark's own daemon, tests that need no echo).
package final class Unobserved: StationObserver {
    package init() {}
}
