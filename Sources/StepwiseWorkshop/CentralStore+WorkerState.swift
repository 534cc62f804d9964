import StepwiseCore

extension CentralStore {
    /// Stores the workers' states `station` changed, in one transaction: all of them, or none.
    public func ship(_ states: [WorkerState], station: String) async throws {
        guard !states.isEmpty else { return }
        do {
            try await connection.withTransaction(logger: logger) { transaction in
                for state in states {
                    try await CentralWorkerState.store(state, station: station, on: transaction, logger: self.logger)
                }
            }
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }

    /// Everything the server holds of `worker`'s state.
    public func workerState(of worker: WorkerPseudonym) async throws -> WorkerState {
        do {
            return try await CentralWorkerState.read(worker, on: connection, logger: logger)
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }
}
