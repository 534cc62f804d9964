import StepwiseCore
import Testing
@testable import StepwiseDevices

/// Plays a recorded edge timeline (ms, level) the way the event loop does: each edge is fed,
/// and the debouncer's deadline is settled when it comes; ends by settling at `until`.
private func play(_ debouncer: inout Debouncer, _ edges: [(Double, Bool)], until end: Double) -> [Debouncer.Change] {
    var changes: [Debouncer.Change] = []
    for (ms, level) in edges {
        let at = MonotonicInstant(milliseconds: ms)
        while let deadline = debouncer.nextDeadline, deadline < at { changes += debouncer.settle(at: deadline) }
        changes += debouncer.feed(level: level, at: at)
    }
    changes += debouncer.settle(at: MonotonicInstant(milliseconds: end))
    return changes
}

private func ms(_ value: Double) -> MonotonicInstant { MonotonicInstant(milliseconds: value) }

@Suite struct DebounceTests {
    @Test func aBouncingReedSwitchGivesExactlyOneActivation() {
        var debouncer = Debouncer(debounceMilliseconds: 10)
        // 8 edges within 3 ms; the last two are both rising (the kernel missed a short fall).
        let press: [(Double, Bool)] = [
            (100.0, true), (100.4, false), (100.9, true), (101.3, false), (101.8, true), (102.2, false),
            (102.6, true), (103.0, true),
        ]
        let changes = play(&debouncer, press, until: 500)
        #expect(changes == [.activated(at: ms(102.6))])
        #expect(debouncer.level)
        #expect(debouncer.nextDeadline == nil)
    }

    @Test func aBouncingReleaseGivesExactlyOneDeactivation() {
        var debouncer = Debouncer(debounceMilliseconds: 10)
        let timeline: [(Double, Bool)] = [
            (0, true), (200, false), (200.5, true), (201, false), (201.4, true), (202, false),
        ]
        let changes = play(&debouncer, timeline, until: 400)
        #expect(changes == [.activated(at: ms(0)), .deactivated(at: ms(202))])
    }

    @Test func aGlitchShorterThanTheDebounceTimeIsIgnored() {
        var debouncer = Debouncer(debounceMilliseconds: 10)
        let changes = play(&debouncer, [(50, true), (52, false)], until: 1000)
        #expect(changes.isEmpty)
        #expect(!debouncer.level)
    }

    @Test func aLevelIsAcceptedExactlyAtTheDebounceTime() {
        var debouncer = Debouncer(debounceMilliseconds: 10)
        #expect(debouncer.feed(level: true, at: ms(20)).isEmpty)
        #expect(debouncer.nextDeadline == ms(30))
        #expect(debouncer.settle(at: ms(29.999)).isEmpty)
        #expect(debouncer.settle(at: ms(30)) == [.activated(at: ms(20))])
    }

    @Test func aLateTimerSettlesAtTheDeadlineNotAtTheLateTime() {
        var debouncer = Debouncer(debounceMilliseconds: 10)
        _ = debouncer.feed(level: true, at: ms(0))
        // The next edge arrives long after the deadline whose timer has not run yet.
        let changes = debouncer.feed(level: false, at: ms(100))
        #expect(changes == [.activated(at: ms(0))])
        #expect(debouncer.nextDeadline == ms(110))
    }

    @Test func zeroDebounceAcceptsAtOnce() {
        var debouncer = Debouncer(debounceMilliseconds: 0)
        #expect(debouncer.feed(level: true, at: ms(5)) == [.activated(at: ms(5))])
    }

    @Test func aStuckInputIsReportedOnceAndReleased() {
        var debouncer = Debouncer(debounceMilliseconds: 10, stuckAfterSeconds: 2)
        var changes = play(&debouncer, [(0, true)], until: 1000)
        #expect(changes == [.activated(at: ms(0))])
        #expect(debouncer.nextDeadline == ms(2000))
        changes = debouncer.settle(at: ms(2500)) + debouncer.settle(at: ms(9000))
        #expect(changes == [.stuck(since: ms(0))])
        #expect(debouncer.nextDeadline == nil)
        changes = play(&debouncer, [(9500, false)], until: 9600)
        #expect(changes == [.deactivated(at: ms(9500)), .released(at: ms(9500))])
    }

    @Test func aGlitchWhileActiveNeitherDeactivatesNorRestartsTheStuckClock() {
        var debouncer = Debouncer(debounceMilliseconds: 10, stuckAfterSeconds: 1)
        let changes = play(&debouncer, [(0, true), (500, false), (502, true)], until: 1200)
        #expect(changes == [.activated(at: ms(0)), .stuck(since: ms(0))])
    }

    @Test func aShortPressIsNeverStuck() {
        var debouncer = Debouncer(debounceMilliseconds: 10, stuckAfterSeconds: 1)
        let changes = play(&debouncer, [(0, true), (300, false), (2000, true)], until: 2500)
        #expect(changes == [.activated(at: ms(0)), .deactivated(at: ms(300)), .activated(at: ms(2000))])
    }
}
