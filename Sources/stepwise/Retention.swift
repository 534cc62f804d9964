import ArgumentParser
import StepwiseCore
import StepwiseDashboard

struct Retention: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete individual records older than N days, keeping per-day per-step totals (no workers).")

    @OptionGroup var qualityLog: QualityLogOption
    @Option(help: "Keep individual records for this many days.")
    var days: Int

    func run() throws {
        guard days >= 1 else { throw CommandSupport.fail("--days \(days): expected 1 or more") }
        let now = Dashboard.wallClock()
        let cutoff = Instant(nanoseconds: now.nanoseconds - min(now.nanoseconds, UInt64(days) * 86_400_000_000_000))
        let removed = try DashboardStore(path: qualityLog.db).applyRetention(before: cutoff)
        print("retention: \(removed) records older than \(days) days folded into day totals and deleted")
    }
}
