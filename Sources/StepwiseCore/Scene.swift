/// What the projector should show, in bench millimetres. Pure data: the renderer turns it into
/// pixels and diffs it against the previous scene to redraw only what changed.
public struct Scene: Hashable, Sendable {
    /// Items in drawing order; each `key` is unique within the scene and stable across scenes,
    /// so an item that did not change is not redrawn.
    public var items: [SceneItem]
    public init(items: [SceneItem] = []) { self.items = items }

    public static let blank = Scene()
}

public struct SceneItem: Hashable, Sendable {
    public var key: String
    public var content: Content
    public init(key: String, content: Content) {
        self.key = key
        self.content = content
    }

    public enum Content: Hashable, Sendable {
        /// A zone outlined with a role; the role decides colour *and* line style / marker shape.
        case zone(PolygonMM, role: ZoneRole)
        /// The part's contour where it goes.
        case contour(PolygonMM)
        /// Large text wrapped into `frame`; `heightMM` is the minimum glyph height on the bench.
        case text(String, language: String, frame: Rect, heightMM: Double)
        /// A picture (absolute path to a PNG) fitted into `frame`, aspect kept.
        case picture(path: String, frame: Rect)
        /// Calm progress: `done` of `total` stages as dots, no clock, no countdown.
        case progress(done: Int, total: Int, frame: Rect)
        /// A state cue with its pictogram shape: help coming, try again, fault, cycle done.
        case cue(Cue, frame: Rect)
    }
}

/// Why a zone is outlined. Each role has a distinct shape cue, so colour is never the only signal.
public enum ZoneRole: String, Hashable, Sendable, CaseIterable {
    /// Work happens here now (solid outline).
    case target
    /// Take a part from this bin (thick outline with corner marks).
    case pick
    /// Something went wrong here (dashed outline with a cross).
    case attention
    /// Done in this any-order group (thin outline with a check).
    case done
}

public enum Cue: Hashable, Sendable {
    /// No worker logged in: show the badge pictogram.
    case welcome
    /// Choose the variant: scan the product's code.
    case chooseVariant([String])
    /// Help was asked; the coach is coming. Never shown as a fault of the worker.
    case helpComing
    /// A gentle "look again" after a wrong action, with optional words.
    case tryAgain(String?)
    /// No progress for a while: guidance came back; no alarm.
    case lookHere
    /// The cycle is complete: a calm check mark.
    case cycleDone
    /// A device fault: the cell goes on; confirm by hand.
    case fault(String)
}
