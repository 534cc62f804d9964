import Foundation

/// Account names: what may be one, and which names look too alike to live side by side.
///
/// A name is compatibility-normalised (NFKC, so a full-width `ｃｏｒａ` is `cora`) and lowercased,
/// then must be 1–64 of `a`–`z`, `0`–`9`, `.`, `-`, `_`, starting with a letter or digit. Only
/// ASCII, so a name can never mix scripts: Cyrillic `сora` is refused outright instead of sitting
/// beside `cora`. Within that set some characters are still read alike (`0`/`o`, `1`/`l`, `rn`/`m`,
/// `vv`/`w`, names differing only in separators); a new name whose *skeleton* equals an existing one's is refused.
public enum AccountName {
    public static let maximumLength = 64

    /// NFKC, lowercased. Used for new names and for the name typed at sign-in.
    public static func normalised(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// The normalised name, or an error that says which character is not allowed.
    public static func checked(_ raw: String) throws -> String {
        let name = normalised(raw)
        guard (1...maximumLength).contains(name.unicodeScalars.count) else {
            throw DashboardError.invalidName(
                name: printable(raw), reason: "it has \(name.unicodeScalars.count) characters")
        }
        if let bad = name.unicodeScalars.first(where: { !allowed($0) }) {
            throw DashboardError.invalidName(name: printable(raw), reason: "\(describe(bad)) is not allowed")
        }
        guard let first = name.unicodeScalars.first, isLetterOrDigit(first) else {
            throw DashboardError.invalidName(name: printable(raw), reason: "it starts with a separator")
        }
        return name
    }

    /// What a name looks like: equal skeletons are names a person could mistake for each other.
    /// Also maps the common Cyrillic and Greek look-alikes, so names stored before names were
    /// restricted to ASCII are compared too.
    public static func skeleton(_ name: String) -> String {
        // Separators are dropped: `co.le`, `cole_` and `cole` are told apart only by looking closely.
        var text = String(
            normalised(name).unicodeScalars.filter { !".-_".unicodeScalars.contains($0) }
                .map { Character(lookAlikes[$0] ?? $0) })
        for (pair, single) in [("rn", "m"), ("vv", "w")] { text = text.replacingOccurrences(of: pair, with: single) }
        return text
    }

    /// The first of `existing` that `name` could be mistaken for, if any.
    public static func confusable(_ name: String, with existing: [String]) -> String? {
        let mine = skeleton(name)
        return existing.first { skeleton($0) == mine }
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || scalar == "." || scalar == "-" || scalar == "_"
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// `'с' (U+0441)`: the character and its code, so an invisible or look-alike one can be told.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
        let shown =
            scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
            ? "" : "'\(Character(scalar))' "
        return shown + "(\(code))"
    }

    /// The name as typed, for an error message: control characters shown as codes, at most 64.
    public static func printable(_ raw: String) -> String {
        let shown = raw.unicodeScalars.prefix(maximumLength).map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                ? "<U+\(String(scalar.value, radix: 16, uppercase: true))>" : String(Character(scalar))
        }.joined()
        return raw.unicodeScalars.count > maximumLength ? shown + "…" : shown
    }

    /// Characters read as another: within the allowed set, and the usual Cyrillic and Greek
    /// capitals' and small letters' Latin twins (after lowercasing).
    static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = ["0": "o", "1": "l", "i": "l", "|": "l"]
        let twins: [(String, Character)] = [
            ("аα", "a"), ("в", "b"), ("сϲ", "c"), ("ԁ", "d"), ("еε", "e"), ("һ", "h"), ("іιӏ", "l"), ("ј", "j"),
            ("кκ", "k"), ("м", "m"), ("пη", "n"), ("оοσ", "o"), ("рρ", "p"), ("ԛ", "q"), ("ѕ", "s"), ("т", "t"),
            ("υ", "u"), ("νѵ", "v"), ("ԝω", "w"), ("хχ", "x"), ("уγ", "y"), ("ᴢ", "z"),
        ]
        for (letters, latin) in twins {
            for scalar in letters.unicodeScalars { map[scalar] = latin.unicodeScalars.first! }
        }
        return map
    }()
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
