/// Where things go inside the instruction panel, in bench millimetres.
///
/// Bench y grows away from the worker, so the panel's far edge (`maxY`) is its top as the worker
/// sees it: text on top, the picture below it with the cue beside it, the progress dots at the
/// near edge. Frames depend only on the panel, so an item keeps its place between scenes.
public struct PanelLayout: Hashable, Sendable {
    public var text: Rect
    public var picture: Rect
    public var cue: Rect
    /// The cue's frame when it is all there is to show (welcome, choose, cycle done).
    public var bigCue: Rect
    public var progress: Rect
    public var fault: Rect

    public init(panel: Rect, minimumTextMM: Double) {
        let gap = minimumTextMM / 2
        let bottom = min(panel.height / 4, minimumTextMM * 1.5)
        let textHeight = min(max(minimumTextMM * 3, panel.height * 0.3), panel.height - bottom)
        text = Rect(x: panel.x, y: panel.maxY - textHeight, width: panel.width, height: textHeight)
        let middleY = panel.y + bottom + gap
        let middle = Rect(x: panel.x, y: middleY, width: panel.width, height: max(0, text.y - gap - middleY))
        let pictureWidth = middle.width * 0.6
        picture = Rect(x: middle.x, y: middle.y, width: pictureWidth - gap / 2, height: middle.height)
        cue = Rect(
            x: middle.x + pictureWidth + gap / 2, y: middle.y, width: middle.width - pictureWidth - gap / 2,
            height: middle.height)
        bigCue = Rect(x: panel.x, y: middle.y, width: panel.width, height: panel.maxY - middle.y)
        progress = Rect(x: panel.x, y: panel.y, width: panel.width * 0.5, height: bottom)
        fault = Rect(x: panel.x + panel.width * 0.5, y: panel.y, width: panel.width * 0.5, height: bottom)
    }
}
