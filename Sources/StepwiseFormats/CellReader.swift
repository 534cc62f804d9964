import StepwiseCore
import Yams

/// Maps a cell document onto `Cell` and the ids of the instruction sets it runs.
final class CellReader {
    let reader: NodeReader
    let file: String
    var inputIDs: [String: Node] = [:]
    var outputIDs: [String: Node] = [:]
    var usbKinds: [String: USBDevice.Kind] = [:]

    init(reader: NodeReader) {
        self.reader = reader
        self.file = reader.file
    }

    func read(_ root: Node) -> (Cell, [InstructionSetID], LoadedCellSource)? {
        guard let fields = reader.fields(root, FormatKeys.cell) else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "cell id") }
        let title = fields["title"].flatMap { reader.localized($0, "title") }
        let language = fields["language"].flatMap(readLanguage) ?? "nl"
        let projector = fields["projector"].flatMap(readProjector)
        // Devices and outputs first: inputs, zones and roles refer to them.
        let usb = fields["usb-devices"].flatMap(readUSBDevices) ?? []
        let outputs = fields["outputs"].flatMap(readOutputs) ?? []
        let inputs = fields["inputs"].flatMap(readInputs) ?? []
        let zones = fields["zones"].flatMap(readZones) ?? []
        let roles = fields["roles"].map(readRoles) ?? StationRoles()
        let named = fields["instruction-sets"].flatMap(readSetReferences) ?? []
        let sets = named.map { (id: $0.reference.id.rawValue, node: $0.node) }
        checkSharedLines(inputs: inputs, outputs: outputs)
        guard let id, let title, let projector, !reader.hasErrors else { return nil }
        let cell = Cell(
            id: CellID(id), title: title, projector: projector, zones: zones, inputs: inputs, usbDevices: usb,
            outputs: outputs, roles: roles, language: language)
        let source = LoadedCellSource(
            file: file, idLocation: Location(fields["id"]?.mark), setLocations: sets.map { Location($0.node.mark) },
            pins: Dictionary(
                named.compactMap { item in item.reference.version.map { (item.reference.id, $0) } },
                uniquingKeysWith: { first, _ in first }))
        return (cell, sets.map { InstructionSetID($0.id) }, source)
    }

    /// `instruction-sets:` items: a set id, or `id@version` to pin one published version.
    private func readSetReferences(_ node: Node) -> [(reference: InstructionSetReference, node: Node)]? {
        guard let items = reader.list(node, "instruction set list", limit: 1000) else { return nil }
        var seen = Set<String>(), result: [(reference: InstructionSetReference, node: Node)] = []
        for item in items {
            guard let text = reader.string(item, "instruction set", maxLength: 2 * Limits.identifierCharacters + 1)
            else { continue }
            guard let reference = InstructionSetReference(text) else {
                reader.report(
                    item.mark, "'\(Describe.clip(text))' is not a valid instruction set",
                    expected: "a set id (led-streetlight) or a set id and a published version (led-streetlight@3.2)")
                continue
            }
            if !seen.insert(reference.id.rawValue).inserted {
                reader.report(
                    item.mark, "instruction set '\(reference.id)' is listed twice",
                    expected: "each instruction set once")
                continue
            }
            result.append((reference, item))
        }
        return result
    }

    private func readLanguage(_ node: Node) -> String? {
        guard let code = reader.string(node, "language", maxLength: 16) else { return nil }
        guard NodeReader.isLanguageCode(code) else {
            reader.report(node.mark, "'\(code)' is not a language code", expected: "a code such as nl, en, tr")
            return nil
        }
        return code
    }

    private func readProjector(_ node: Node) -> Projector? {
        guard let fields = reader.fields(node, FormatKeys.projector) else { return nil }
        let width = fields["width"].flatMap { reader.integer($0, "projector width", in: Limits.projectorPixels) }
        let height = fields["height"].flatMap { reader.integer($0, "projector height", in: Limits.projectorPixels) }
        let display = DisplayKind.of(fields).read(self, fields, width)
        let panel = fields["panel"].flatMap { reader.rect($0, "panel") }
        let textMM = fields["minimum-text-mm"].flatMap {
            reader.number($0, "minimum-text-mm", in: Limits.minimumTextMM)
        }
        guard let display, let width, let height, let panel,
            let calibration = fields["calibration"].flatMap({ readCalibration($0, width: width, height: height) })
        else { return nil }
        return Projector(
            display: display, width: width, height: height, calibration: calibration, panel: panel,
            minimumTextMM: textMM ?? 12)
    }

    private func readCalibration(_ node: Node, width: Int, height: Int) -> Calibration? {
        guard let items = reader.list(node, "calibration", limit: 4) else { return nil }
        guard items.count == 4 else {
            reader.report(
                node.mark, "calibration has \(items.count) points",
                expected: "exactly 4 {bench: [x, y], projector: [x, y]} points")
            return nil
        }
        var bench: [PointMM] = [], pixels: [PointPX] = []
        for item in items {
            guard let fields = reader.fields(item, FormatKeys.calibrationPoint),
                let b = fields["bench"].flatMap({ reader.point($0, "calibration bench point") }),
                let p = fields["projector"].flatMap({
                    reader.point($0, "calibration projector point", in: 0...Double(max(width, height)))
                })
            else { continue }
            if p.x > Double(width) || p.y > Double(height) {
                reader.report(
                    fields["projector"]?.mark,
                    "calibration point (\(NodeReader.plain(p.x)), \(NodeReader.plain(p.y))) is outside the image",
                    expected: "a pixel within \(width)×\(height)")
            }
            bench.append(PointMM(x: b.x, y: b.y))
            pixels.append(PointPX(x: p.x, y: p.y))
        }
        guard bench.count == 4 else { return nil }
        let calibration = Calibration(bench: bench, projector: pixels)
        if calibration.homography == nil {
            reader.report(
                node.mark, "calibration points are degenerate (three on one line, or repeated)",
                expected: "4 points near the corners of the projected area")
            return nil
        }
        return calibration
    }
}
