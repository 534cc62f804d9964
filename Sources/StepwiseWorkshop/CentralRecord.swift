import PostgresNIO
import StepwiseCore
import StepwiseLog

/// A central `quality_record` row read back as the station wrote it. Unknown kinds and levels are
/// refused as the station's log refuses them; an unknown fault kind or reason reads as absent
/// (a newer station wrote it), as on the station.
enum CentralRecord {
    /// Decodes a row selected as `CentralColumns.sent` without its first two, then `local_id`.
    static func decode(_ row: PostgresRandomAccessRow) throws -> QualityRecord {
        let id = try row[20].decode(Int64.self)
        let kindName = try row[1].decode(String.self)
        guard let kind = QualityRecord.Kind(rawValue: kindName) else {
            throw LogError.unreadableRecord(id: id, reason: "unknown kind '\(kindName)'")
        }
        let nanoseconds = try row[0].decode(Int64.self)
        var record = QualityRecord(
            at: Instant(central: nanoseconds), kind: kind, cell: CellID(try text(row, 2) ?? ""))
        record.worker = try text(row, 3).map { WorkerPseudonym($0) }
        record.instructionSet = try text(row, 4).map { InstructionSetID($0) }
        record.version = try text(row, 5)
        record.contentHash = try text(row, 6)
        record.variant = try text(row, 7).map { VariantID($0) }
        record.cycle = try row[8].decode(Int?.self)
        record.step = try text(row, 9).map { StepID($0) }
        record.level = try level(text(row, 10), id: id)
        record.previousLevel = try level(text(row, 11), id: id)
        record.durationSeconds = try row[12].decode(Double?.self)
        record.input = try text(row, 13).map { InputID($0) }
        record.detail = try text(row, 14)
        record.faultDevice = try text(row, 15)
        record.faultKind = try text(row, 16).flatMap(DeviceFault.Kind.init(rawValue:))
        record.reason = try text(row, 17).flatMap(LevelChangeReason.init(rawValue:))
        record.reasonCount = try row[18].decode(Int?.self)
        record.reasonRatio = try row[19].decode(Double?.self)
        return record
    }

    private static func text(_ row: PostgresRandomAccessRow, _ index: Int) throws -> String? {
        try row[index].decode(String?.self)
    }

    private static func level(_ name: String?, id: Int64) throws -> GuidanceLevel? {
        guard let name else { return nil }
        guard let level = GuidanceLevel(name: name) else {
            throw LogError.unreadableRecord(id: id, reason: "unknown guidance level '\(name)'")
        }
        return level
    }
}
