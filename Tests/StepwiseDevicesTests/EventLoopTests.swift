import Foundation
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// Runs `loop` with a safety net: if the loop is not stopped by the test's own event within
/// 5 s, the test fails instead of hanging. Not a timing assertion.
private func runGuarded(_ loop: EventLoop, sourceLocation: SourceLocation = #_sourceLocation) {
    var timedOut = false
    let net = loop.schedule(at: MonotonicInstant.now().adding(seconds: 5)) {
        timedOut = true
        loop.stop()
    }
    loop.run()
    loop.cancel(net)
    #expect(!timedOut, "the loop was not stopped by the expected event", sourceLocation: sourceLocation)
}

@Suite struct EventLoopTests {
    @Test func timersFireInDeadlineOrder() throws {
        let loop = try EventLoop()
        let start = MonotonicInstant.now()
        var fired: [String] = []
        loop.schedule(at: start.adding(milliseconds: 30)) {
            fired.append("c")
            loop.stop()
        }
        loop.schedule(at: start.adding(milliseconds: 10)) { fired.append("a") }
        loop.schedule(at: start.adding(milliseconds: 20)) { fired.append("b1") }
        loop.schedule(at: start.adding(milliseconds: 20)) { fired.append("b2") }
        loop.schedule(at: MonotonicInstant(nanoseconds: 0)) { fired.append("past") }
        runGuarded(loop)
        #expect(fired == ["past", "a", "b1", "b2", "c"])
    }

    @Test func aCancelledTimerDoesNotFire() throws {
        let loop = try EventLoop()
        let start = MonotonicInstant.now()
        var fired: [String] = []
        let early = loop.schedule(at: start.adding(milliseconds: 5)) { fired.append("cancelled") }
        loop.schedule(at: start.adding(milliseconds: 15)) {
            fired.append("kept")
            loop.stop()
        }
        loop.cancel(early)
        runGuarded(loop)
        #expect(fired == ["kept"])
    }

    @Test func anIdleLoopWakesOnlyForItsDeadline() throws {
        let loop = try EventLoop()
        var fired = false
        loop.schedule(at: MonotonicInstant.now().adding(milliseconds: 50)) {
            fired = true
            loop.stop()
        }
        loop.run()
        #expect(fired)
        #expect(loop.iterations == 1)
    }

    @Test func aWakerWakesTheLoopFromAnotherThread() throws {
        let loop = try EventLoop()
        var wakes = 0
        let waker = try loop.makeWaker {
            wakes += 1
            loop.stop()
        }
        Thread { waker.wake() }.start()
        runGuarded(loop)
        #expect(wakes == 1)
    }

    @Test func aWatchedPipeCallsItsHandler() throws {
        let loop = try EventLoop()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        var received: [UInt8] = []
        _ = try loop.watch(fd: ends[0]) {
            var byte: UInt8 = 0
            if read(ends[0], &byte, 1) == 1 { received.append(byte) }
            if received.count == 2 { loop.stop() }
        }
        var bytes: [UInt8] = [0x31, 0x32]
        #expect(write(ends[1], &bytes, 2) == 2)
        runGuarded(loop)
        #expect(received == [0x31, 0x32])
    }

    @Test func aDescriptorCanBeWatchedForWriting() throws {
        let loop = try EventLoop()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        var readyToWrite = 0
        _ = try loop.watch(fd: ends[1], readable: false, writable: true) {
            readyToWrite += 1
            loop.stop()
        }
        runGuarded(loop)
        #expect(readyToWrite == 1)
    }

    @Test func anUnwatchedDescriptorIsIgnored() throws {
        let loop = try EventLoop()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        var calls = 0
        let token = try loop.watch(fd: ends[0]) { calls += 1 }
        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        loop.unwatch(token)
        loop.schedule(at: MonotonicInstant.now()) { loop.stop() }
        runGuarded(loop)
        #expect(calls == 0)
    }

    @Test func aSignalArrivesThroughTheLoop() throws {
        let loop = try EventLoop()
        defer { loop.close() }  // restores this thread's signal mask
        var signals: [Int32] = []
        try loop.onSignals([SIGUSR1]) {
            signals.append($0)
            loop.stop()
        }
        raise(SIGUSR1)  // thread-directed: pending on this thread, where it is blocked
        runGuarded(loop)
        #expect(signals == [SIGUSR1])
    }

    @Test func aSignalToAThreadThatDoesNotBlockItStillArrivesThroughTheLoop() throws {
        let loop = try EventLoop()
        var signals: [Int32] = []
        try loop.onSignals([SIGUSR2]) {
            signals.append($0)
            loop.stop()
        }
        // Like the main thread libdispatch parks in sigsuspend: SIGUSR2 unblocked there.
        let other = Thread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGUSR2)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(SIGUSR2)  // delivered on this thread: the handler runs, the default action does not
        }
        other.start()
        runGuarded(loop)
        #expect(signals == [SIGUSR2])
        loop.close()
        var now = sigaction()
        sigaction(SIGUSR2, nil, &now)
        let standard = unsafeBitCast(SIG_DFL, to: sigaction.__Unnamed_union___sigaction_handler.self)
        #expect(
            withUnsafeBytes(of: now.__sigaction_handler) { Array($0) } == withUnsafeBytes(of: standard) { Array($0) },
            "close gives the signal its default action back")
    }

    @Test func clockOffsetShiftsMonotonicStampsToWallTime() {
        let offset = ClockOffset(wallMinusMonotonic: 1_000)
        #expect(offset.wall(MonotonicInstant(nanoseconds: 5)) == Instant(nanoseconds: 1_005))
        let measured = ClockOffset.measure()
        let wall = WallClock.now(), shifted = measured.wall(MonotonicInstant.now())
        #expect(max(wall, shifted).seconds(since: min(wall, shifted)) < 1)
    }
}

@Suite struct TimerQueueTests {
    @Test func deadlinesComeOutSortedAndCancelledOnesNever() {
        var queue = TimerQueue<Int>()
        var state: UInt64 = 0x2545_f491_4f6c_dd1d
        var expected: [(UInt64, Int)] = []
        var ids: [Int: UInt64] = [:]
        for payload in 0..<200 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let deadline = (state >> 33) % 1000
            ids[payload] = queue.insert(payload, at: MonotonicInstant(nanoseconds: deadline))
            expected.append((deadline, payload))
        }
        for payload in stride(from: 0, to: 200, by: 3) { queue.cancel(ids[payload]!) }
        let live = expected.filter { $0.1 % 3 != 0 }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        #expect(queue.earliest() == live.first.map { MonotonicInstant(nanoseconds: $0.0) })
        var out: [Int] = []
        while let payload = queue.popDue(at: MonotonicInstant(nanoseconds: 10_000)) { out.append(payload) }
        #expect(out == live.map(\.1))
        #expect(queue.isEmpty)
    }
}
