import CPangoCairo
import StepwiseCore

/// Turns scenes into projector pixels, redrawing only what changed since the last scene.
///
/// Not Sendable: it owns a cairo context and caches of pango layouts and picture surfaces, none of which
/// may be touched from two threads; the runtime keeps it on its render thread.
public final class FrameRenderer {
    public var width: Int { image.width }
    public var height: Int { image.height }
    private let image: ImageSurface
    private var cr: OpaquePointer { image.cr }
    private var placement: Placement
    private let painter: ScenePainter
    /// Items drawn once into surfaces of their own; nil draws every item every time (tests compare the two).
    let rasters: ItemRasters?
    /// Whether text and picture bounds are their ink and fitted rectangle (else their frames; tests compare).
    let tightBounds: Bool
    /// What is on the surface now; nil before the first frame.
    private var drawn: [PlacedItem]?
    /// Attention items pulsing now and their last drawn brightness.
    private var pulses = PulseTrack()
    /// The worker preferences the frame is drawn with.
    public private(set) var preferences = WorkerPreferences.standard

    /// When the next animation frame is due (render the same scene again at that time); nil when
    /// nothing animates, so an idle station needs no frames at all.
    public var nextAnimationDeadline: Instant? { pulses.nextDeadline }

    /// An ARGB32 surface of the projector's size and the bench → pixel map from its calibration.
    public convenience init(projector: Projector) throws(RenderError) {
        try self.init(projector: projector, rasters: ItemRasters(), tightBounds: true)
    }

    /// A renderer without item rasters, whose damage is every item's whole frame: the naive
    /// baseline `stepwise bench render` measures against, and the reference of the pixel tests.
    public static func drawingEverything(projector: Projector) throws(RenderError) -> FrameRenderer {
        try FrameRenderer(projector: projector, rasters: nil, tightBounds: false)
    }

    init(projector: Projector, rasters: ItemRasters?, tightBounds: Bool) throws(RenderError) {
        self.rasters = rasters
        self.tightBounds = tightBounds
        guard let homography = projector.calibration.homography else { throw .degenerateCalibration }
        let image = try ImageSurface(width: projector.width, height: projector.height, resident: true)
        self.image = image
        placement = Placement(
            homography: homography, bounds: PixelRect(x: 0, y: 0, width: image.width, height: image.height))
        painter = ScenePainter(cr: image.cr, placement: placement, minimumTextMM: projector.minimumTextMM)
    }

    deinit {
        rasters?.release()
        painter.release()
    }

    /// Bytes from one pixel row to the next in `withPixels`.
    public var bytesPerRow: Int { image.bytesPerRow }

    /// Draws `scene`, touching only the pixels of items that were added, removed or changed since the
    /// previous call, and returns those rectangles (empty when nothing changed; the whole frame the first time).
    /// Without a time, attention items are drawn steady and nothing animates.
    @discardableResult
    public func render(_ scene: Scene) -> [PixelRect] { render(scene, at: nil) }

    /// Like `render(_:)` at station time `now`: pulsing items get the brightness of that moment, and
    /// those whose brightness changed are damaged too. Call again at `nextAnimationDeadline`.
    @discardableResult
    public func render(_ scene: Scene, at now: Instant?) -> [PixelRect] {
        let placed = place(scene)
        defer {
            drawn = placed
            painter.sceneDone()
        }
        let (levels, pulsed) = pulses.advance(placed, previous: drawn, now: now)
        guard let previous = drawn else {
            let full = [placement.bounds]
            redraw(full, placed, levels: levels)
            return full
        }
        let damage = Damage.covering(Damage.between(previous, placed) + pulsed)
        redraw(damage, placed, levels: levels)
        return damage
    }

    /// Draws with a worker's preferences from the next frame on (which is then drawn whole).
    public func apply(_ preferences: WorkerPreferences) {
        guard preferences != self.preferences else { return }
        self.preferences = preferences
        placement.lineScale = preferences.highContrast ? Self.highContrastLineScale : 1
        painter.placement = placement
        painter.textScale = preferences.textScale
        painter.highContrast = preferences.highContrast
        pulses.dimmest = preferences.highContrast ? AttentionPulse.highContrastDimmest : AttentionPulse.dimmest
        rasters?.release()
        drawn = nil
    }

