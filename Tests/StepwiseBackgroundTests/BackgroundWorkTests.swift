import Foundation
import StepwiseDevices
import Testing
@testable import StepwiseBackground

/// A client's queue as the clients have them: jobs in order, a newer job with the same key
/// replacing the queued one in place (as profile refresh does per worker).
private struct Jobs {
    var queued: [(key: String, value: Int)] = []

    mutating func add(_ key: String, _ value: Int) {
        if let index = queued.firstIndex(where: { $0.key == key }) {
            queued[index].value = value
        } else {
            queued.append((key, value))
        }
    }
}

private typealias Work = BackgroundWork<Jobs, String>

/// Starts a worker that posts "key:value" for each job; before the first job it waits for `gate`.
private func startWorker(gate: DispatchSemaphore? = nil, started: DispatchSemaphore? = nil) -> Work {
    Work(name: "test.jobs", state: Jobs()) { work in
        var first = true
        while let job = work.next({ jobs, closing in
            jobs.queued.isEmpty ? (closing ? .some(nil) : nil) : .some(jobs.queued.removeFirst())
        }) {
            guard let job else { break }
            if first, let gate {
                started?.signal()
                gate.wait()
            }
            first = false
            work.results.post("\(job.key):\(job.value)")
            work.settle { _ in }
        }
    }
}

@Suite struct BackgroundWorkTests {
    @Test func jobsAreDoneInTheOrderSubmitted() {
        let work = startWorker()
        for index in 0..<200 { work.submit { $0.add("job\(index)", index) } }
        work.close()
        #expect(work.results.take() == (0..<200).map { "job\($0):\($0)" })
    }

    @Test func aNewerJobWithTheSameKeyReplacesTheQueuedOne() {
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let work = startWorker(gate: gate, started: started)
        work.submit { $0.add("a", 1) }
        started.wait()  // the worker holds "a": what follows queues behind it
        work.submit { $0.add("b", 1) }
        work.submit { $0.add("b", 2) }
        work.submit { $0.add("c", 1) }
        work.submit { $0.add("b", 3) }
        gate.signal()
        work.close()
        #expect(work.results.take() == ["a:1", "b:3", "c:1"])
    }

    @Test func closeDrainsWhatWasQueuedThenStops() {
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let work = startWorker(gate: gate, started: started)
        work.submit { $0.add("first", 0) }
        started.wait()
        for index in 1...20 { work.submit { $0.add("job\(index)", index) } }
        gate.signal()
        work.close()
        #expect(work.isFinished)
        #expect(work.results.take().count == 21)
        work.submit { $0.add("late", 0) }  // after close: queued, never done, no crash
        #expect(work.withState { $0.queued.count } == 1)
    }

    @Test func waitUntilReturnsOnceTheWorkerSettled() {
        let work = startWorker()
        for index in 0..<50 { work.submit { $0.add("job\(index)", index) } }
        work.wait { $0.queued.isEmpty }
        #expect(work.withState { $0.queued.isEmpty })
        work.close()
    }

    @Test func aPassedDeadlineEndsTheWaitWithoutWork() {
        let work = BackgroundWork<Int, Never>(name: "test.deadline", state: 0) { work in
            let taken = work.next(until: MonotonicClock.seconds() - 1) { _, _ in Bool?.none }
            work.settle { $0 = taken == nil ? 1 : 2 }
        }
        work.wait { $0 != 0 }
        #expect(work.withState { $0 } == 1)
        work.close()
    }

    @Test func resultsWakeARealEventLoop() throws {
        let loop = try EventLoop()
        let work = startWorker()
        var delivered: [String] = []
        let token = try loop.watch(fd: work.results.fd) {
            delivered += work.results.take()
            if delivered.count == 3 { loop.stop() }
        }
        // A safety net so a broken wake-up fails instead of hanging; not a timing assertion.
        let net = loop.schedule(at: MonotonicInstant.now().adding(seconds: 10)) { loop.stop() }
        for index in 0..<3 { work.submit { $0.add("job\(index)", index) } }
        loop.run()
        loop.cancel(net)
        loop.unwatch(token)
        #expect(delivered == ["job0:0", "job1:1", "job2:2"])
        work.close()
    }

    @Test func aMailboxKeepsMessagesPostedWhileTheLoopTakes() {
        let mailbox = LoopMailbox<Int>()
        mailbox.post(1)
        #expect(mailbox.take() == [1])
        #expect(mailbox.take().isEmpty)
        mailbox.post(2)
        mailbox.post(3)
        var ready = pollfd(fd: mailbox.fd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ready, 1, 0) == 1, "the descriptor is readable while messages wait")
        #expect(mailbox.take() == [2, 3])
        #expect(poll(&ready, 1, 0) == 0, "and not after they were taken")
    }
}
