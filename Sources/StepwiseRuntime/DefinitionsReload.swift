import Foundation
import Glibc
import StepwiseBackground
import StepwiseDevices

/// Loads the definitions on a thread of its own, so a reload (SIGHUP, a saved file) never holds up
/// the event loop: sensors, records, the watchdog and SIGTERM go on while a file is parsed. A load
/// has a time budget: past it the loop stops waiting, says so, keeps the last good definitions and
/// drops whatever the load returns later. (A thread cannot be killed; a runaway parse ends on its
/// own or with the process.) Files over `Limits.fileBytes` are refused by the loader itself.
///
/// The result comes back without a lock on the loop thread: the loading thread sends the address of
/// a retained `Delivery` as one datagram over a socket pair the loop watches, and the loop takes it.
/// Owned by the loop's thread; only the loading threads and the `Outbox` cross threads.
final class DefinitionsReload {
    typealias Load = @Sendable () -> Result<Definitions, DefinitionError>

    enum Outcome {
        case loaded(Definitions)
        case refused(DefinitionError)
        /// The load ran past `budget` seconds; it was not waited for.
        case abandoned(budget: Double)
    }

    /// Loads running at once, abandoned ones included: a second file that parses forever cannot
    /// start a third thread, so runaway parses do not pile up.
    static let maximumRunning = 2

    let budget: Double
    private let load: Load
    private weak var loop: EventLoop?
    private let receiver: Int32
    private let outbox: Outbox
    private var token: WatchToken?
    private var tickets: UInt64 = 0
    /// The load the loop is waiting for and its budget timer; nil when none (an abandoned one is not).
    private var awaited: (ticket: UInt64, timer: TimerToken)?
    private var running = 0
    /// A reload was asked for while one ran: one more follows it, so a burst of saves is two loads at most.
    private var pending = false
    /// Each finished or abandoned load, on the loop.
    var onOutcome: ((Outcome) -> Void)?
    /// A load that had been abandoned has returned; its result was dropped (tests).
    var onDropped: (() -> Void)?
    /// A request has to wait because `maximumRunning` loads are still running.
    var onWaiting: (() -> Void)?

    init(loop: EventLoop, budget: Double, load: @escaping Load) throws(DeviceError) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw DeviceError(
                device: "reload", kind: .system,
                message: "socketpair failed: \(String(cString: strerror(errno))); expected AF_UNIX sockets")
        }
        receiver = ends[0]
        outbox = Outbox(fd: ends[1])
        self.loop = loop
        self.budget = budget
        self.load = load
        do {
            token = try loop.watch(fd: receiver) { [weak self] in self?.receive() }
        } catch {
            Glibc.close(receiver)
            throw error
        }
    }

    deinit { close() }

    /// Stops listening; loads still running finish into a closed socket and free their result.
    func close() {
        guard let token else { return }
        loop?.unwatch(token)
        self.token = nil
        receive()
        Glibc.close(receiver)
    }

    /// True while the loop waits for a load.
    var isLoading: Bool { awaited != nil }

    /// Starts a load, or marks one to follow the load that is running.
    func request() {
        guard awaited == nil, running < Self.maximumRunning else {
            if awaited == nil, !pending { onWaiting?() }
            pending = true
            return
        }
        start()
    }

    private func start() {
        guard let loop else { return }
        tickets += 1
        let ticket = tickets
        running += 1
        let timer = loop.schedule(at: MonotonicInstant.now().adding(seconds: budget)) { [weak self] in
            self?.expire(ticket)
        }
        awaited = (ticket, timer)
        let (load, outbox) = (self.load, self.outbox)
        let thread = Thread {
            // A parse is not urgent: never compete with a real-time event thread.
            WorkerPriority.lowerCurrentThread()
            outbox.send(Delivery(ticket: ticket, result: load()))
        }
        thread.name = "stepwise.reload"
        // The parser recurses; give it what the main thread has.
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func expire(_ ticket: UInt64) {
        guard let awaited, awaited.ticket == ticket else { return }
        self.awaited = nil
        onOutcome?(.abandoned(budget: budget))
        startPending()
    }

    /// Takes every delivery waiting in the socket.
    private func receive() {
        var address: UInt = 0
        while recv(receiver, &address, MemoryLayout<UInt>.size, Int32(MSG_DONTWAIT)) == MemoryLayout<UInt>.size {
            guard let pointer = UnsafeRawPointer(bitPattern: address) else { continue }
            arrived(Unmanaged<Delivery>.fromOpaque(pointer).takeRetainedValue())
        }
    }

    private func arrived(_ delivery: Delivery) {
        running -= 1
        if let awaited, awaited.ticket == delivery.ticket {
            loop?.cancel(awaited.timer)
            self.awaited = nil
            switch delivery.result {
            case .success(let definitions): onOutcome?(.loaded(definitions))
            case .failure(let error): onOutcome?(.refused(error))
            }
        } else {
            onDropped?()
        }
        startPending()
    }

    private func startPending() {
        guard pending, awaited == nil, running < Self.maximumRunning else { return }
        pending = false
        start()
    }

    /// One load's result on its way to the loop.
    private final class Delivery: Sendable {
        let ticket: UInt64
        let result: Result<Definitions, DefinitionError>
        init(ticket: UInt64, result: Result<Definitions, DefinitionError>) {
            self.ticket = ticket
            self.result = result
        }
    }

    /// The sending end of the socket pair, shared by the loading threads: it is closed when the
    /// last of them and the reload are gone, so a thread never sends on a number reused since.
    private final class Outbox: Sendable {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { Glibc.close(fd) }

        /// Hands `delivery` to the loop; if the loop is gone (or its queue is full) it is freed here.
        func send(_ delivery: Delivery) {
            let pointer = Unmanaged.passRetained(delivery).toOpaque()
            var address = UInt(bitPattern: pointer)
            let size = MemoryLayout<UInt>.size
            if Glibc.send(fd, &address, size, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) != size {
                Unmanaged<Delivery>.fromOpaque(pointer).release()
            }
        }
    }
}

extension DefinitionsReload {
    /// The first load, before the loop exists: the same budget, waited for on the calling thread.
    /// Past the budget the daemon does not start (the parse thread ends with the process).
    static func loadAtStart(budget: Double, load: @escaping Load) -> Result<Definitions, DefinitionError> {
        let done = DispatchSemaphore(value: 0)
        let slot = StartSlot()
        let thread = Thread {
            slot.result = load()
            done.signal()
        }
        thread.name = "stepwise.load"
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + budget) == .success, let result = slot.result else {
            return .failure(
                DefinitionError(
                    report:
                        "stepwised: loading the definitions took longer than \(budget) s; expected files that load in well under a second (look for a file that is very large or deeply nested)"
                ))
        }
        return result
    }

    /// `@unchecked Sendable`: written once by the loading thread before it signals, read after the wait.
    private final class StartSlot: @unchecked Sendable {
        var result: Result<Definitions, DefinitionError>?
    }
}
