import Foundation
import GRDB
import StepwiseCore

/// Faults and level changes as typed columns, so no reader parses the `detail` text.
extension LogSchema {
    @Sendable static func addTypedFaultsAndReasons(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE quality_record ADD COLUMN fault_device TEXT;
                ALTER TABLE quality_record ADD COLUMN fault_kind TEXT;
                ALTER TABLE quality_record ADD COLUMN reason TEXT;
                ALTER TABLE quality_record ADD COLUMN reason_count INTEGER;
                ALTER TABLE quality_record ADD COLUMN reason_ratio REAL;
                UPDATE meta SET value = '3' WHERE key = 'schema_version';
                """)
        try backfillFaults(db)
    }

    /// Older daemons wrote a fault as "<device> (<kind>): <message>" and its clearing as the bare
    /// device. The device may hold spaces ("gpiochip0 line 17"), so the split is at the first
    /// " (<known kind>): ", never at a space. A cleared fault takes the kind of the fault it ends.
    /// Rows that do not read that way keep their text and stay without a device.
    static func backfillFaults(_ db: Database) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, kind, cell, detail FROM quality_record
                WHERE kind IN ('fault', 'fault-cleared') AND detail IS NOT NULL ORDER BY at_ns, id
                """)
        var openKinds: [String: String] = [:]
        for row in rows {
            let id: Int64 = row["id"]
            let cell: String = row["cell"]
            let detail: String = row["detail"]
            if (row["kind"] as String) == QualityRecord.Kind.fault.rawValue {
                guard let fault = LegacyFaultText(detail) else { continue }
                openKinds[cell + "\n" + fault.device] = fault.kind.rawValue
                try db.execute(
                    sql: "UPDATE quality_record SET fault_device = ?, fault_kind = ?, detail = ? WHERE id = ?",
                    arguments: [fault.device, fault.kind.rawValue, fault.message, id])
            } else {
                let kind = openKinds.removeValue(forKey: cell + "\n" + detail)
                try db.execute(
                    sql: "UPDATE quality_record SET fault_device = ?, fault_kind = ? WHERE id = ?",
                    arguments: [detail, kind, id])
            }
        }
    }
}

/// A fault's detail as older daemons wrote it: "gpiochip0 line 17 (sensor): line does not answer".
struct LegacyFaultText: Equatable {
    var device: String
    var kind: DeviceFault.Kind
    var message: String

    init(device: String, kind: DeviceFault.Kind, message: String) {
        self.device = device
        self.kind = kind
        self.message = message
    }

    /// The kinds those daemons knew.
    static let kinds = ["sensor", "usb", "projector", "output", "storage"]

    init?(_ text: String) {
        let found = Self.kinds.compactMap { name in
            DeviceFault.Kind(rawValue: name).flatMap { kind in text.range(of: " (\(name)): ").map { (kind, $0) } }
        }
        guard let (kind, range) = found.min(by: { $0.1.lowerBound < $1.1.lowerBound }),
            range.lowerBound > text.startIndex
        else { return nil }
        device = String(text[..<range.lowerBound])
        self.kind = kind
        message = String(text[range.upperBound...])
    }
}
