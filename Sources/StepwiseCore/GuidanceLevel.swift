/// How much help the projector gives for a step, from most to least.
///
/// Levels are ordered: `full > hint > location > silent`. Raising guidance moves towards `full`.
public enum GuidanceLevel: Int, CaseIterable, Comparable, Sendable, Codable, CustomStringConvertible {
    case silent = 0
    case location = 1
    case hint = 2
    case full = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .full: "full"
        case .hint: "hint"
        case .location: "location"
        case .silent: "silent"
        }
    }
    public var description: String { name }

    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    /// One level more help, capped at `full`.
    public var raised: GuidanceLevel { GuidanceLevel(rawValue: min(rawValue + 1, 3))! }
    /// One level less help, floored at `silent`.
    public var faded: GuidanceLevel { GuidanceLevel(rawValue: max(rawValue - 1, 0))! }

    public func clamped(floor: GuidanceLevel, ceiling: GuidanceLevel) -> GuidanceLevel {
        max(floor, min(ceiling, self))
    }
}

/// The things a level may show for a step.
public enum GuidanceElement: String, CaseIterable, Hashable, Sendable, Codable {
    /// The step's sentence, large.
    case text
    /// The step's pictogram.
    case picture
    /// Outline of the step's zones (fixture, tool rest …).
    case zones
    /// Highlight of the pick bins, and their lamps.
    case bins
    /// The part's contour where it goes.
    case contour
    /// The calm "step n of m" dots.
    case progress
}

/// What each level shows. Written once per instruction set: lower levels inherit from the one
/// above and only name what they add or drop, so nobody maintains four copies of a step.
public struct GuidanceContent: Hashable, Sendable {
    public var elements: [GuidanceLevel: Set<GuidanceElement>]

    public init(elements: [GuidanceLevel: Set<GuidanceElement>]) { self.elements = elements }

    public func shows(_ element: GuidanceElement, at level: GuidanceLevel) -> Bool {
        elements[level]?.contains(element) ?? false
    }

    /// `full` shows everything; `hint` drops the text; `location` only outlines zones and bins;
    /// `silent` shows nothing until something goes wrong.
    public static let standard = GuidanceContent(elements: [
        .full: [.text, .picture, .zones, .bins, .contour, .progress],
        .hint: [.picture, .zones, .bins, .contour, .progress],
        .location: [.zones, .bins, .progress],
        .silent: [],
    ])

    /// Builds the table from per-level edits applied top-down: each level starts from the one above.
    public static func derived(
        full: Set<GuidanceElement>, edits: [GuidanceLevel: (add: Set<GuidanceElement>, drop: Set<GuidanceElement>)]
    ) -> GuidanceContent {
        var table: [GuidanceLevel: Set<GuidanceElement>] = [.full: full]
        var current = full
        for level in [GuidanceLevel.hint, .location, .silent] {
            if let edit = edits[level] { current = current.subtracting(edit.drop).union(edit.add) }
            table[level] = current
        }
        return GuidanceContent(elements: table)
    }
}
