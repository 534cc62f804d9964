/// k-anonymity for totals: a total over fewer than `k` workers says something about each of
/// them (a day with one worker is that person's output), so the dashboard shows such a total
/// only as "fewer than k workers". Applies to every total on every page, whoever reads it;
/// a coach reads their own workers' data on the worker page, audited.
public struct MinimumGroup: Sendable, Equatable, CustomStringConvertible {
    /// Below three, a worker who knows their own share can work out the other's.
    public static let floor = 3
    public static let standard = MinimumGroup(unchecked: floor)

    public let k: Int

    /// nil below `floor`.
    public init?(_ k: Int) {
        guard k >= Self.floor else { return nil }
        self.k = k
    }

    private init(unchecked k: Int) { self.k = k }

    /// Whether a total over `workers` distinct workers (a lower bound) may be shown.
    func shows(_ workers: Int) -> Bool { workers >= k }

    /// What stands in a suppressed total's place.
    var hidden: String { "fewer than \(k) workers" }

    public var description: String { "\(k)" }
}
