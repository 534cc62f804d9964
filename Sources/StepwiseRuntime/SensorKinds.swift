import StepwiseCore
import StepwiseDevices

/// The one place the cell's input kinds become sensor sources. A new kind is its adapter
/// (a `SensorSource`) and one line in `all`; everything after the read is shared.
struct SensorKind: Sendable {
    /// As `stepwise monitor` names the kind.
    let name: String
    /// What a device of this kind that cannot be opened is in the log.
    let faultKind: DeviceFault.Kind
    /// The cell's devices of this kind opened as one source; nil when the cell has none.
    let open: @Sendable (Cell) -> Result<any SensorSource, DeviceError>?

    static let all: [SensorKind] = [
        SensorKind(name: "gpio", faultKind: .sensor, open: { EdgeSensorSource.gpio(of: $0) }),
        SensorKind(name: "usb", faultKind: .usb, open: { USBSensorSource.open(cell: $0) }),
    ]
}
