import Testing
@testable import StepwiseRuntime

/// `--speed` takes a finite factor within `ReplaySpeed.range`; 0 and NaN never advanced the
/// replay, ∞ trapped converting a deadline.
@Suite struct ReplaySpeedTests {
    @Test(arguments: [0, -1, .nan, .infinity, -.infinity, 1e308, 1000.5, 0.001])
    func aSpeedOutsideTheRangeIsRefused(_ speed: Double) throws {
        let problem = try #require(ReplaySpeed.problem(speed))
        #expect(problem.hasPrefix("--speed ") && problem.contains("expected a finite factor from 0.01 to 1000"))
    }

    @Test(arguments: [0.01, 0.5, 1, 4, 1000])
    func aSpeedInTheRangeIsTaken(_ speed: Double) { #expect(ReplaySpeed.problem(speed) == nil) }
}
