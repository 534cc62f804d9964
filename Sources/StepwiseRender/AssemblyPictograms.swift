import CPangoCairo

/// Step pictograms of the LED-fixture instruction set: white parts, blue motion.
extension Sketch {
    func drawAssembly(_ pictogram: Pictogram) {
        switch pictogram {
        case .pickPart:
            // A bin with parts, a hand reaching in.
            path([(12, 58), (22, 90), (78, 90), (88, 58)])
            stroke()
            for x in [38.0, 52, 64] { circle(x, 79, 6) }
            fill()
            hand(31, 2, scale: 0.9, flip: true, Palette.bluishGreen)
        case .placeHousing:
            box(30, 14, 40, 30, depth: 8)
            arrow(50, 54, 50, 78)
            fixtureBase()
        case .insertLEDBoard:
            roundRect(8, 38, 50, 24, 3)
            stroke(Palette.white, 5)
            for x in [19.0, 33, 47] { circle(x, 50, 5) }
            fill(Palette.yellow)
            path([(68, 28), (92, 28), (92, 72), (68, 72)])
            stroke()
            arrow(20, 86, 78, 86)
        case .connectCable:
            cairo_move_to(cr, 6, 78)
            cairo_curve_to(cr, 10, 56, 14, 52, 22, 50)
            stroke(Palette.white, 5)
            roundRect(22, 40, 22, 20, 3)
            stroke()
            line(46, 45, 54, 45, Palette.white, 4)
            line(46, 55, 54, 55, Palette.white, 4)
            roundRect(64, 32, 26, 36, 4)
            stroke()
            for y in [45.0, 55] { cairo_rectangle(cr, 68, y - 2.5, 10, 5) }
            fill()
            arrow(30, 20, 70, 20)
        case .fitDriver:
            roundRect(24, 10, 52, 32, 4)
            stroke()
            cairo_move_to(cr, 34, 26)
            cairo_curve_to(cr, 42, 12, 46, 40, 54, 26)
            cairo_curve_to(cr, 58, 19, 62, 19, 66, 26)
            stroke(Palette.white, 4)
            arrow(50, 50, 50, 72)
            path([(18, 72), (18, 88), (82, 88), (82, 72)])
            stroke()
        case .screwTorque: screwTorque()
        case .placeGasket:
            roundRect(18, 14, 64, 38, 14)
            stroke(Palette.skyBlue, 6)
            roundRect(28, 23, 44, 20, 7)
            stroke(Palette.skyBlue, 3)
            arrow(50, 58, 50, 76, Palette.white, 6)
            path([(14, 92), (14, 82), (86, 82), (86, 92)])
            stroke()
        case .closeCover:
            cairo_rectangle(cr, 16, 58, 68, 30)
            stroke()
            line(16, 58, 44, 10, Palette.white, 7)
            arcArrow(16, 58, 60, from: -52, to: -8)
        default: return
        }
    }

    /// A box in simple oblique view: front face, top and right side.
    func box(_ x: Double, _ y: Double, _ w: Double, _ h: Double, depth d: Double) {
        cairo_rectangle(cr, x, y + d, w, h)
        path([(x, y + d), (x + d, y), (x + w + d, y), (x + w, y + d)])
        path([(x + w + d, y), (x + w + d, y + h), (x + w, y + h + d)])
        stroke(Palette.white, 5)
    }

    /// The fixture the part goes onto: a base with two locating pins.
    func fixtureBase() {
        path([(20, 78), (20, 88), (80, 88), (80, 78)])
        line(10, 88, 90, 88)
    }

    /// Screwdriver over a screw, with a yellow arrow for the turn.
    private func screwTorque() {
        roundRect(40, 4, 20, 28, 6)
        stroke()
        line(50, 32, 50, 62, Palette.white, 6)
        line(36, 66, 64, 66, Palette.white, 8)
        line(50, 70, 50, 94, Palette.white, 8)
        for y in [75.0, 82, 89] { line(43, y + 3, 57, y, Palette.white, 3) }
        arcArrow(50, 46, 32, from: 20, to: 160, Palette.yellow, 6, squash: 0.35)
    }
}
