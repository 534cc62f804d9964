import Foundation
import StepwiseCore

/// Each step before and after a new version: did 3.3 fix what troubled 3.2?
extension HotSpots {
    /// One step in two consecutive versions that both have runs.
    public struct VersionPair: Sendable, Equatable {
        public var step: StepID
        public var before: Row
        public var after: Row
    }

    /// Per step, each version next to the one before it (versions in numeric order: 3.10 after
    /// 3.9), in the steps' work order.
    public var versionPairs: [VersionPair] {
        var order: [StepID] = []
        var byStep: [StepID: [Row]] = [:]
        for row in rows {
            if byStep[row.step] == nil { order.append(row.step) }
            byStep[row.step, default: []].append(row)
        }
        return order.flatMap { step -> [VersionPair] in
            let versions = (byStep[step] ?? []).sorted { Self.precedes($0.version, $1.version) }
            return zip(versions, versions.dropFirst()).map { VersionPair(step: step, before: $0, after: $1) }
        }
    }

    /// "3.9" before "3.10": labels compared by their numbers, as people read them.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: .numeric) == .orderedAscending
    }

    /// The pairs as a table; a side behind too few workers shows no counts.
    func versionTable(_ minimumGroup: MinimumGroup) -> DataTable {
        func side(_ row: Row) -> [String] {
            guard minimumGroup.shows(row.workers) else { return [minimumGroup.hidden, "–", "–"] }
            return [
                "\(row.runs)", Format.seconds(row.runs > 0 ? row.totalSeconds / Double(row.runs) : nil),
                Self.rate(row.trouble, per: row.runs),
            ]
        }
        let pairs = versionPairs
        return DataTable(
            id: "versions", title: "Before and after a new version",
            columns: [
                "step", "before", "runs", "mean time", "trouble per 10 runs", "after", "runs", "mean time",
                "trouble per 10 runs",
            ],
            rows: pairs.map {
                [$0.step.rawValue, $0.before.version] + side($0.before) + [$0.after.version] + side($0.after)
            })
    }
}
