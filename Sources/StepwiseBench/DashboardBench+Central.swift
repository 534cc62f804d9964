import Dispatch
import Foundation
import Logging
import StepwiseCore
import StepwiseDashboard
import StepwiseLog
import StepwiseWorkshop
import Synchronization

extension DashboardBench {
    /// The same measurement over the workshop's central server: `settings.records` spread over
    /// `stations` made-up stations, filled by COPY, the dashboard over PostgreSQL, and one station
    /// shipping records during the load. Removes its stations' rows and its account afterwards.
    public static func run(central address: CentralAddress, stations: Int, settings: Settings) async throws
        -> Result
    {
        let logger = Logger(label: "stepwise.bench") { _ in SwiftLogNoOpLogHandler() }
        let store = try await CentralStore.connect(address, logger: logger)
        let names = (0..<stations).map { "bench-\(getpid())-\($0)" }
        let perStation = max(1, settings.records / stations)
        do {
            for (number, name) in names.enumerated() {
                try await fill(store, station: name, number: number, count: perStation, stations: stations)
            }
            let dashboard = try DashboardStore(workshop: PostgresWorkshop(address))
            let shipped = Mutex<Int64>(Int64(perStation))
            let result = try await measure(store: dashboard, storeName: "PostgreSQL", settings: settings) { n in
                let localID = shipped.withLock {
                    $0 += 1
                    return $0
                }
                var record = BenchWorkshopLog.record(settings.records + n)
                record.cell = CellID("bench-0")
                let batch = CentralBatch(
                    [OutboxRecord(localID: localID, record: record)],
                    report: StationReport(station: names[0], pendingAfter: 0, lagSeconds: 0), method: .copy)
                try Self.blocking { try await store.ship(batch) }
            }
            try await remove(names, from: store)
            return result
        } catch {
            try? await remove(names, from: store)
            throw error
        }
    }

    private static func fill(_ store: CentralStore, station: String, number: Int, count: Int, stations: Int)
        async throws
    {
        var done = 0
        while done < count {
            let chunk = (done..<min(count, done + 20_000)).map { index in
                var record = BenchWorkshopLog.record(index * stations + number, of: count * stations)
                record.cell = CellID("bench-\(number)")
                return OutboxRecord(localID: Int64(index + 1), record: record)
            }
            try await store.fillForBench(chunk, station: station)
            done += chunk.count
        }
    }

    private static func remove(_ names: [String], from store: CentralStore) async throws {
        for name in names { try await store.removeBenchStation(name) }
        await store.close()
    }

    /// Runs async work from the writer's plain thread and waits for it.
    private static func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await work() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
