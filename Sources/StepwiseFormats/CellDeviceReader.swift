import StepwiseCore
import Yams

/// USB devices, outputs, roles, and the check that no GPIO line is wired twice.
extension CellReader {
    func readUSBDevices(_ node: Node) -> [USBDevice]? {
        var ids: [String: Node] = [:]
        return reader.list(node, "usb-devices", limit: 32)?.compactMap { item in
            guard let fields = reader.fields(item, FormatKeys.usbDevice), let idNode = fields["id"],
                let id = reader.identifier(idNode, "usb device id"), !isDuplicate(id, idNode, &ids),
                let kind = fields["kind"].flatMap({ reader.choice($0, "usb device kind", as: USBDevice.Kind.self) }),
                let vendor = fields["vendor"].flatMap({ hex($0, "vendor", max: 0xFFFF) }),
                let product = fields["product"].flatMap({ hex($0, "product", max: 0xFFFF) })
            else { return nil }
            let serial = fields["serial"].flatMap { reader.string($0, "serial", maxLength: 128) }
            let interface =
                fields["interface"].flatMap { reader.integer($0, "interface", in: Limits.usbInterface) } ?? 0
            let endpoint = fields["endpoint"].flatMap { hex($0, "endpoint", max: 0x8F) } ?? 0x81
            if endpoint < 0x81 {
                reader.report(
                    fields["endpoint"]?.mark, "endpoint 0x\(String(endpoint, radix: 16)) is not an IN endpoint",
                    expected: "an interrupt-IN address 0x81 to 0x8f")
            }
            let port = fields["port"].flatMap(portPath)
            usbKinds[id] = kind
            return USBDevice(
                id: id, kind: kind, vendorID: UInt16(vendor), productID: UInt16(product), serial: serial,
                interface: interface, endpoint: UInt8(endpoint), port: port)
        }
    }

    /// `"1-2.3"`: bus, then the port numbers from the root hub (at most 7, USB's hub depth).
    private func portPath(_ node: Node) -> String? {
        guard let text = reader.string(node, "port", maxLength: 32) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let ports = parts.count == 2 ? parts[1].split(separator: ".", omittingEmptySubsequences: false) : []
        let numbers = ([parts.first ?? ""] + ports).map { Int($0) }
        guard parts.count == 2, (1...7).contains(ports.count), numbers.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            reader.report(
                node.mark, "port '\(text)' is not a USB port path",
                expected: "bus-port[.port…] as udev and `lsusb -t` show it, e.g. \"1-2.3\"")
            return nil
        }
        return text
    }

    private func isDuplicate(_ id: String, _ node: Node, _ ids: inout [String: Node]) -> Bool {
        if let first = ids[id] {
            reader.report(
                node.mark, "duplicate usb device id '\(id)' (first at line \(first.mark?.line ?? 0))",
                expected: "a unique id")
            return true
        }
        ids[id] = node
        return false
    }

    /// `"0x0c45"` (quoted hex, as lsusb prints it) or a plain number.
    private func hex(_ node: Node, _ what: String, max: Int) -> Int? {
        let text = node.scalar?.string ?? ""
        let value: Int?
        if node.resolvedTag == .int {
            value = node.int
        } else if text.lowercased().hasPrefix("0x") {
            value = Int(text.dropFirst(2), radix: 16)
        } else {
            value = nil
        }
        guard let value, (0...max).contains(value) else {
            reader.report(
                node.mark, "\(what) '\(Describe.clip(text))' is not a number from 0 to 0x\(String(max, radix: 16))",
                expected: "a hexadecimal id such as \"0x0c45\"")
            return nil
        }
        return value
    }

    func readOutputs(_ node: Node) -> [Output]? {
        reader.list(node, "outputs", limit: Limits.outputs)?.compactMap { item in
            guard let fields = reader.fields(item, FormatKeys.output), let idNode = fields["id"],
                let id = reader.identifier(idNode, "output id")
            else { return nil }
            if let first = outputIDs[id] {
                reader.report(
                    idNode.mark, "duplicate output id '\(id)' (first at line \(first.mark?.line ?? 0))",
                    expected: "a unique id")
                return nil
            }
            outputIDs[id] = idNode
            switch (fields["gpio"], fields["simulated"]) {
            case (let gpio?, nil):
                guard let line = reader.fields(gpio, FormatKeys.gpioOutput), let (chip, offset, low) = readLine(line)
                else { return nil }
                return Output(id: OutputID(id), sink: .gpio(chip: chip, line: offset, activeLow: low))
            case (nil, let simulated?):
                return reader.fields(simulated, FormatKeys.simulatedOutput).map { _ in
                    Output(id: OutputID(id), sink: .simulated)
                }
            default:
                reader.report(
                    fields.mark, "output '\(id)' needs exactly one of gpio or simulated",
                    expected: "gpio: {chip, line} or simulated: {}")
                return nil
            }
        }
    }

    func readRoles(_ node: Node) -> StationRoles {
        guard let fields = reader.fields(node, FormatKeys.roles) else { return StationRoles() }
        let help = fields["help"].flatMap { known($0, "help input", in: inputIDs) }
        let confirm = fields["confirm"].flatMap { known($0, "confirm input", in: inputIDs) }
        let reader = fields["reader"].flatMap { known($0, "reader usb device", in: usbKinds) }
        if let reader, usbKinds[reader] != .keyboard {
            self.reader.report(
                fields["reader"]?.mark, "reader '\(reader)' is not a keyboard-like device",
                expected: "a usb device of kind keyboard")
        }
        return StationRoles(help: help.map { InputID($0) }, confirm: confirm.map { InputID($0) }, reader: reader)
    }

    /// Two signals on one GPIO line would fight; report the second.
    func checkSharedLines(inputs: [Input], outputs: [Output]) {
        var used: [String: String] = [:]
        func claim(_ chip: String, _ line: Int, _ id: String, _ node: Node?) {
            let key = "\(chip):\(line)"
            if let first = used[key] {
                reader.report(
                    node?.mark, "'\(id)' uses GPIO \(chip) line \(line), already used by '\(first)'",
                    expected: "one signal per GPIO line")
            }
            used[key] = id
        }
        for input in inputs {
            if let gpio = input.source.settings(as: GPIOInputSettings.self) {
                claim(gpio.chip, gpio.line, input.id.rawValue, inputIDs[input.id.rawValue])
            }
        }
        for output in outputs {
            if case .gpio(let chip, let line, _) = output.sink {
                claim(chip, line, output.id.rawValue, outputIDs[output.id.rawValue])
            }
        }
    }
}
