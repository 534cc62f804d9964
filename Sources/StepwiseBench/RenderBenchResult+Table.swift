import Foundation

extension RenderBenchResult {
    /// A table a person reads: each figure, its ratio to the memcpy floor, and the target it is held to.
    public var table: String {
        func ms(_ value: Double) -> String { String(format: "%8.3f ms", value) }
        func x(_ value: Double) -> String { String(format: "%6.2f×", value) }
        func verdict(_ ok: Bool) -> String { ok ? "met" : "MISSED" }
        let rows = [
            "Stepwise renderer at 1920×1080 (one run, this machine)",
            "",
            "  figure                                          time   ÷ memcpy  target",
            "  (a) memcpy of one frame (floor)            \(ms(memcpyMS))   \(x(1))",
            "  (b) naive full redraw + full copy          \(ms(naiveMS))   \(x(naiveMS / memcpyMS))",
            "  (c) step transition, damage only, median   \(ms(transitionMS))   \(x(transitionOverMemcpy))  ≤ 1.0× (a): \(verdict(transitionOverMemcpy <= 1))",
            "      step transition p99                    \(ms(transitionP99MS))   \(x(transitionP99MS / memcpyMS))",
            "      of which render (median)               \(ms(transitionRenderMS))   \(x(transitionRenderMS / memcpyMS))",
            "      of which present (median)              \(ms(transitionPresentMS))   \(x(transitionPresentMS / memcpyMS))",
            "  (d) event → present p50                    \(ms(latencyP50MS))   \(x(latencyP50MS / memcpyMS))",
            "      event → present p99                    \(ms(latencyP99MS))   \(x(latencyP99MS / memcpyMS))  < 2 ms: \(verdict(latencyP99MS < 2))",
            "      event → present p99.9                  \(ms(latencyP999MS))   \(x(latencyP999MS / memcpyMS))  < 4 ms: \(verdict(latencyP999MS < 4))",
            "  (e) floor: wake-up + (a), p50/p99/p99.9\(ms(wakeupP50MS)) \(ms(wakeupP99MS)) \(ms(wakeupP999MS))",
            "      (d) above (e): p99 \(ms(latencyP99MS - wakeupP99MS)), p99.9 \(ms(latencyP999MS - wakeupP999MS))",
            "      (d) over 4 ms: \(slowEvents) events; in \(slowEventsWaiting) of them the event thread ran < 1 ms (waiting, not drawing)",
            "",
            String(
                format: "  (b)/(c) = %.2f× (target ≥ 2×: %@); mean damage per transition %.1f %% of the frame",
                naiveOverTransition,
                verdict(naiveOverTransition >= 2), damageFraction * 100),
            String(
                format: "  badge login / logout (%d, apart): p50 %.3f ms, p99 %.3f ms, max %.3f ms", sessionEvents,
                sessionP50MS, sessionP99MS, sessionMaxMS),
            "  \(transitions) transitions; \(events) sensor events through the daemon (event loop, debouncers, station,",
            "  renderer, framebuffer, log writer) with another core busy; event thread \(eventThread)",
        ]
        return rows.joined(separator: "\n")
    }
}
