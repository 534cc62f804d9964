import Foundation
import GRDB
import StepwiseCore
@testable import StepwiseDashboard
import StepwiseLog
import Testing

/// A cell's open faults come from the records' typed device, never from splitting their text.
@Suite struct CellStatusTests {
    static let at = Instant(seconds: 1_767_596_400)

    static func fault(_ device: String, _ kind: DeviceFault.Kind, _ message: String, after: Double) -> QualityRecord {
        QualityRecord(
            at: at.adding(seconds: after), kind: .fault, cell: "demo-cell", detail: message, faultDevice: device,
            faultKind: kind)
    }

    @Test func aGPIOLineWithSpacesInItsNameIsOneDeviceRaisedAndCleared() {
        let raised = [
            Self.fault("gpiochip0 line 17", .sensor, "line does not answer", after: 0),
            Self.fault("gpiochip0 line 4", .output, "lamp line busy", after: 1),
        ]
        let open = CellStatus.build(raised).first?.faults ?? []
        #expect(open.map(\.device) == ["gpiochip0 line 17", "gpiochip0 line 4"])
        #expect(open.first?.text == "gpiochip0 line 17 (sensor): line does not answer")
        var cleared = QualityRecord(at: Self.at.adding(seconds: 2), kind: .faultCleared, cell: "demo-cell")
        cleared.faultDevice = "gpiochip0 line 17"
        cleared.faultKind = .sensor
        #expect(CellStatus.build(raised + [cleared]).first?.faults.map(\.device) == ["gpiochip0 line 4"])
    }

    @Test func aLogWrittenBeforeTypedFaultsShowsAndClearsTheWholeDevice() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("quality.sqlite").path
        try LegacyDashboardFile.write(
            path: path,
            extra: """
                INSERT INTO quality_record (at_ns, kind, cell, detail) VALUES
                    (1, 'fault', 'demo-cell', 'gpiochip0 line 17 (sensor): line does not answer'),
                    (2, 'fault', 'demo-cell', 'usb-1 (usb): reader unplugged'),
                    (3, 'fault-cleared', 'demo-cell', 'gpiochip0 line 17');
                """)
        let store = try DashboardStore(path: path)
        let faults = try CellStatus.build(store.workshop.records()).first?.faults ?? []
        #expect(faults.map(\.text) == ["usb-1 (usb): reader unplugged"])
    }
}
