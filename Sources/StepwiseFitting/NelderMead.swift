import Foundation

/// Nelder–Mead's simplex search for the minimum of a function of a few unbounded variables.
/// Likelihoods here are smooth but have no cheap gradient (the latent model integrates over each
/// worker's unknown threshold), and the fits have at most five free variables, where the simplex
/// converges in a few hundred evaluations.
enum NelderMead {
    /// The best point found and its value. Restarts from the best point until a restart no longer
    /// improves (a collapsed simplex is the method's known failure, a restart its usual cure).
    static func minimize(
        _ f: ([Double]) -> Double, from start: [Double], step: Double = 0.5, iterations: Int = 400, restarts: Int = 2
    ) -> (point: [Double], value: Double) {
        var best = (point: start, value: safe(f(start)))
        for _ in 0...restarts {
            let found = search(f, from: best.point, step: step, iterations: iterations)
            let improved = best.value - found.value > 1e-7 * (1 + abs(best.value))
            if found.value < best.value { best = found }
            if !improved { break }
        }
        return best
    }

    /// NaN or infinity is "worse than anything", so the simplex walks away from it.
    static func safe(_ value: Double) -> Double { value.isFinite ? value : .greatestFiniteMagnitude }

    private static func search(
        _ f: ([Double]) -> Double, from start: [Double], step: Double, iterations: Int
    ) -> (point: [Double], value: Double) {
        let n = start.count
        var simplex = [start] + (0..<n).map { i in start.enumerated().map { $0 == i ? $1 + step : $1 } }
        var values = simplex.map { safe(f($0)) }
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if values[n] - values[0] <= 1e-9 * (1 + abs(values[0])) { break }
            let centroid = (0..<n).map { i in simplex[0..<n].map { $0[i] }.reduce(0, +) / Double(n) }
            func toward(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = toward(-1), r = safe(f(reflected))
            if r < values[0] {
                let expanded = toward(-2), e = safe(f(expanded))
                (simplex[n], values[n]) = e < r ? (expanded, e) : (reflected, r)
            } else if r < values[n - 1] {
                (simplex[n], values[n]) = (reflected, r)
            } else {
                let contracted = r < values[n] ? toward(-0.5) : toward(0.5), c = safe(f(contracted))
                if c < min(r, values[n]) {
                    (simplex[n], values[n]) = (contracted, c)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = safe(f(simplex[i]))
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] }!
        return (simplex[i], values[i])
    }
}

/// Maps between bounded parameters and the unbounded variables the simplex moves.
enum Scale {
    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-6), 1 - 1e-6)
        return log(q / (1 - q))
    }
    static func positive(_ x: Double) -> Double { exp(min(x, 30)) }
    static func logOf(_ v: Double) -> Double { log(max(v, 1e-6)) }
}
