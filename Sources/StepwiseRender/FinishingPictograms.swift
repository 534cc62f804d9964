import CPangoCairo

/// Step pictograms of checks, labels and the car-seat instruction set.
extension Sketch {
    func drawFinishing(_ pictogram: Pictogram) {
        switch pictogram {
        case .checkVisual:
            eye(44, 38, width: 72, iris: Palette.skyBlue)
            check(56, 56, 34, Palette.bluishGreen, 9)
        case .applyLabel:
            roundRect(24, 46, 52, 28, 3)
            stroke(Palette.white, 5)
            line(32, 56, 62, 56, Palette.white, 4)
            line(32, 65, 52, 65, Palette.white, 4)
            arrow(50, 8, 50, 38)
            line(10, 84, 90, 84)
        case .placeShell:
            cairo_move_to(cr, 26, 10)
            cairo_curve_to(cr, 18, 36, 20, 60, 30, 72)
            cairo_line_to(cr, 72, 72)
            cairo_curve_to(cr, 80, 72, 82, 64, 80, 56)
            stroke(Palette.white, 7)
            arrow(56, 18, 56, 50)
            line(12, 88, 88, 88)
        case .fitHarness:
            line(28, 8, 44, 56, Palette.skyBlue, 7)
            line(72, 8, 56, 56, Palette.skyBlue, 7)
            line(50, 70, 50, 94, Palette.skyBlue, 7)
            roundRect(38, 54, 24, 16, 3)
            stroke(Palette.white, 5)
        case .clipBuckle:
            roundRect(56, 32, 34, 36, 6)
            stroke()
            roundRect(10, 42, 20, 16, 3)
            stroke(Palette.white, 5)
            path([(30, 45), (46, 45), (52, 50), (46, 55), (30, 55)], closed: true)
            stroke(Palette.white, 4)
            for (x0, y0, x1, y1) in [(60.0, 24.0, 56.0, 16.0), (73, 22, 73, 12), (86, 24, 90, 16)] {
                line(x0, y0, x1, y1, Palette.yellow, 4)
            }
            arrow(14, 84, 52, 84)
        case .attachStrap:
            // A D-ring; the strap runs in, wraps its bar and is pulled back out.
            line(34, 26, 34, 74)
            cairo_new_sub_path(cr)
            cairo_arc(cr, 34, 50, 24, .pi / 2, 1.5 * .pi)
            stroke()
            cairo_move_to(cr, 92, 40)
            cairo_line_to(cr, 34, 40)
            cairo_arc_negative(cr, 34, 50, 10, -.pi / 2, .pi / 2)
            cairo_line_to(cr, 60, 60)
            stroke(Palette.skyBlue, 7)
            arrow(60, 78, 90, 78, Palette.skyBlue, 6)
        case .checkPull:
            line(12, 90, 64, 90)
            line(38, 90, 38, 44, Palette.white, 9)
            arrow(38, 38, 38, 6)
            check(54, 44, 34, Palette.bluishGreen, 9)
        default: return
        }
    }
}
