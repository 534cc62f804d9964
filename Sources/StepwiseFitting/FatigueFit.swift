/// Fatigue is one effect for the whole session, so it is fitted over every step's times at once,
/// each step's own parameters held at their fit.
enum FatigueFit {
    /// Sessions must run past this many hours for fatigue to show at all.
    static let shortestVisibleSession = 1.0

    /// Nil when no session in the log lasts long enough to see fatigue.
    static func fit(_ steps: [StepHistory], _ fits: [StepTimeFit.Result]) -> Fatigue? {
        let longest = steps.flatMap { $0.workers.flatMap { $0.runs.map(\.hoursIntoSession) } }.max() ?? 0
        guard longest >= shortestVisibleSession else { return nil }
        func decode(_ x: [Double]) -> Fatigue {
            Fatigue(onsetHours: longest * Scale.logistic(x[0]), perHour: min(5, Scale.positive(x[1])))
        }
        func cost(_ x: [Double]) -> Double {
            zip(steps, fits).map { step, fit in
                let p = (fit.curve, slowness: fit.time.noviceSlowness, penalty: fit.time.expertPenalty)
                let r = StepTimeFit.cost(step, p, fatigue: decode(x))
                return r.cost * Double(r.timedRuns)
            }.reduce(0, +)
        }
        let best = NelderMead.minimize(cost, from: [0, Scale.logOf(0.1)], iterations: 150, restarts: 1)
        return decode(best.point)
    }
}
