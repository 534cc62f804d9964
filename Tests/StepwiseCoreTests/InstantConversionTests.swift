import Testing
import StepwiseCore

/// Times from files and flags can be huge, infinite or NaN: converting them to nanoseconds clamps
/// or is refused, and never traps (a `UInt64(Double)` of such a value ends the process).
@Suite struct InstantConversionTests {
    static let hostile: [Double] = [
        .infinity, -.infinity, .nan, 1e308, -1e308, 18_500_000_000, 18_446_744_073.709_553, 1e10 * 1e9, -0.0,
        .greatestFiniteMagnitude, .leastNonzeroMagnitude,
    ]

    @Test(arguments: hostile) func aHostileTimeClampsInsteadOfTrapping(seconds: Double) {
        let instant = Instant(seconds: seconds)
        if seconds.isNaN || seconds <= 0 { #expect(instant.nanoseconds == 0) }
        if seconds >= 18_446_744_073.709_553 { #expect(instant == .distantFuture) }
        let later = Instant(seconds: 1_700_000_000).adding(seconds: seconds)
        #expect(later >= Instant(seconds: 1_700_000_000))
    }

    @Test func theCheckedInitialiserRefusesWhatCannotBeHeld() {
        for value in [Double.infinity, -.infinity, .nan, 1e308, -1, 18_500_000_000] {
            #expect(Instant(exactlySeconds: value) == nil, "\(value)")
        }
        #expect(Instant(exactlySeconds: 1_700_000_000.5)?.nanoseconds == 1_700_000_000_500_000_000)
        #expect(Instant(exactlySeconds: 0)?.nanoseconds == 0)
    }

    @Test func addingSaturatesAtTheDistantFutureInsteadOfWrapping() {
        let late = Instant(nanoseconds: .max - 10)
        #expect(late.adding(seconds: 1) == .distantFuture)
        #expect(Instant.distantFuture.adding(seconds: .infinity) == .distantFuture)
        #expect(Instant(seconds: 100).adding(seconds: .nan) == Instant(seconds: 100))
        #expect(Instant(seconds: 100).adding(seconds: -5) == Instant(seconds: 100))
    }

    @Test func subtractingGoesBackAndSaturatesAtTheEpoch() {
        #expect(Instant(seconds: 100).subtracting(seconds: 30) == Instant(seconds: 70))
        #expect(Instant(seconds: 100).subtracting(seconds: 500) == Instant(nanoseconds: 0))
        #expect(Instant(seconds: 100).subtracting(seconds: .nan) == Instant(seconds: 100))
        #expect(Instant(seconds: 100).subtracting(seconds: -5) == Instant(seconds: 100))
    }

    @Test func nanosecondsConvertExactlyWhereTheyFit() {
        #expect(Nanoseconds.clamping(1.5, unit: Nanoseconds.perSecond) == 1_500_000_000)
        #expect(Nanoseconds.clamping(2.5, unit: Nanoseconds.perMillisecond) == 2_500_000)
        #expect(Nanoseconds.exactly(1.8e10, unit: Nanoseconds.perSecond) == 18_000_000_000_000_000_000)
        #expect(Nanoseconds.exactly(1.85e10, unit: Nanoseconds.perSecond) == nil)
        #expect(Nanoseconds.saturatingSum(.max, 1) == .max)
    }
}
