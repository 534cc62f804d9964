import Foundation
import GRDB
import StepwiseCore

/// A worker's state waiting for the uplink, with the keys that acknowledge it.
public struct WaitingWorkerState: Sendable, Equatable {
    /// Only the sets (and the preferences) that changed since the last acknowledgement.
    public var state: WorkerState
    public var keys: [WaitingKey]
}

/// One (worker, set) as it waited when read; "" as the set is the worker's preferences.
public struct WaitingKey: Sendable, Equatable {
    public var worker: String
    public var set: String
    public var seq: Int64
}

extension QualityLog {
    /// This station's copy of `worker`'s state, with its stamps.
    public func workerState(of worker: WorkerPseudonym) throws -> WorkerState {
        try pool.read { db in try Self.workerState(of: worker, sets: nil, in: db) }
    }

    /// Reconciles this station's copy of the worker's state with `central` (the central store's
    /// copy, read at sign-in) and keeps the result: sets and preferences the central copy changed
    /// are written with the central stamps, and whatever the station holds that the central copy
    /// lacks waits for the uplink. Returns the profile the station signs the worker in with.
    @discardableResult
    public func adopt(_ central: WorkerState) throws -> StoredProfile {
        let now = Self.wallClockNanoseconds()
        let merged = try pool.write { db -> WorkerState in
            let local = try Self.workerState(of: central.worker, sets: nil, in: db)
            let merged = local.reconciled(with: central)
            let worker = central.worker.rawValue
            for (set, state) in merged.sets where state != local.sets[set] {
                try Self.write(state, worker: central.worker, set: set, at: now, in: db)
                if state != central.sets[set] {
                    try Self.markWaiting(worker: worker, set: set.rawValue, at: now, in: db)
                }
            }
            if merged.preferences != local.preferences, let preferences = merged.preferences {
                try Self.write(preferences, worker: worker, in: db)
            }
            if merged.preferences != central.preferences, merged.preferences != nil {
                try Self.markWaiting(worker: worker, set: "", at: now, in: db)
            }
            return merged
        }
        return StoredProfile(
            skills: merged.sets.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                $0.value.skill(of: merged.worker, in: $0.key)
            },
            preferences: merged.preferences.flatMap { $0.value == .standard ? nil : $0.value })
    }

    /// Up to `limit` (worker, set) changes waiting for the uplink, oldest first, grouped by worker.
    public func waitingWorkerStates(limit: Int) throws -> [WaitingWorkerState] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT worker, instruction_set, seq FROM worker_state_pending ORDER BY seq LIMIT ?",
                arguments: [max(1, limit)])
            var order: [String] = []
            var keys: [String: [WaitingKey]] = [:]
            for row in rows {
                let key = WaitingKey(worker: row["worker"], set: row["instruction_set"], seq: row["seq"])
                if keys[key.worker] == nil { order.append(key.worker) }
                keys[key.worker, default: []].append(key)
            }
            return try order.map { worker in
                let waiting = keys[worker] ?? []
                let sets = Set(waiting.map(\.set).filter { !$0.isEmpty }.map { InstructionSetID($0) })
                var state = try Self.workerState(of: WorkerPseudonym(worker), sets: sets, in: db)
                if !waiting.contains(where: { $0.set.isEmpty }) { state.preferences = nil }
                return WaitingWorkerState(state: state, keys: waiting)
            }
        }
    }

    /// The central store committed these: they stop waiting, unless they changed again since.
    public func acknowledgeWorkerStates(_ keys: [WaitingKey]) throws {
        try pool.write { db in
            for key in keys {
                try db.execute(
                    sql: "DELETE FROM worker_state_pending WHERE worker = ? AND instruction_set = ? AND seq <= ?",
                    arguments: [key.worker, key.set, key.seq])
            }
        }
    }

    /// How many (worker, set) changes wait for the uplink.
    public func waitingWorkerStateCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM worker_state_pending") ?? 0 }
    }
}
