import CPangoCairo

/// The station-state pictograms; the renderer draws these for cues (directly, not from PNG).
extension Sketch {
    func drawCue(_ pictogram: Pictogram) {
        switch pictogram {
        case .badge: badge()
        case .scanCode: scanCode()
        case .helpComing:
            // A raised hand, calm blue, with two small "coming" arcs: help is on the way, nothing is wrong.
            hand(30, 16, scale: 1.25, Palette.skyBlue)
            arcArrow(50, 52, 44, from: 200, to: 235, Palette.skyBlue, 5)
            arcArrow(50, 52, 44, from: 340, to: 305, Palette.skyBlue, 5)
        case .tryAgain: arcArrow(50, 50, 32, from: -60, to: 235, Palette.orange, 10)
        case .lookHere:
            eye(50, 32, width: 72, iris: Palette.skyBlue)
            arrow(50, 60, 50, 94, Palette.skyBlue, 8)
        case .cycleDone:
            circle(50, 50, 42)
            stroke(Palette.bluishGreen, 7)
            check(26, 28, 48, Palette.bluishGreen, 11)
        case .fault: wrench()
        default: return
        }
    }

    /// An ID card on a clip: a person and lines of text.
    private func badge() {
        roundRect(10, 28, 80, 54, 8)
        stroke()
        roundRect(40, 14, 20, 10, 3)
        stroke(Palette.white, 5)
        circle(32, 47, 9)
        fill(Palette.skyBlue)
        cairo_new_sub_path(cr)
        cairo_arc(cr, 32, 74, 15, .pi, 2 * .pi)
        fill(Palette.skyBlue)
        for (y, end) in [(46.0, 80.0), (58.0, 80.0), (70.0, 70.0)] { line(54, y, end, y, Palette.white, 5) }
    }

    /// A barcode in a viewfinder with the scanner's line across it.
    private func scanCode() {
        for (x, y, dx, dy) in [(12.0, 20.0, 1.0, 1.0), (88, 20, -1, 1), (88, 80, -1, -1), (12, 80, 1, -1)] {
            path([(x, y + 14 * dy), (x, y), (x + 14 * dx, y)])
        }
        stroke()
        for (x, w) in [(24.0, 4.0), (31, 2), (36, 6), (45, 3), (51, 4), (58, 2), (63, 6), (72, 3)] {
            cairo_rectangle(cr, x, 32, w, 36)
        }
        fill()
        line(8, 50, 92, 50, Palette.skyBlue, 4)
    }

    /// A spanner in yellow: a device needs a look, the work goes on.
    private func wrench() {
        line(26, 78, 58, 46, Palette.yellow, 15)
        circle(66, 38, 19)
        fill(Palette.yellow)
        cairo_save(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR)
        cairo_translate(cr, 66, 38)
        cairo_rotate(cr, -.pi / 4)
        cairo_rectangle(cr, 0, -6.5, 30, 13)
        cairo_fill(cr)
        cairo_restore(cr)
        cairo_save(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR)
        circle(26, 78, 3.5)
        cairo_fill(cr)
        cairo_restore(cr)
    }
}
