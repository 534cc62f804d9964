import StepwiseCore

/// What a key does while the engineer moves the four crosshairs onto the bench marks.
public enum CalibrationKey: Hashable, Sendable {
    /// Select crosshair 1…4.
    case select(Int)
    /// Select the next crosshair (Tab).
    case next
    /// Move the selected crosshair by whole pixels.
    case move(dx: Int, dy: Int)
    case accept
    case cancel
}

/// Terminal bytes → calibration keys, byte by byte (a pure state machine like `KeyMap`).
///
/// Keys chosen to work in any plain terminal: 1–4 select, Tab the next; arrows or h j k l move
/// 1 px; Shift+arrows or H J K L move 10 px; Enter accepts; q, Ctrl-C or Esc Esc cancels.
public struct CalibrationKeys: Hashable, Sendable {
    /// The step of capital letters and shifted arrows, in pixels.
    public static let bigStep = 10
    public static let help = """
        1-4      select a crosshair (Tab: the next one)
        arrows   move it 1 px       (or h j k l)
        Shift+arrows move it 10 px  (or H J K L)
        Enter    accept these four points
        q        cancel without writing (or Ctrl-C)
        """

    private enum State: Hashable, Sendable { case idle, escape, sequence([UInt8]) }
    private var state = State.idle

    public init() {}

    /// One byte; returns the key it completes, if any.
    public mutating func feed(_ byte: UInt8) -> CalibrationKey? {
        switch state {
        case .idle: return idle(byte)
        case .escape:
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") {
                state = .sequence([])
                return nil
            }
            state = .idle
            return byte == 0x1b ? .cancel : idle(byte)
        case .sequence(let parameters):
            guard (0x40...0x7e).contains(byte) else {
                state = .sequence(parameters + [byte])
                return nil
            }
            state = .idle
            // ESC [ 1 ; 2 A is Shift+Up in xterm-style terminals.
            let shifted = parameters.contains(UInt8(ascii: "2"))
            return arrow(byte, step: shifted ? Self.bigStep : 1)
        }
    }

    private mutating func idle(_ byte: UInt8) -> CalibrationKey? {
        switch byte {
        case UInt8(ascii: "1")...UInt8(ascii: "4"): return .select(Int(byte - UInt8(ascii: "0")))
        case 0x09: return .next
        case UInt8(ascii: "\r"), UInt8(ascii: "\n"): return .accept
        case UInt8(ascii: "q"), 0x03, 0x04: return .cancel  // q, Ctrl-C, Ctrl-D
        case 0x1b:
            state = .escape
            return nil
        case UInt8(ascii: "h"): return .move(dx: -1, dy: 0)
        case UInt8(ascii: "l"): return .move(dx: 1, dy: 0)
        case UInt8(ascii: "k"): return .move(dx: 0, dy: -1)
        case UInt8(ascii: "j"): return .move(dx: 0, dy: 1)
        case UInt8(ascii: "H"): return .move(dx: -Self.bigStep, dy: 0)
        case UInt8(ascii: "L"): return .move(dx: Self.bigStep, dy: 0)
        case UInt8(ascii: "K"): return .move(dx: 0, dy: -Self.bigStep)
        case UInt8(ascii: "J"): return .move(dx: 0, dy: Self.bigStep)
        default: return nil
        }
    }

    private func arrow(_ final: UInt8, step: Int) -> CalibrationKey? {
        switch final {
        case UInt8(ascii: "A"): .move(dx: 0, dy: -step)
        case UInt8(ascii: "B"): .move(dx: 0, dy: step)
        case UInt8(ascii: "C"): .move(dx: step, dy: 0)
        case UInt8(ascii: "D"): .move(dx: -step, dy: 0)
        default: nil
        }
    }
}

/// The four crosshairs being moved: which is selected and where each is, kept inside the image.
public struct CalibrationJog: Hashable, Sendable {
    public private(set) var crosshairs: [PointPX]
    /// The selected crosshair, 0…3.
    public private(set) var selected = 0
    public let width: Int
    public let height: Int

    public init(crosshairs: [PointPX], width: Int, height: Int) {
        self.crosshairs = crosshairs
        self.width = width
        self.height = height
    }

    /// Crosshairs at `calibration`'s projector points, or inset from the image corners when it has none.
    public static func start(projector: Projector) -> CalibrationJog {
        let points =
            projector.calibration.projector.count == 4 ? projector.calibration.projector : insetCorners(projector)
        return CalibrationJog(crosshairs: points, width: projector.width, height: projector.height)
    }

    static func insetCorners(_ projector: Projector) -> [PointPX] {
        let w = Double(projector.width), h = Double(projector.height), m = min(w, h) * 0.1
        return [PointPX(x: m, y: m), PointPX(x: w - m, y: m), PointPX(x: w - m, y: h - m), PointPX(x: m, y: h - m)]
    }

    /// Applies a selection or a move; `accept` and `cancel` are the caller's to act on.
    public mutating func apply(_ key: CalibrationKey) {
        switch key {
        case .select(let number) where (1...4).contains(number): selected = number - 1
        case .next: selected = (selected + 1) % 4
        case .move(let dx, let dy):
            var p = crosshairs[selected]
            p.x = min(max(p.x.rounded() + Double(dx), 0), Double(width - 1))
            p.y = min(max(p.y.rounded() + Double(dy), 0), Double(height - 1))
            crosshairs[selected] = p
        default: break
        }
    }
}
