/// How one worker wants the projection: larger text, high contrast, their own language. Set by the
/// coach with the worker; the scene carries the language and the text heights, the renderer the contrast.
public struct WorkerPreferences: Hashable, Sendable, Codable {
    /// Text size relative to the cell's; never below 1 (the cell's minimum stays the minimum), at most 3.
    public var textScale: Double
    /// Thicker outlines and no dimmed greys, for low vision or a bright bench.
    public var highContrast: Bool
    /// A BCP 47 language code ("tr", "ar") overriding the cell's; nil keeps the cell's.
    public var language: String?

    public static let standard = WorkerPreferences()

    public init(textScale: Double = 1, highContrast: Bool = false, language: String? = nil) {
        self.textScale = min(max(textScale, 1), 3)
        self.highContrast = highContrast
        self.language = language
    }
}

extension SceneComposer {
    /// The scene for `state` in the worker's language, with every text `preferences.textScale` times higher.
    public static func scene(
        for state: StationState, cell: Cell, set: InstructionSet?, preferences: WorkerPreferences
    ) -> Scene {
        var scene = scene(for: state, cell: cell, set: set, language: preferences.language)
        guard preferences.textScale != 1 else { return scene }
        scene.items = scene.items.map { item in
            guard case .text(let text, let language, let frame, let heightMM) = item.content else { return item }
            return SceneItem(
                key: item.key,
                content: .text(
                    text, language: language, frame: frame,
                    heightMM: heightMM * preferences.textScale))
        }
        return scene
    }
}
