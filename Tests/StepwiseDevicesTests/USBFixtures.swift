import Foundation
import StepwiseCore
@testable import StepwiseDevices

/// One recorded report of a fixture file and the events it must give, as tokens:
/// `+input` pressed, `-input` released, `line:TEXT` a completed line.
struct RecordedReport {
    let bytes: [UInt8]
    let expected: [String]
    let lineNumber: Int
}

enum USBFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/usb")

    /// Reads `Tests/Fixtures/usb/<name>.txt`: hex bytes, optionally `=> tokens`, `#` comments.
    static func load(_ name: String) throws -> [RecordedReport] {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
        var reports: [RecordedReport] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = line.split(separator: "=>", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard let hex = parts.first, !hex.isEmpty else { continue }
            let bytes = hex.split(separator: " ").compactMap { UInt8($0, radix: 16) }
            let expected = parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : []
            reports.append(RecordedReport(bytes: bytes, expected: expected, lineNumber: index + 1))
        }
        return reports
    }

    static func token(_ event: USBEvent) -> String {
        switch event {
        case .pressed(let input): "+\(input)"
        case .released(let input): "-\(input)"
        case .line(_, let text): "line:\(text)"
        case .detached(let device): "detached:\(device)"
        case .attached(let device): "attached:\(device)"
        case .fault(let fault): "fault:\(fault.device)"
        }
    }

    /// Feeds every report to the decoder; returns the lines whose events differ from the expected.
    static func mismatches(_ name: String, decoder: inout USBReportDecoder) throws -> [String] {
        try load(name).compactMap { report in
            let got = decoder.decode(report.bytes).map(token)
            return got == report.expected
                ? nil : "\(name):\(report.lineNumber): expected \(report.expected), got \(got)"
        }
    }

    /// The cell inputs the fixtures are recorded for.
    static let pedal = USBDevice(id: "pedal", kind: .buttons, vendorID: 0x05f3, productID: 0x00ff)
    static let ioModule = USBDevice(id: "io", kind: .io, vendorID: 0x16c0, productID: 0x05df)
    static let reader = USBDevice(id: "reader", kind: .keyboard, vendorID: 0x0c2e, productID: 0x0b61)
    static let inputs: [USBInputBit] = [
        USBInputBit(device: "pedal", byte: 0, bit: 1, input: "pedal.confirm"),
        USBInputBit(device: "io", byte: 0, bit: 0, input: "bin-a.pick"),
        USBInputBit(device: "io", byte: 0, bit: 7, input: "bin-b.pick"),
        USBInputBit(device: "io", byte: 1, bit: 2, input: "torque.ok"),
        USBInputBit(device: "io", byte: 1, bit: 7, input: "door"),
    ]
}
