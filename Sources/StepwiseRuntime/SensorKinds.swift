import StepwiseCore
import StepwiseDevices
import StepwiseFormats
import StepwiseOpenProtocol

/// The one place the cell's input kinds meet their adapters: a kind's settings (read by
/// `StepwiseFormats`) become its adapter's own requests, opened as one `SensorSource`, and its
/// rows in `stepwise devices`. A new kind is its adapter, its settings and reader (one entry in
/// `InputKinds`), its schema object and one line in `all`; a test checks every readable kind has one.
struct SensorKind: Sendable {
    /// As `stepwise monitor` names the kind: its `InputSettings.kind`.
    let name: String
    /// What a device of this kind that cannot be opened is in the log.
    let faultKind: DeviceFault.Kind
    /// The cell's devices of this kind opened as one source; nil when the cell has none (or the
    /// kind has no devices: simulated inputs come from the console and replays).
    let open: @Sendable (Cell) -> Result<any SensorSource, DeviceError>?
    /// Whether the input is there, looked at without claiming anything; nil for another kind.
    let presence: @Sendable (Input, Cell) -> PresenceLine?

    init<Settings: InputSettings>(
        _ settings: Settings.Type, faultKind: DeviceFault.Kind = .sensor,
        open: @escaping @Sendable (Cell) -> Result<any SensorSource, DeviceError>? = { _ in nil },
        presence: @escaping @Sendable (Settings, Input, Cell) -> PresenceLine
    ) {
        name = Settings.kind
        self.faultKind = faultKind
        self.open = open
        self.presence = { input, cell in input.source.settings(as: Settings.self).map { presence($0, input, cell) } }
    }

    static let all: [SensorKind] = [
        SensorKind(GPIOInputSettings.self, open: { EdgeSensorSource.gpio(GPIOLineRequest.inputs(of: $0)) }) {
            gpio, input, _ in
            DevicePresence.gpio(input.id.rawValue, kind: .gpioInput, chip: gpio.chip, line: gpio.line)
        },
        SensorKind(
            USBInputSettings.self, faultKind: .usb,
            open: { USBSensorSource.open(devices: $0.usbDevices, inputs: USBInputBit.inputs(of: $0)) }
        ) { DevicePresence.usbInput($1.id.rawValue, device: $0.device, byte: $0.byte, bit: $0.bit, in: $2) },
        SensorKind(SimulatedInputSettings.self) { simulated, input, _ in
            DevicePresence.simulated(input.id.rawValue, key: simulated.key)
        },
        SensorKind(OpenProtocolInputSettings.self, open: { OpenProtocolSource.open(.all(in: $0)) }) {
            tool, input, _ in
            DevicePresence.openProtocol(input.id.rawValue, controller: tool.controller, result: tool.result.rawValue)
        },
    ]

    static func named(_ name: String) -> SensorKind? { all.first { $0.name == name } }
}

extension Cell {
    /// The inputs of one kind with their settings, in the cell file's order.
    func inputs<Settings: InputSettings>(_ type: Settings.Type) -> [(id: InputID, settings: Settings)] {
        inputs.compactMap { input in input.source.settings(as: type).map { (input.id, $0) } }
    }
}

extension DevicePresence {
    /// What `stepwise devices --cell` prints: every device the cell names, inputs as their kind sees them.
    public static func check(cell: Cell) -> [PresenceLine] {
        check(cell: cell, projector: DisplayBackends.presence(of: cell.projector)) { input in
            SensorKind.named(input.source.kind)?.presence(input, cell)
                ?? PresenceLine(
                    subject: input.id.rawValue, kind: PresenceLine.Kind(rawValue: input.source.kind), present: false,
                    detail: "no adapter reads inputs of kind '\(input.source.kind)'")
        }
    }
}

extension GPIOLineRequest {
    /// The cell's GPIO inputs; inputs of other kinds are left out.
    public static func inputs(of cell: Cell) -> [InputID: GPIOLineRequest] {
        var requests: [InputID: GPIOLineRequest] = [:]
        for (id, gpio) in cell.inputs(GPIOInputSettings.self) {
            requests[id] = GPIOLineRequest(
                chip: gpio.chip, line: gpio.line, activeLow: gpio.activeLow, bias: gpio.bias, consumer: id.rawValue)
        }
        return requests
    }
}

extension USBInputBit {
    /// The cell's inputs that are bits of USB reports.
    static func inputs(of cell: Cell) -> [USBInputBit] {
        cell.inputs(USBInputSettings.self).map {
            USBInputBit(device: $0.settings.device, byte: $0.settings.byte, bit: $0.settings.bit, input: $0.id)
        }
    }
}

extension KeyMap {
    /// The cell's simulated inputs that have a key, in the cell file's order.
    public init(cell: Cell) {
        self.init(
            keys: cell.inputs(SimulatedInputSettings.self).compactMap { id, simulated in simulated.key.map { (id, $0) }
            })
    }
}

extension [OpenProtocolSource.Controller] {
    /// The cell's torque controllers, one per host and port, with the inputs their verdicts activate.
    static func all(in cell: Cell) -> Self {
        var controllers: [OpenProtocolSource.Controller] = []
        for (id, tool) in cell.inputs(OpenProtocolInputSettings.self) {
            // The reader accepted only numeric addresses and ports in range.
            guard let address = TCPAddress(host: tool.host, port: tool.port) else { continue }
            var index = controllers.firstIndex { $0.address == address }
            if index == nil {
                var configuration = ControllerConfiguration()
                if let seconds = tool.keepAliveSeconds { configuration.keepAlive = .seconds(seconds) }
                controllers.append(.init(address: address, inputs: .init(), configuration: configuration))
                index = controllers.count - 1
            }
            switch tool.result {
            case .ok: controllers[index!].inputs.ok = id
            case .nok: controllers[index!].inputs.nok = id
            }
        }
        return controllers
    }
}
