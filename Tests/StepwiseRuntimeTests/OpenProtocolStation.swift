import Glibc
import StepwiseCore
import StepwiseDevices
import StepwiseOpenProtocol
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// The station's sensor path (real event loop, `SensorInputs`, `SensorMeaning`) with an
/// `OpenProtocolSource` talking to the simulated controller over TCP on 127.0.0.1. The test
/// scripts the controller in stages; each stage waits for a condition, checked on a loop timer,
/// never by sleeping.
final class OpenProtocolStation {
    struct Stage {
        var name: String
        var until: (OpenProtocolStation) -> Bool
        var then: () -> Void = {}
    }

    let controller: OpenProtocolController
    private(set) var events: [StationEvent] = []
    /// The stage the run stopped in (nil when all were reached): names the step that never came.
    private(set) var stuckAt: String?

    init(_ controller: OpenProtocolController) { self.controller = controller }

    static func configuration(_ change: (inout ControllerConfiguration) -> Void = { _ in }) -> ControllerConfiguration {
        var configuration = ControllerConfiguration()
        configuration.keepAlive = .milliseconds(150)
        // Generous next to 127.0.0.1 round trips, so a loaded build machine does not make a spurious fault.
        configuration.answerTimeout = .seconds(1)
        configuration.connectTimeout = .seconds(1)
        configuration.backoff = ReconnectBackoff(initial: .milliseconds(20), cap: .milliseconds(80))
        change(&configuration)
        return configuration
    }

    var faults: [DeviceFault] { events.compactMap { if case .fault(let fault) = $0 { fault } else { nil } } }
    var cleared: Int { events.filter { if case .faultCleared = $0 { true } else { false } }.count }
    var activations: [InputID] { tightenings.map(\.input) }
    var tightenings: [(input: InputID, values: Tightening)] {
        events.compactMap { if case .tightened(let input, let values) = $0 { (input, values) } else { nil } }
    }

    /// Runs the stages in order on a fresh loop, each until its condition holds; `limit` is a safety
    /// net so a failure cannot hang (the test then fails on `stuckAt`, not on a time).
    func run(
        port: UInt16? = nil, configuration: ControllerConfiguration = configuration(), upTo limit: Double = 10,
        _ stages: [Stage]
    ) throws {
        let definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        let address = try #require(TCPAddress(host: "127.0.0.1", port: Int(port ?? controller.port)))
        let source = OpenProtocolSource([
            .init(address: address, inputs: .init(ok: "torque.ok", nok: "torque.nok"), configuration: configuration)
        ])
        let loop = try EventLoop()
        let sensors = SensorInputs(
            cell: definitions.cell, instructionSets: definitions.instructionSets, sources: [source])
        sensors.onEvent = { [unowned self] event, _ in events.append(event) }
        var remaining = stages[...]
        stuckAt = remaining.first?.name
        func check() {
            while let stage = remaining.first, stage.until(self) {
                remaining.removeFirst()
                stage.then()
            }
            stuckAt = remaining.first?.name
            if remaining.isEmpty { return loop.stop() }
            loop.schedule(at: MonotonicInstant.now().adding(milliseconds: 5), check)
        }
        sensors.start(on: loop)
        loop.schedule(at: .now(), check)
        loop.schedule(at: MonotonicInstant.now().adding(seconds: limit)) { loop.stop() }
        loop.run()
        sensors.close()
        loop.close()
    }
}

/// A port on 127.0.0.1 bound but not listening, held while `body` runs: every connect to it is refused, and
/// no other test can take it meanwhile.
func withRefusingPort<T>(_ body: (UInt16) throws -> T) throws -> T {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    try #require(fd >= 0 && bound)
    return try body(UInt16(bigEndian: address.sin_port))
}