    /// Takes a new calibration and minimum text height (a hot-reloaded cell after `stepwise calibrate`);
    /// the next frame is drawn whole. The image size cannot change without a new renderer.
    public func recalibrate(_ projector: Projector) throws(RenderError) {
        guard projector.width == width, projector.height == height else {
            throw .invalidSize(width: projector.width, height: projector.height)
        }
        guard let homography = projector.calibration.homography else { throw .degenerateCalibration }
        guard homography != placement.homography || projector.minimumTextMM != painter.minimumTextMM else { return }
        placement.homography = homography
        painter.placement = placement
        painter.minimumTextMM = projector.minimumTextMM
        rasters?.release()
        drawn = nil
    }

    /// Outlines, contour, brackets and dots are this much thicker in high contrast.
    static let highContrastLineScale = 1.75

    /// Draws each scene off screen (nothing is presented), so pictures are decoded and scaled,
    /// texts shaped and items rasterised before the first worker needs them; the next `render`
    /// draws whole. Both ways the station draws: each scene whole (after a sign-in or a reload),
    /// then all in order through the damage path, where an item that overlaps another in the whole
    /// frame gets a raster of its own (an attention outline beside its neighbour bin).
    /// Without it the first cycle of a shift pays for every cache miss (≈ 8 ms per new step).
    public func prepare(_ scenes: [Scene]) {
        for scene in scenes { fullRedraw(scene) }
        for scene in scenes { render(scene) }
        drawn = nil
    }

    /// Clears and redraws the whole frame: the naive baseline the damage path is measured against.
    public func fullRedraw(_ scene: Scene) {
        let placed = place(scene)
        redraw([placement.bounds], placed, levels: [:])
        drawn = placed
        painter.sceneDone()
    }

    /// cairo's ARGB32 pixels, premultiplied, `bytesPerRow` apart; on little-endian machines each pixel is
    /// B,G,R,A in memory — the xrgb8888 framebuffer layout.
    public func withPixels<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try image.withPixels(body) }

    /// Writes the frame as a PNG through a temporary file and a rename, so a viewer never reads half a file.
    public func writePNG(to path: String) throws(RenderError) { try image.writePNG(to: path) }

    /// Cumulative number of PNG files read from disk (the picture cache reads each path once).
    var pictureLoads: Int { painter.pictures.loads }
    /// Cumulative number of texts shaped by pango (the layout cache shapes each text once).
    var textLayoutsShaped: Int { painter.texts.shaped }

    func place(_ scene: Scene) -> [PlacedItem] {
        scene.items.map { item in
            let frame = placement.pixelBounds(of: item.content)
            guard tightBounds else { return PlacedItem(item: item, bounds: frame) }
            var placed = PlacedItem(item: item, bounds: painter.drawnBounds(of: item.content, within: frame))
            if case .zone(let polygon, let role) = item.content {
                placed.lit = placement.litParts(of: polygon, role: role, bounds: placed.bounds)
            }
            return placed
        }
    }

    /// For each region: clip, clear to black (no light), draw every item that reaches into it, in order.
    private func redraw(_ regions: [PixelRect], _ items: [PlacedItem], levels: [String: Double]) {
        for region in regions {
            cairo_save(cr)
            cairo_rectangle(cr, Double(region.x), Double(region.y), Double(region.width), Double(region.height))
            cairo_clip(cr)
            cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
            Palette.black.apply(to: cr)
            cairo_paint(cr)
            cairo_set_operator(cr, CAIRO_OPERATOR_OVER)
            for (index, placed) in items.enumerated() where placed.bounds.intersects(region) {
                guard let level = levels[placed.item.key] else {
                    // What an earlier item lights (a zone: its outline bands only) is not black.
                    let here = placed.bounds.intersection(region)
                    draw(placed, onBlack: !items[..<index].contains { $0.damage.contains { $0.intersects(here) } })
                    continue
                }
                // Dimmed as a whole (outline and marker alike) by painting it through a group.
                cairo_push_group(cr)
                painter.draw(placed)
                cairo_pop_group_to_source(cr)
                cairo_paint_with_alpha(cr, level)
            }
            cairo_restore(cr)
        }
    }

    /// Paints the item's raster where only black lies under it, else draws it.
    private func draw(_ placed: PlacedItem, onBlack: Bool) {
        let painter = self.painter
        guard onBlack,
            let raster = rasters?.raster(for: placed, draw: { cr in painter.drawing(on: cr) { painter.draw(placed) } })
        else { return painter.draw(placed) }
        cairo_set_source_surface(cr, raster, Double(placed.bounds.x), Double(placed.bounds.y))
        cairo_paint(cr)
    }
}
