import StepwiseCore
import StepwiseDevices
import StepwiseRuntime

/// What the latency probe does, one step at a time, as the devices would: GPIO inputs as edges
/// through the debouncer, pedal and check buttons as decoded USB presses, the badge and the
/// variant code as reader lines, logout from the console.
enum BenchStep: Sendable {
    /// A GPIO input whose level holds for its debounce time, then drops.
    case edge(InputID, debounceNanoseconds: UInt64)
    case press(InputID)
    case badge(String)
    case scan(String)
    case logout

    /// A short name for reports: what kind of event a sample was.
    var kind: String {
        switch self {
        case .edge(let input, _): "gpio \(input)"
        case .press(let input): "usb \(input)"
        case .badge: "badge"
        case .scan: "scan"
        case .logout: "logout"
        }
    }

    /// The badge the benchmark's worker logs in with.
    static let badge = "bench-0001"

    /// A sensor or scanner event, as opposed to a worker's badge login or logout, which read and
    /// write their records and skills and are reported apart.
    var isSensor: Bool {
        switch self {
        case .edge, .press, .scan: true
        case .badge, .logout: false
        }
    }

    /// Whole work cycles (`BenchStations.events`) up to the `sensorEvents`-th sensor event.
    static func script(_ definitions: Definitions, gpio: Set<InputID>, sensorEvents: Int) -> [BenchStep] {
        var steps: [BenchStep] = []
        var sensors = 0
        for step in all(definitions, gpio: gpio, count: 2 * sensorEvents + 64) where sensors < sensorEvents {
            steps.append(step)
            if step.isSensor { sensors += 1 }
        }
        return steps
    }

    private static func all(_ definitions: Definitions, gpio: Set<InputID>, count: Int) -> [BenchStep] {
        let cell = definitions.cell
        return BenchStations.events(definitions, count: count).compactMap { timed in
            switch timed.event {
            case .login: return .badge(badge)
            case .logout: return .logout
            case .select(let set, let variant):
                let code = definitions.instructionSets.first { $0.id == set }?.variants.first { $0.id == variant }?.code
                return .scan(code ?? variant?.rawValue ?? set.rawValue)
            case .activated(let input) where gpio.contains(input):
                let milliseconds = cell.input(input)?.debounceMilliseconds ?? 10
                return .edge(
                    input, debounceNanoseconds: Nanoseconds.clamping(milliseconds, unit: Nanoseconds.perMillisecond))
            case .activated(let input): return .press(input)
            default: return nil
            }
        }
    }
}
