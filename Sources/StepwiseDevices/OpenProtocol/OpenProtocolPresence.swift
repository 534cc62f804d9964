extension PresenceLine.Kind {
    public static let openProtocolInput = PresenceLine.Kind(rawValue: "open-protocol input")
}

extension DevicePresence {
    /// An input fed by a torque controller. The controller is not contacted: most take one client
    /// at a time, so a look would knock the running station off it. `stepwised` reports an
    /// unreachable controller as a fault.
    public static func openProtocol(_ name: String, controller: String, result: String) -> PresenceLine {
        PresenceLine(
            subject: name, kind: .openProtocolInput, present: true,
            detail: "torque controller \(controller), result \(result) (not contacted here)")
    }
}
