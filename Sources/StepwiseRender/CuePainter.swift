import CPangoCairo
import StepwiseCore

extension ScenePainter {
    /// The cue's pictogram, and its words (if any) beside it at the projector's minimum text height;
    /// below it instead when beside it a word would have to be cut in two (a narrow cue column).
    func drawCue(_ cue: Cue, frame: Rect) {
        let box = placement.box(frame)
        let (pictogram, words) = Self.parts(of: cue)
        guard let words, !words.isEmpty else {
            return PictogramLibrary.draw(pictogram, on: cr, in: box)
        }
        let pixelSize = TextLayouts.pixelSize(
            heightMM: minimumTextMM * textScale, pxPerMM: placement.smallestScale(frame))
        let (symbol, text) = Self.arrangement(in: box) {
            texts.breaksWords(words, language: "", width: $0, pixelSize: pixelSize, for: cr)
        }
        PictogramLibrary.draw(pictogram, on: cr, in: symbol)
        drawText(words, language: "", in: text, pixelSize: pixelSize)
    }

    /// Pictogram and words side by side, or stacked when `breaksWords(width)` says the words would
    /// not fit beside the pictogram whole.
    static func arrangement(in box: Rect, breaksWords: (Double) -> Bool) -> (pictogram: Rect, words: Rect) {
        let side = min(box.height, box.width * 0.4)
        let gap = side * 0.1
        let besideWidth = box.width - side - gap
        if besideWidth > 0, !breaksWords(besideWidth) {
            return (
                Rect(x: box.x, y: box.y, width: side, height: side),
                Rect(x: box.x + side + gap, y: box.y, width: besideWidth, height: box.height)
            )
        }
        let stacked = min(box.width, box.height * 0.45)
        let below = box.y + stacked + stacked * 0.1
        return (
            Rect(x: box.x + (box.width - stacked) / 2, y: box.y, width: stacked, height: stacked),
            Rect(x: box.x, y: below, width: box.width, height: max(0, box.maxY - below))
        )
    }

    /// Which drawing and which words a cue shows.
    static func parts(of cue: Cue) -> (Pictogram, String?) {
        switch cue {
        case .welcome: (.badge, nil)
        case .chooseVariant(let names): (.scanCode, names.joined(separator: "  ·  "))
        case .helpComing: (.helpComing, nil)
        case .tryAgain(let words): (.tryAgain, words)
        case .lookHere: (.lookHere, nil)
        case .cycleDone: (.cycleDone, nil)
        case .fault(let message): (.fault, message)
        }
    }

    /// Dots in a row: filled for stages done, outlined for stages to do. No numbers, no clock.
    func drawProgress(done: Int, total: Int, in box: Rect) {
        guard total > 0, box.width > 0, box.height > 0 else { return }
        let pitch = box.width / Double(total)
        let radius = min(box.height * 0.4, pitch * 0.35)
        let line = max(1.5, radius * 0.25) * placement.lineScale
        for index in 0..<total {
            cairo_new_sub_path(cr)
            let cx = box.x + pitch * (Double(index) + 0.5), cy = box.y + box.height / 2
            if index < done {
                cairo_arc(cr, cx, cy, radius, 0, 2 * .pi)
                Palette.bluishGreen.apply(to: cr)
                cairo_fill(cr)
            } else {
                cairo_arc(cr, cx, cy, radius - line / 2, 0, 2 * .pi)
                stroke(Palette.white, width: line)
            }
        }
    }
}
