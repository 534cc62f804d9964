/// Reads the trace text format line by line, with located errors.
struct TraceParser {
    let file: String
    /// What the station knows; nil checks only the syntax.
    var vocabulary: TraceVocabulary?

    /// A word of a line and the 1-based column it starts at.
    struct Word {
        var text: String
        var column: Int
    }

    /// The largest time a trace may hold (about 31 years): every instant a station computes from
    /// it stays far inside the range of `Instant`, so nothing saturates or wraps.
    static let maximumSeconds = 1_000_000_000.0

    func parse(_ text: String) throws(TraceError) -> [Trace.Entry] {
        var entries: [Trace.Entry] = []
        var previous = 0.0
        var failure: TraceError?
        Self.forEachLine(of: text) { line, raw in
            do throws(TraceError) {
                guard let entry = try self.entry(raw, line: line, after: previous) else { return true }
                entries.append(entry)
                previous = entry.seconds
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return entries
    }

    private func entry(_ raw: Substring, line: Int, after previous: Double) throws(TraceError) -> Trace.Entry? {
        let words = Self.words(of: raw)
        guard let first = words.first else { return nil }
        guard let seconds = Double(first.text), seconds.isFinite, seconds >= 0 else {
            throw error(line, first, "'\(first.text)' is not a time; expected seconds since trace start (e.g. 12.5)")
        }
        guard seconds <= Self.maximumSeconds else {
            throw error(
                line, first, "time \(first.text) is too large; expected at most \(Int(Self.maximumSeconds)) seconds")
        }
        guard seconds >= previous else {
            throw error(line, first, "time \(first.text) goes back; expected at least \(previous)")
        }
        guard words.count > 1 else {
            throw TraceError(
                file: file, line: line, column: first.column + first.text.count,
                message: "missing event; expected an input id or one of: \(Self.commands)")
        }
        let action = try self.action(words[1], Array(words.dropFirst(2)), line: line, whole: raw)
        if let vocabulary, let problem = vocabulary.problem(with: action, words: Array(words.dropFirst())) {
            throw error(line, problem.word, problem.message)
        }
        return Trace.Entry(seconds: seconds, action: action, line: line)
    }

    /// Calls `body` with each 1-based line number and line, without its line end: LF, CRLF and a
    /// lone CR all end a line, and a byte-order mark at the start is no part of the first line.
    /// Lines are slices of `text`, so a trace of blank lines costs nothing per line. `body`
    /// returns false to stop.
    static func forEachLine(of text: String, _ body: (Int, Substring) -> Bool) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { start = utf8.index(start, offsetBy: 3) }
        var index = start, line = 1
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = utf8.index(after: index)
                continue
            }
            guard body(line, text[start..<index]) else { return }
            index = utf8.index(after: index)
            if byte == 0x0D, index < utf8.endIndex, utf8[index] == 0x0A { index = utf8.index(after: index) }
            start = index
            line += 1
        }
        if start < utf8.endIndex { _ = body(line, text[start..<utf8.endIndex]) }
    }

    static let commands = "badge, scan, select, help, confirm, logout, fault, fault-cleared"

    private func action(_ head: Word, _ rest: [Word], line: Int, whole: Substring) throws(TraceError) -> Trace.Action {
        switch head.text {
        case "badge": return .badge(try single(rest, after: head, line: line, what: "a badge id"))
        case "scan": return .scan(try single(rest, after: head, line: line, what: "a code"))
        case "select":
            guard (1...2).contains(rest.count) else {
                throw error(
                    line, rest.count > 2 ? rest[2] : head,
                    "select takes a set id and an optional variant; expected 'select <set-id> [<variant>]'")
            }
            return .select(InstructionSetID(rest[0].text), rest.count == 2 ? VariantID(rest[1].text) : nil)
        case "help", "confirm", "logout":
            if let extra = rest.first {
                throw error(line, extra, "unexpected '\(extra.text)'; expected nothing after \(head.text)")
            }
            return head.text == "help" ? .help : head.text == "confirm" ? .confirm : .logout
        case "fault": return try fault(head, rest, line: line, whole: whole)
        case "fault-cleared": return .faultCleared(try single(rest, after: head, line: line, what: "a device name"))
        default: return try input(head, rest, line: line)
        }
    }

    private func input(_ head: Word, _ rest: [Word], line: Int) throws(TraceError) -> Trace.Action {
        guard rest.count <= 1 else { throw error(line, rest[1], "unexpected '\(rest[1].text)'; expected end of line") }
        guard let word = rest.first else { return .input(InputID(head.text), .rise) }
        guard let edge = Trace.Edge(rawValue: word.text) else {
            throw error(line, word, "unknown edge '\(word.text)'; expected rise or fall")
        }
        return .input(InputID(head.text), edge)
    }

    private func fault(_ head: Word, _ rest: [Word], line: Int, whole: Substring) throws(TraceError) -> Trace.Action {
        guard rest.count >= 3 else {
            throw error(line, rest.last ?? head, "incomplete fault; expected 'fault <device> <kind> <message>'")
        }
        guard let kind = DeviceFault.Kind(rawValue: rest[1].text) else {
            throw error(
                line, rest[1],
                "unknown fault kind '\(rest[1].text)'; expected sensor, usb, projector, output or storage")
        }
        let message = Self.uncommented(whole).dropFirst(rest[2].column - 1)
        let trimmed = String(message).trimmingSpaces()
        return .fault(DeviceFault(device: rest[0].text, kind: kind, message: trimmed))
    }

    private func single(_ rest: [Word], after head: Word, line: Int, what: String) throws(TraceError) -> String {
        guard let word = rest.first else {
            throw TraceError(
                file: file, line: line, column: head.column + head.text.count,
                message: "missing \(what); expected '\(head.text) <\(what)>'")
        }
        if rest.count > 1 {
            throw error(line, rest[1], "unexpected '\(rest[1].text)'; expected only \(what) after \(head.text)")
        }
        return word.text
    }

    private func error(_ line: Int, _ word: Word, _ message: String) -> TraceError {
        TraceError(file: file, line: line, column: word.column, message: message)
    }

    static func uncommented(_ line: Substring) -> Substring {
        line.firstIndex(of: "#").map { line[..<$0] } ?? line
    }

    /// Whitespace-separated words before any `#`, with their columns.
    static func words(of line: Substring) -> [Word] {
        var words: [Word] = []
        var current = "", start = 0
        for (offset, character) in uncommented(line).enumerated() {
            if character == " " || character == "\t" {
                if !current.isEmpty {
                    words.append(Word(text: current, column: start + 1))
                    current = ""
                }
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(Word(text: current, column: start + 1)) }
        return words
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
