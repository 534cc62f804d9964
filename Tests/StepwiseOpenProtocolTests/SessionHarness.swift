import StepwiseTestSupport
@testable import StepwiseOpenProtocol

/// Plays the network and the clock for a `ControllerSession`: events go in at a manual time, actions come out.
struct SessionHarness {
    var session: ControllerSession<FuzzRandom>
    var now = MonotonicTime(nanoseconds: 1_000_000_000)

    init(_ configure: (inout ControllerConfiguration) -> Void = { _ in }) {
        var configuration = ControllerConfiguration()
        configure(&configuration)
        session = ControllerSession(configuration: configuration, random: FuzzRandom(seed: 7))
    }

    @discardableResult
    mutating func handle(_ event: ControllerEvent) -> [ControllerAction] { session.handle(event, at: now) }

    /// Moves the clock to `timer`'s deadline and fires it.
    @discardableResult
    mutating func fire(_ timer: ControllerTimer) -> [ControllerAction] {
        guard let deadline = session.deadline(timer) else { return [] }
        now = deadline
        return handle(.timerFired(timer))
    }

    mutating func advance(by duration: Duration) { now = now.advanced(by: duration) }

    /// The controller says something (frames built by the simulator's own encoder).
    @discardableResult
    mutating func reply(_ mid: Int, revision: Int = 1, _ data: String = "") -> [ControllerAction] {
        handle(.bytesReceived(OpenProtocolController.frame(mid: mid, revision: revision, data: data)))
    }

    /// Connects and completes the handshake at the highest revisions.
    mutating func startRunning() -> [ControllerAction] {
        var actions = handle(.start) + handle(.connected)
        actions += reply(2, revision: 3, OpenProtocolController.startData(3))
        actions += reply(5, "0060")
        return actions
    }
}

extension OpenProtocolController {
    static func startData(_ revision: Int) -> String {
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        var data = "010001" + "0201" + "03" + pad("Bench PF", 25)
        if revision >= 2 { data += "04" + "SIM" }
        if revision >= 3 { data += "05" + pad("2.16.0", 19) + "06" + pad("C 1.0", 19) + "07" + pad("T 1.0", 19) }
        return data
    }
}

func requests(_ actions: [ControllerAction]) -> [ControllerRequest] {
    actions.compactMap { if case .send(_, let request) = $0 { request } else { nil } }
}

func faults(_ actions: [ControllerAction]) -> [ControllerFault] {
    actions.compactMap { if case .fault(let fault) = $0 { fault } else { nil } }
}

func results(_ actions: [ControllerAction]) -> [TighteningResult] {
    actions.compactMap { if case .deliver(let result) = $0 { result } else { nil } }
}
