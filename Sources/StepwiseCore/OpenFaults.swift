/// The device faults raised and not yet cleared, by device name. Every event asks whether
/// sensing is degraded and what to show, so both are answered in constant time however many
/// devices are faulty: a count of the degrading ones, and the raise order to find the newest.
public struct OpenFaults: Hashable, Sendable {
    private var byDevice: [String: DeviceFault] = [:]
    /// Devices in the order raised, newest last. A cleared device stays until it reaches the end
    /// or the list is compacted, so clearing never searches it; the last entry is always open.
    private var order: [String] = []
    /// How many open faults are of a kind that degrades sensing.
    public private(set) var degradingCount = 0

    public init() {}

    public var isEmpty: Bool { byDevice.isEmpty }
    public var count: Int { byDevice.count }
    public subscript(device: String) -> DeviceFault? { byDevice[device] }
    /// The devices with an open fault, in no particular order.
    public var keys: Dictionary<String, DeviceFault>.Keys { byDevice.keys }

    /// The fault raised last among those still open.
    public var newest: DeviceFault? { order.last.flatMap { byDevice[$0] } }

    /// Raises `fault` (a device raised again takes the new kind and message, and becomes newest).
    public mutating func raise(_ fault: DeviceFault) {
        if let old = byDevice.updateValue(fault, forKey: fault.device), old.degradesSensing { degradingCount -= 1 }
        if fault.degradesSensing { degradingCount += 1 }
        order.append(fault.device)
        compactIfMostlyStale()
    }

    /// Clears the fault of `device`; false if it had none.
    @discardableResult
    public mutating func clear(_ device: String) -> Bool {
        guard let old = byDevice.removeValue(forKey: device) else { return false }
        if old.degradesSensing { degradingCount -= 1 }
        while let last = order.last, byDevice[last] == nil { order.removeLast() }
        compactIfMostlyStale()
        return true
    }

    /// Drops stale and repeated entries once they outnumber the open faults: each compaction
    /// costs what the operations since the last one left behind, so O(1) per operation overall.
    private mutating func compactIfMostlyStale() {
        guard order.count > 2 * byDevice.count + 16 else { return }
        var seen = Set<String>()
        var kept: [String] = []
        for device in order.reversed() where byDevice[device] != nil && seen.insert(device).inserted {
            kept.append(device)
        }
        order = kept.reversed()
    }

    /// Equal when the same faults are open; the bookkeeping of the raise order is no part of it.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.byDevice == rhs.byDevice }
    public func hash(into hasher: inout Hasher) { hasher.combine(byDevice) }
}

extension DeviceFault {
    /// A sensor may miss steps and a lamp may stay dark: the station falls back to full guidance.
    /// A projector or storage fault changes nothing on the bench.
    public var degradesSensing: Bool { [.sensor, .usb, .output].contains(kind) }
}
