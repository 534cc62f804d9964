import StepwiseCore
import StepwiseDevices

extension Daemon {
    /// Arms one loop timer for the renderer's next animation frame. Each frame re-arms it while the
    /// renderer asks for more; when the pulse is over it asks for none and the loop sleeps again.
    func armAnimation() {
        if let token = animationTimer { loop.cancel(token) }
        animationTimer = nil
        guard let due = station.animationDeadline else { return }
        animationTimer = loop.schedule(at: clock.deadline(for: due)) { [weak self] in
            guard let self else { return }
            self.animationTimer = nil
            // Never a frame for a time before the one asked for; a late timer just draws the later phase.
            self.station.animate(at: max(due, self.clock.now()))
            self.armAnimation()
        }
    }
}
