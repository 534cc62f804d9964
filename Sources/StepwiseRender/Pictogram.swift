import CPangoCairo
import StepwiseCore

/// The pictograms Stepwise draws itself: cue shapes and the shipped instruction sets' step pictures.
/// Raw values are the PNG file names.
public enum Pictogram: String, CaseIterable, Sendable {
    case badge, scanCode = "scan-code", helpComing = "help-coming", tryAgain = "try-again", lookHere = "look-here"
    case cycleDone = "cycle-done", fault
    case pickPart = "pick-part", placeHousing = "place-housing", insertLEDBoard = "insert-led-board"
    case connectCable = "connect-cable", fitDriver = "fit-driver", screwTorque = "screw-torque"
    case placeGasket = "place-gasket", closeCover = "close-cover", checkVisual = "check-visual"
    case applyLabel = "apply-label", placeShell = "place-shell", fitHarness = "fit-harness"
    case clipBuckle = "clip-buckle", attachStrap = "attach-strap", checkPull = "check-pull"
}

/// Vector drawings of every `Pictogram`, at any size: white and Okabe-Ito strokes on transparent.
public enum PictogramLibrary {
    /// Writes `<name>.png` (size × size pixels) for every pictogram into `directory`, creating it if needed,
    /// and returns the paths written.
    public static func writeAll(to directory: String, size: Int = 512) throws(RenderError) -> [String] {
        guard (16...4096).contains(size) else { throw .invalidSize(width: size, height: size) }
        try PNGFile.ensureDirectory(directory)
        var written: [String] = []
        for pictogram in Pictogram.allCases {
            let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(size), Int32(size))!
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            draw(pictogram, on: cr, in: Rect(x: 0, y: 0, width: Double(size), height: Double(size)))
            cairo_destroy(cr)
            let path = "\(directory)/\(pictogram.rawValue).png"
            try PNGFile.write(surface, to: path)
            written.append(path)
        }
        return written
    }

    /// Draws `pictogram` in the largest square centred in `box` (pixels). Drawn as a group so the
    /// shapes that cut holes (the wrench's jaw) cut only the pictogram, never what lies under it.
    static func draw(_ pictogram: Pictogram, on cr: OpaquePointer, in box: Rect) {
        let side = min(box.width, box.height)
        guard side > 0 else { return }
        cairo_save(cr)
        cairo_translate(cr, box.x + (box.width - side) / 2, box.y + (box.height - side) / 2)
        cairo_scale(cr, side / 100, side / 100)
        cairo_push_group(cr)
        let sketch = Sketch(cr: cr)
        switch pictogram {
        case .badge, .scanCode, .helpComing, .tryAgain, .lookHere, .cycleDone, .fault:
            sketch.drawCue(pictogram)
        case .pickPart, .placeHousing, .insertLEDBoard, .connectCable, .fitDriver, .screwTorque, .placeGasket,
            .closeCover:
            sketch.drawAssembly(pictogram)
        case .checkVisual, .applyLabel, .placeShell, .fitHarness, .clipBuckle, .attachStrap, .checkPull:
            sketch.drawFinishing(pictogram)
        }
        cairo_pop_group_to_source(cr)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}
