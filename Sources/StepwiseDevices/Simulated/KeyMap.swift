import StepwiseCore

/// What a key press at the console means.
public enum ConsoleCommand: Hashable, Sendable {
    /// A simulated input fired (its key was pressed).
    case activate(InputID)
    /// `b` + text + Enter: a badge was presented.
    case badge(String)
    /// `s` + code + Enter: a barcode was scanned.
    case scan(String)
    case logout
    case quit
    /// `?`: print the key map.
    case showKeys
}

/// The console's keys for one cell: its simulated inputs by key, plus the fixed keys of `help`.
/// A pure state machine fed byte by byte, with line editing for badge and scan codes.
public struct KeyMap: Hashable, Sendable, CustomStringConvertible {
    /// The fixed keys; they win over a cell's simulated input with the same key.
    public static let help = """
        ?        show the keys
        b TEXT ⏎ present a badge (login), e.g. b1234⏎
        s CODE ⏎ scan a code (variant), e.g. sV2⏎
        l        logout
        q        quit
        while typing: Backspace deletes, Ctrl-U clears, Esc cancels
        """
    static let reserved: Set<UInt8> = Set("?bslq".utf8)

    /// Simulated inputs by their (single ASCII character) key.
    public private(set) var bindings: [UInt8: InputID] = [:]
    /// Simulated inputs whose key cannot be used: reserved, taken already, or not one ASCII character.
    public private(set) var unusable: [InputID] = []

    private enum State: Hashable, Sendable {
        case idle
        case typing(badge: Bool, text: [UInt8])
        /// Inside an escape sequence (arrow keys …), swallowed whole.
        case escape, controlSequence
    }
    private var state = State.idle

    /// Binds the simulated inputs that have a key, in the cell file's order.
    public init(keys: [(input: InputID, key: String)]) {
        for (input, key) in keys {
            let bytes = Array(key.utf8)
            guard bytes.count == 1, bytes[0] > 0x20, bytes[0] < 0x7f, !Self.reserved.contains(bytes[0]),
                bindings[bytes[0]] == nil
            else {
                unusable.append(input)
                continue
            }
            bindings[bytes[0]] = input
        }
    }

    /// True while a badge or scan line is being typed.
    public var isTypingLine: Bool { if case .typing = state { true } else { false } }

    /// The key map as shown by `?`: the cell's keys, then the fixed ones.
    public var description: String {
        let keys = bindings.keys.sorted().map { "\(Character(Unicode.Scalar($0)))        \(bindings[$0]!.rawValue)" }
        let unused = unusable.isEmpty ? [] : ["(no usable key: \(unusable.map(\.rawValue).joined(separator: ", ")))"]
        return (keys + unused + [Self.help]).joined(separator: "\n")
    }

    /// The text `?` shows (same as `description`).
    public var helpText: String { description }

    /// One byte from the terminal or pipe; returns the command it completes, if any.
    public mutating func feed(_ byte: UInt8) -> ConsoleCommand? {
        switch state {
        case .idle: return idle(byte)
        case .typing(let badge, let text): return typing(byte, badge: badge, text: text)
        case .escape:
            guard byte == UInt8(ascii: "[") else {
                state = .idle
                return idle(byte)  // a lone Esc: the next key counts
            }
            state = .controlSequence
        case .controlSequence:
            if (0x40...0x7e).contains(byte) { state = .idle }
        }
        return nil
    }

    private mutating func idle(_ byte: UInt8) -> ConsoleCommand? {
        switch byte {
        case UInt8(ascii: "?"): return .showKeys
        case UInt8(ascii: "b"): state = .typing(badge: true, text: [])
        case UInt8(ascii: "s"): state = .typing(badge: false, text: [])
        case UInt8(ascii: "l"): return .logout
        case UInt8(ascii: "q"), 0x04: return .quit  // 0x04: Ctrl-D in non-canonical mode
        case 0x1b: state = .escape
        default: return bindings[byte].map { .activate($0) }
        }
        return nil
    }

    private mutating func typing(_ byte: UInt8, badge: Bool, text: [UInt8]) -> ConsoleCommand? {
        var text = text
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            state = .idle
            guard !text.isEmpty else { return nil }
            let line = String(decoding: text, as: UTF8.self)
            return badge ? .badge(line) : .scan(line)
        case 0x7f, 0x08:
            while let last = text.popLast(), last & 0xc0 == 0x80 {}  // a whole UTF-8 character
        case 0x15: text.removeAll()
        case 0x1b:
            state = .escape
            return nil
        case ..<0x20: break
        default: text.append(byte)
        }
        state = .typing(badge: badge, text: text)
        return nil
    }
}
