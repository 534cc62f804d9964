import Glibc
import StepwiseCore
import Yams

/// One verdict of a torque controller reached over Open Protocol: the input is active each time
/// the controller at `host:port` reports a tightening with this `result`. Two inputs (`torque.ok`,
/// `torque.nok`) naming the same controller share one connection, as two lines share one chip.
public struct OpenProtocolInputSettings: InputSettings {
    public static let kind = "open-protocol"
    public static let defaultPort = 4545

    /// The tightening status an input stands for.
    public enum Verdict: String, Hashable, Sendable, CaseIterable { case ok, nok }

    /// A numeric IPv4 or IPv6 address: a name would need a resolver call, which blocks.
    public var host: String
    public var port: Int
    /// Send a keep-alive after this long without traffic; nil: the client's default (10 s).
    public var keepAliveSeconds: Int?
    public var result: Verdict

    public init(host: String, port: Int = defaultPort, keepAliveSeconds: Int? = nil, result: Verdict) {
        self.host = host
        self.port = port
        self.keepAliveSeconds = keepAliveSeconds
        self.result = result
    }

    /// `10.0.4.21:4545`, `[fd00::7]:4545`: how the controller is named in faults and in `stepwise devices`.
    public var controller: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension Limits {
    public static let tcpPort = 1...65535
    /// Below the common 15 s controller timeout is wise, up to a minute is allowed.
    public static let keepAliveSeconds = 1...60
}

extension InputSource {
    public static func openProtocol(
        host: String, port: Int = OpenProtocolInputSettings.defaultPort, keepAliveSeconds: Int? = nil,
        result: OpenProtocolInputSettings.Verdict
    ) -> InputSource {
        InputSource(
            OpenProtocolInputSettings(host: host, port: port, keepAliveSeconds: keepAliveSeconds, result: result))
    }
}

extension CellReader {
    /// `open-protocol: {host: 10.0.4.21, port: 4545, keep-alive-s: 10, result: ok}`. `claims` holds what other
    /// inputs took: one input per verdict of a controller, and one keep-alive per controller.
    func readOpenProtocolInput(_ node: Node, claims: inout [String: Node]) -> InputSource? {
        guard let fields = reader.fields(node, InputKind.openProtocol), let hostNode = fields["host"],
            let host = reader.string(hostNode, "open-protocol host", maxLength: 64),
            let result = fields["result"].flatMap({
                reader.choice($0, "open-protocol result", as: OpenProtocolInputSettings.Verdict.self)
            })
        else { return nil }
        guard Self.isNumericAddress(host) else {
            reader.report(
                hostNode.mark, "open-protocol host '\(Describe.clip(host))' is not an IP address",
                expected: "the controller's fixed IPv4 or IPv6 address such as 10.0.4.21 (names are not resolved)")
            return nil
        }
        let port = fields["port"].map { reader.integer($0, "open-protocol port", in: Limits.tcpPort) }
        let keepAlive = fields["keep-alive-s"].map {
            reader.integer($0, "open-protocol keep-alive-s", in: Limits.keepAliveSeconds)
        }
        guard port != .some(nil), keepAlive != .some(nil) else { return nil }
        let settings = OpenProtocolInputSettings(
            host: host, port: port.flatMap { $0 } ?? OpenProtocolInputSettings.defaultPort,
            keepAliveSeconds: keepAlive.flatMap { $0 }, result: result)
        claimVerdict(settings, node: fields["result"] ?? node, claims: &claims)
        claimKeepAlive(settings, node: fields["keep-alive-s"] ?? node, claims: &claims)
        return InputSource(settings)
    }

    /// A verdict of a controller is one input: a second would count every tightening twice.
    private func claimVerdict(_ settings: OpenProtocolInputSettings, node: Node, claims: inout [String: Node]) {
        let key = "open-protocol \(settings.controller) \(settings.result.rawValue)"
        if let first = claims[key] {
            reader.report(
                node.mark,
                "result '\(settings.result.rawValue)' of controller \(settings.controller) is already an input "
                    + "(line \(first.mark?.line ?? 0))",
                expected: "one input per result of a controller")
        } else {
            claims[key] = node
        }
    }

    /// Inputs of one controller share its connection, so they must agree on its keep-alive. The first input's
    /// `keep-alive-s` node is kept (its mapping when it has none).
    private func claimKeepAlive(_ settings: OpenProtocolInputSettings, node: Node, claims: inout [String: Node]) {
        let key = "open-protocol \(settings.controller) keep-alive"
        guard let first = claims[key] else {
            claims[key] = node
            return
        }
        let theirs = first.scalar != nil ? first.int : nil
        if theirs != settings.keepAliveSeconds {
            reader.report(
                node.mark,
                "keep-alive-s of controller \(settings.controller) is \(Self.seconds(settings.keepAliveSeconds)) here "
                    + "but \(Self.seconds(theirs)) at line \(first.mark?.line ?? 0)",
                expected: "the same keep-alive-s (or none) on every input of one controller")
        }
    }

    private static func seconds(_ value: Int?) -> String { value.map { "\($0) s" } ?? "the default" }

    /// IPv4 dotted quad or IPv6, as `inet_pton` reads them: no name lookup.
    static func isNumericAddress(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }
}
