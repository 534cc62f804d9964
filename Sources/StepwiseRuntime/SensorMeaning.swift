import StepwiseCore
import StepwiseDevices

/// What a sensor report means to the station. Pure, so the mapping from debounced changes and
/// every source's readings to station events (faults for stuck and unplugged inputs included) is tested
/// without hardware.
public enum SensorMeaning: Hashable, Sendable {
    /// An event for the station machine. The cell's `roles.help` / `roles.confirm` inputs arrive
    /// as `.activated(input)`; `StationMachine` turns them into help and confirm-by-hand.
    case event(StationEvent)
    /// A badge was read: the runtime turns it into a pseudonym before anything else sees it.
    case badge(String)

    /// The station event of a debounced change of `input`, if any. `wall` converts the change's
    /// monotonic stamp to wall time for the fault message.
    public static func of(_ change: Debouncer.Change, input: InputID, wall: (MonotonicInstant) -> Instant)
        -> SensorMeaning?
    {
        switch change {
        case .activated: return .event(.activated(input))
        case .deactivated: return nil
        case .stuck(let since):
            return .event(
                .fault(
                    DeviceFault(
                        device: "\(input)", kind: .sensor,
                        message:
                            "active since \(wall(since)) — stuck sensor or a part left in the beam? Confirm steps by hand meanwhile"
                    )))
        case .released: return .event(.faultCleared(device: "\(input)"))
        }
    }

    /// The station event of a reading from any source. A reader line that is a known variant code
    /// or set id is a scan; any other line from the cell's reader is a badge. Raw edges are
    /// debounced first (see the other `of`), so they mean nothing here.
    public static func of(_ reading: SensorReading.What, cell: Cell, knownCodes: Set<String>) -> SensorMeaning? {
        switch reading {
        case .edge, .inactive: return nil
        case .active(let input): return .event(.activated(input))
        case .tightening(let input, let tightening): return .event(.tightened(input, tightening))
        case .line(let device, let text):
            return device == cell.roles.reader && !knownCodes.contains(text) ? .badge(text) : .event(.scanned(text))
        case .absent(let fault), .fault(let fault): return .event(.fault(fault))
        case .present(let device): return .event(.faultCleared(device: device))
        }
    }

    /// The station event of a USB event (as a reading of the USB source).
    public static func of(_ event: USBEvent, cell: Cell, knownCodes: Set<String>) -> SensorMeaning? {
        of(event.reading, cell: cell, knownCodes: knownCodes)
    }
}
