import StepwiseCore
import Yams

extension NodeReader {
    /// Text; numbers and booleans must be quoted so `version: 1.10` does not silently become 1.1.
    func string(_ node: Node, _ what: String, maxLength: Int = Limits.textCharacters) -> String? {
        guard case .scalar(let scalar) = node, node.resolvedTag == .str else {
            report(
                node.mark, "\(what) must be text, found \(Describe.found(node))",
                expected: node.scalar != nil ? "text (put numbers and yes/no in quotes)" : "text")
            return nil
        }
        if scalar.string.isEmpty {
            report(node.mark, "\(what) is empty", expected: "some text")
            return nil
        }
        if scalar.string.count > maxLength {
            report(node.mark, "\(what) is \(scalar.string.count) characters long", expected: "at most \(maxLength)")
            return nil
        }
        return scalar.string
    }

    /// An identifier: letters, digits, `.`, `-`, `_`, starting with a letter or digit.
    func identifier(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what, maxLength: Limits.identifierCharacters) else { return nil }
        guard Self.isIdentifier(text) else {
            report(
                node.mark, "'\(Describe.clip(text))' is not a valid \(what)",
                expected: "letters, digits, '.', '-', '_' (starting with a letter or digit)")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIIAlnum else {
            return false
        }
        return text.unicodeScalars.allSatisfy {
            $0.isASCIILetter || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    /// A finite number within `range`; `aboveLower` makes the lower bound exclusive.
    func number(_ node: Node, _ what: String, in range: ClosedRange<Double>, aboveLower: Bool = false) -> Double? {
        guard case .scalar = node, [.int, .float].contains(node.resolvedTag), let value = node.float, value.isFinite
        else {
            report(node.mark, "\(what) must be a number, found \(Describe.found(node))", expected: "a number")
            return nil
        }
        let lowOK = aboveLower ? value > range.lowerBound : value >= range.lowerBound
        guard lowOK, value <= range.upperBound else {
            let low =
                aboveLower ? "more than \(Self.plain(range.lowerBound))" : "at least \(Self.plain(range.lowerBound))"
            report(
                node.mark, "\(what) is \(Self.plain(value)), out of range",
                expected: "\(low) and at most \(Self.plain(range.upperBound))")
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar = node, node.resolvedTag == .int, let value = node.int else {
            report(
                node.mark, "\(what) must be a whole number, found \(Describe.found(node))", expected: "a whole number")
            return nil
        }
        guard range.contains(value) else {
            report(
                node.mark, "\(what) is \(value), out of range", expected: "\(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar = node, node.resolvedTag == .bool, let value = node.bool else {
            report(node.mark, "\(what) must be true or false, found \(Describe.found(node))", expected: "true or false")
            return nil
        }
        return value
    }

    /// One of a fixed set of names, with a did-you-mean.
    func choice(_ node: Node, _ what: String, among names: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        guard names.contains(text) else {
            report(
                node.mark, "unknown \(what) '\(Describe.clip(text))'", expected: "one of \(Describe.list(names))",
                suggestion: Suggestion.closest(to: text, among: names))
            return nil
        }
        return text
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as type: E.Type) -> E?
    where E.RawValue == String {
        choice(node, what, among: E.allCases.map(\.rawValue)).flatMap(E.init(rawValue:))
    }

    /// Text per language: `{nl: …, en: …}`.
    func localized(_ node: Node, _ what: String) -> LocalizedText? {
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            report(
                node.mark, "\(what) must be a mapping of language to text, found \(Describe.found(node))",
                expected: "e.g. {nl: …, en: …}")
            return nil
        }
        var translations: [String: String] = [:]
        for (key, value) in mapping {
            guard let code = key.scalar?.string, Self.isLanguageCode(code) else {
                report(
                    key.mark, "'\(Describe.clip(key.scalar?.string ?? "?"))' is not a language code in \(what)",
                    expected: "a language code such as nl, en, tr, ar, pt-BR")
                continue
            }
            if translations[code] != nil {
                report(key.mark, "duplicate language '\(code)' in \(what)", expected: "each language once")
                continue
            }
            if let text = string(value, "\(what) (\(code))") { translations[code] = text }
        }
        return LocalizedText(translations)
    }

    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
            first.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) })
        else { return false }
        return parts.dropFirst().allSatisfy {
            (2...8).contains($0.count) && $0.unicodeScalars.allSatisfy(\.isASCIIAlnum)
        }
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIAlnum: Bool { isASCIILetter || ("0"..."9").contains(self) }
}
