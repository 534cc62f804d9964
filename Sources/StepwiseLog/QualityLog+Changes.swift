import Foundation
import GRDB
import StepwiseCore

extension QualityLog {
    /// Change-aware re-guidance after a new version of `set` is installed: every stored skill of the
    /// set gets `WorkerSkill.apply(changes:…)`, and each raised step a level-change record whose
    /// reason is `stepChanged` and whose version is the new one — in one transaction, so a skill
    /// never runs ahead of the records that explain it. `only` limits it to some workers (nil: all),
    /// and workers in `except` are left for later. Returns the records written.
    @discardableResult
    public func reguide(
        _ set: InstructionSetID, changes: SetChanges, policy: GuidancePolicy, cell: CellID, contentHash: String,
        at: Instant, only: Set<WorkerPseudonym>? = nil, except: Set<WorkerPseudonym> = []
    ) throws -> [QualityRecord] {
        guard !changes.isEmpty else { return [] }
        let cause = LevelChangeCause.stepChanged(version: changes.version)
        return try pool.write { db in
            let rows = try String.fetchAll(
                db, sql: "SELECT json FROM worker_skill WHERE instruction_set = ? ORDER BY worker",
                arguments: [set.rawValue])
            var records: [QualityRecord] = []
            for json in rows {
                guard var skill = try? JSONDecoder().decode(WorkerSkill.self, from: Data(json.utf8)),
                    only?.contains(skill.worker) ?? true, !except.contains(skill.worker)
                else { continue }
                let raised = skill.apply(changes, level: policy.changedStepLevel, policy: policy)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try db.execute(
                    sql: "UPDATE worker_skill SET json = ?, updated_ns = ? WHERE worker = ? AND instruction_set = ?",
                    arguments: [
                        String(decoding: try encoder.encode(skill), as: UTF8.self), Self.wallClockNanoseconds(),
                        skill.worker.rawValue, set.rawValue,
                    ])
                records += raised.map { change in
                    QualityRecord(
                        at: at, kind: .levelChanged, cell: cell, worker: skill.worker, instructionSet: set,
                        version: changes.version, contentHash: contentHash, step: change.step, level: change.level,
                        previousLevel: change.previousLevel, detail: cause.sentence(), reason: cause.reason)
                }
            }
            let insert = try db.cachedStatement(sql: QualityRecord.insertSQL)
            for record in records { try insert.execute(arguments: record.rowArguments) }
            return records
        }
    }

    /// Workers whose last sign-in has no sign-out after it: the daemon holds their skills in
    /// memory and saves its copy at the end of each cycle and at the sign-out, so a change to
    /// their stored skill made meanwhile would be overwritten.
    public func signedInWorkers() throws -> Set<WorkerPseudonym> {
        let workers = try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT worker FROM quality_record WHERE kind IN ('login', 'logout') AND worker IS NOT NULL
                    GROUP BY worker
                    HAVING max(CASE WHEN kind = 'login' THEN id END) > coalesce(max(CASE WHEN kind = 'logout' THEN id END), 0)
                    """)
        }
        return Set(workers.map { WorkerPseudonym($0) })
    }
}
