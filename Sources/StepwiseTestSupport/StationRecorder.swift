import StepwiseCore
import StepwiseRuntime

/// A test's observer of an assembled daemon (`DaemonParts.observer`): keeps every step and calls
/// back after each event and each refreshed profile, on the loop thread.
package final class StationRecorder: StationObserver {
    /// After each event went through the station (its frame presented).
    package var onEvent: (StationEvent, StationStep) -> Void = { _, _ in }
    /// After a signed-in worker's stored profile arrived and was applied.
    package var onProfileRefreshed: (WorkerPseudonym) -> Void = { _ in }
    package private(set) var steps: [StationStep] = []

    package init() {}

    package func stepped(_ step: StationStep, for event: StationEvent?) {
        steps.append(step)
        if let event { onEvent(event, step) }
    }

    package func profileRefreshed(_ worker: WorkerPseudonym) { onProfileRefreshed(worker) }
}
