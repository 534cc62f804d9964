import Foundation
import StepwiseCore
import StepwiseLog

/// How long a sign-in must wait after wrong passwords. A pure rule so it can be tested without a
/// server. Wrong passwords are counted three ways, each over the last hour:
///
/// - per name *and* client address: the first 5 are free (people mistype), after that each
///   further try waits twice as long (30 s, 1 min, … up to 15 min);
/// - per client address over all names: 20 free, then the same doubling wait, so one machine
///   cannot try a few passwords for every name;
/// - per name over all addresses: after 20, the name counts as *under attack* and every address
///   has only 2 free tries for it instead of 5.
///
/// No count of other addresses ever blocks an address that has not failed itself: a coach whose
/// name is being guessed from elsewhere still has at least 2 tries, and guessers from K addresses
/// get at most a few tries each, then doubling waits.
public struct LoginThrottle: Sendable, Equatable {
    /// Wrong passwords for one name from one address allowed before any waiting.
    public var freeFailures = 5
    /// The wait after the first failure beyond the free ones; doubles with each further failure.
    public var firstWaitSeconds = 30.0
    public var longestWaitSeconds = 15 * 60.0
    /// Failures older than this are forgotten (and their rows deleted).
    public var forgetAfterSeconds = 3600.0
    /// Wrong passwords from one address, over all names, allowed before that address waits.
    public var freeFailuresPerAddress = 20
    /// Wrong passwords for one name from all addresses together after which it is under attack.
    public var underAttackAfter = 20
    /// The free tries each address has for a name under attack.
    public var freeFailuresUnderAttack = 2

    public static let standard = LoginThrottle()

    public init() {}

    /// Seconds still to wait before `failures` (the last at `last`) allow another try at `now`; nil: may try.
    public func wait(failures: Int, last: Instant, now: Instant) -> Double? {
        wait(failures: failures, last: last, now: now, free: freeFailures)
    }

    func wait(failures: Int, last: Instant, now: Instant, free: Int) -> Double? {
        let since = now.seconds(since: last)
        guard failures >= free, since < forgetAfterSeconds else { return nil }
        let doublings = Double(min(failures - free, 20))
        let remaining = min(firstWaitSeconds * pow(2, doublings), longestWaitSeconds) - since
        return remaining > 0 ? remaining : nil
    }

    /// The wait for one more try, from the three counts; nil: may try.
    public func wait(_ counts: SignInFailures, now: Instant) -> Double? {
        let underAttack = (counts.name.map { fresh($0, now) } ?? 0) >= underAttackAfter
        let pairFree = underAttack ? min(freeFailuresUnderAttack, freeFailures) : freeFailures
        let waits = [
            counts.pair.flatMap { wait(failures: $0.failures, last: $0.last, now: now, free: pairFree) },
            counts.address.flatMap {
                wait(failures: $0.failures, last: $0.last, now: now, free: freeFailuresPerAddress)
            },
        ].compactMap { $0 }
        return waits.max()
    }

    /// The failure count after one more wrong password at `now`.
    public func failures(after failures: Int, last: Instant, now: Instant) -> Int {
        now.seconds(since: last) >= forgetAfterSeconds ? 1 : failures + 1
    }

    func fresh(_ count: SignInFailures.Count, _ now: Instant) -> Int {
        now.seconds(since: count.last) < forgetAfterSeconds ? count.failures : 0
    }
}

/// The wrong-password counts that bear on one sign-in.
public struct SignInFailures: Sendable, Equatable {
    /// Wrong passwords under one key and the last one's time, as the log stores them.
    public typealias Count = SignInFailureCount

    /// This name from this address.
    public var pair: Count?
    /// This address, all names.
    public var address: Count?
    /// This name, all addresses.
    public var name: Count?

    public init(pair: Count? = nil, address: Count? = nil, name: Count? = nil) {
        self.pair = pair
        self.address = address
        self.name = name
    }
}
