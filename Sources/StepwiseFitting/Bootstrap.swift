import StepwiseCore
import StepwiseEvaluation

/// Uncertainty by resampling workers (not runs: one worker's runs are not independent), refitting
/// every step under the chosen model, and taking the 5th and 95th percentiles.
enum Bootstrap {
    static func intervals(
        _ steps: [StepHistory], fits: [StepFit], mastery: MasteryKind, fatigue: Fatigue, forgets: Bool,
        resamples: Int, seed: UInt64
    ) -> [[String: Interval]] {
        guard resamples > 1 else { return fits.map { _ in [:] } }
        let workers = Array(Set(steps.flatMap { $0.workers.map(\.worker) })).sorted()
        var draws: [[String: [Double]]] = fits.map { _ in [:] }
        for b in 0..<resamples {
            var random = SeededRandom.stream(seed: seed, 0xB007, UInt64(b))
            var copies: [String: Int] = [:]
            for _ in workers { copies[workers[Int(random.uniform() * Double(workers.count))], default: 0] += 1 }
            for (i, step) in steps.enumerated() {
                let sample = resample(step, copies: copies)
                guard sample.runCount > 0 else { continue }
                let refit = WorkshopFit.fitStep(
                    sample, mastery: mastery, fatigue: fatigue, forgets: forgets, start: fits[i])
                for (name, value) in refit.parameters { draws[i][name, default: []].append(value) }
            }
        }
        return draws.map { $0.mapValues(percentiles) }
    }

    static func resample(_ step: StepHistory, copies: [String: Int]) -> StepHistory {
        StepHistory(
            step: step.step,
            workers: step.workers.flatMap { w in
                (0..<(copies[w.worker] ?? 0)).map { WorkerRuns(worker: "\(w.worker)#\($0)", runs: w.runs) }
            })
    }

    static func percentiles(_ values: [Double]) -> Interval {
        let sorted = values.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))] }
        return Interval(low: at(0.05), high: at(0.95))
    }
}
