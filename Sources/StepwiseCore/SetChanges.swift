/// What a new version of an instruction set changed, step by step: the input of change-aware
/// re-guidance. A pure function of the two versions; pictures are compared by what the caller
/// says they hold (a digest of each file), since the core reads no files.
///
/// A step counts as changed when any of these differ: its text (any language), its picture's
/// content, its done-when condition, its zones, its bins, its contour, or its target time by more
/// than `targetTolerance` of the old time. Wrong actions, enabled outputs and variants do not
/// count: they change what the station checks, not what the worker has learned to do.
public struct SetChanges: Hashable, Sendable {
    /// A part of a step whose change makes workers' mastery of it stale.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case text, picture, doneWhen = "done-when", zones, bins, contour
        case targetTime = "target-seconds"
    }

    /// The version the changes arrive with ("3.3").
    public var version: String
    /// Steps of the new version whose content changed, by their new id, with what changed.
    public var changed: [StepID: Set<Field>]
    /// New id → old id for steps that name the id they replace (`replaces:`) and whose old id exists.
    public var renamed: [StepID: StepID]

    public init(version: String, changed: [StepID: Set<Field>] = [:], renamed: [StepID: StepID] = [:]) {
        self.version = version
        self.changed = changed
        self.renamed = renamed
    }

    public var isEmpty: Bool { changed.isEmpty && renamed.isEmpty }

    /// A target time change within this fraction of the old time (20 %) is a correction, not a new step.
    public static let targetTolerance = 0.2

    /// The changes from `old` to `new`. `pictureDigest` maps a picture path to a digest of its
    /// bytes (by default the path itself stands for its content). Steps new in `new` (no earlier
    /// id) are not changes: nobody has mastered them yet.
    public static func between(
        _ old: InstructionSet, _ new: InstructionSet, pictureDigest: (String) -> String = { $0 }
    ) -> SetChanges {
        let before = Dictionary(old.allSteps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes = SetChanges(version: new.version)
        for step in new.allSteps {
            let earlier: Step
            if let replaced = step.replaces, before[step.id] == nil, let found = before[replaced] {
                earlier = found
                changes.renamed[step.id] = replaced
            } else if let found = before[step.id] {
                earlier = found
            } else {
                continue
            }
            let fields = differences(earlier, step, pictureDigest: pictureDigest)
            if !fields.isEmpty { changes.changed[step.id] = fields }
        }
        return changes
    }

    /// The fields in which `new` differs from `old`.
    static func differences(_ old: Step, _ new: Step, pictureDigest: (String) -> String) -> Set<Field> {
        var fields: Set<Field> = []
        if old.text != new.text { fields.insert(.text) }
        if old.picture.map(pictureDigest) != new.picture.map(pictureDigest) { fields.insert(.picture) }
        if old.completion != new.completion { fields.insert(.doneWhen) }
        if old.zones != new.zones { fields.insert(.zones) }
        if old.bins != new.bins { fields.insert(.bins) }
        if old.contour != new.contour { fields.insert(.contour) }
        if abs(new.targetSeconds - old.targetSeconds) > targetTolerance * old.targetSeconds {
            fields.insert(.targetTime)
        }
        return fields
    }
}
