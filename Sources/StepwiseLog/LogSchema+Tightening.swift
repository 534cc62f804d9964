import GRDB
import StepwiseCore

/// A tightening's values as typed columns of its record: torques in hundredths of a newton-metre
/// (exact integers, as the controller sent them), angles in degrees, statuses by name.
extension LogSchema {
    @Sendable static func addTighteningValues(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE quality_record ADD COLUMN tightening_ok INTEGER;
                ALTER TABLE quality_record ADD COLUMN torque_cnm INTEGER;
                ALTER TABLE quality_record ADD COLUMN torque_min_cnm INTEGER;
                ALTER TABLE quality_record ADD COLUMN torque_max_cnm INTEGER;
                ALTER TABLE quality_record ADD COLUMN torque_status TEXT;
                ALTER TABLE quality_record ADD COLUMN angle_deg INTEGER;
                ALTER TABLE quality_record ADD COLUMN angle_min_deg INTEGER;
                ALTER TABLE quality_record ADD COLUMN angle_max_deg INTEGER;
                ALTER TABLE quality_record ADD COLUMN angle_status TEXT;
                ALTER TABLE quality_record ADD COLUMN program INTEGER;
                ALTER TABLE quality_record ADD COLUMN tightening_id INTEGER;
                """)
    }
}

/// The columns `addTighteningValues` made, in one order for insert and read.
enum TighteningColumns {
    static let all = [
        "tightening_ok", "torque_cnm", "torque_min_cnm", "torque_max_cnm", "torque_status", "angle_deg",
        "angle_min_deg", "angle_max_deg", "angle_status", "program", "tightening_id",
    ]
    static let names = all.joined(separator: ", ")
    static let placeholders = all.map { _ in "?" }.joined(separator: ", ")

    static func values(_ tightening: Tightening?) -> [(any DatabaseValueConvertible)?] {
        guard let t = tightening else { return all.map { _ in nil } }
        return [
            t.ok, t.torqueHundredths, t.torqueMinHundredths, t.torqueMaxHundredths, t.torqueStatus.rawValue,
            t.angleDegrees, t.angleMinDegrees, t.angleMaxDegrees, t.angleStatus.rawValue, t.program, t.controllerID,
        ]
    }

    /// The tightening of a row whose tightening columns start at `first`, in `all` order; nil when any
    /// value is missing or a status is unknown (a row edited by hand, or written by a newer version):
    /// half a tightening is never shown as a whole one.
    static func read(_ row: Row, from first: Int) -> Tightening? {
        guard let ok = row[first] as Bool?, let torque = row[first + 1] as Int?,
            let torqueMin = row[first + 2] as Int?, let torqueMax = row[first + 3] as Int?,
            let torqueStatus = (row[first + 4] as String?).flatMap(Tightening.LimitStatus.init(rawValue:)),
            let angle = row[first + 5] as Int?, let angleMin = row[first + 6] as Int?,
            let angleMax = row[first + 7] as Int?,
            let angleStatus = (row[first + 8] as String?).flatMap(Tightening.LimitStatus.init(rawValue:)),
            let program = row[first + 9] as Int?, let id = row[first + 10] as Int?
        else { return nil }
        return Tightening(
            ok: ok, torqueHundredths: torque, torqueMinHundredths: torqueMin, torqueMaxHundredths: torqueMax,
            torqueStatus: torqueStatus, angleDegrees: angle, angleMinDegrees: angleMin, angleMaxDegrees: angleMax,
            angleStatus: angleStatus, program: program, controllerID: id)
    }
}
