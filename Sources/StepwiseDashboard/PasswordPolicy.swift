import Foundation

/// What a new password must be. Length alone let ten spaces through; these rules refuse what a
/// guesser tries first, and say which rule was broken so the person can pick another:
/// at least 10 characters (at most 1024 bytes), at least 5 different characters besides
/// whitespace, not a common password (also with digits or symbols around it, letters written as
/// digits like `p4ssw0rd`, or repeated), not a keyboard row or alphabet run, not the account name.
public enum PasswordPolicy {
    public static let minimumLength = PasswordHasher.minimumLength
    public static let maximumBytes = 1024
    public static let minimumDistinct = 5

    /// Throws `passwordTooShort` or `weakPassword(reason)`; returns when `password` may be used for `account`.
    public static func check(_ password: String, account: String) throws {
        guard password.count >= minimumLength else { throw DashboardError.passwordTooShort(minimum: minimumLength) }
        if let reason = weakness(password, account: account) { throw DashboardError.weakPassword(reason) }
    }

    /// Why `password` is refused, or nil.
    public static func weakness(_ password: String, account: String) -> String? {
        guard password.utf8.count <= maximumBytes else { return "it is longer than \(maximumBytes) bytes" }
        let visible = password.lowercased().filter { !$0.isWhitespace }
        guard !visible.isEmpty else { return "it is only spaces" }
        guard Set(visible).count >= minimumDistinct else {
            return "it has fewer than \(minimumDistinct) different characters besides spaces"
        }
        if isKeyboardWalk(visible) { return "it is a run of neighbouring keys or letters" }
        if let word = commonWord(visible) { return "it is built on the common password '\(word)'" }
        let name = AccountName.normalised(account).filter { $0.isLetter || $0.isNumber }
        let letters = visible.filter { $0.isLetter || $0.isNumber }
        if name.count >= 3, letters.contains(name) || letters.contains(String(name.reversed())) {
            return "it contains the account name"
        }
        return nil
    }

    /// The common password `visible` is made of, if any: as typed, without the digits and symbols
    /// around it, with digits read back as letters, or repeated.
    static func commonWord(_ visible: String) -> String? {
        let alphanumeric: (String) -> String = { $0.filter { $0.isLetter || $0.isNumber } }
        let unleet: (String) -> String = { String($0.map { leet[$0] ?? $0 }) }
        let core = trimmed(visible)
        let candidates = [
            alphanumeric(visible), alphanumeric(core), alphanumeric(unleet(visible)), alphanumeric(unleet(core)),
        ]
        for candidate in candidates where candidate.count >= 4 {
            if CommonPasswords.words.contains(Substring(candidate)) { return candidate }
            let unit = period(candidate)
            if unit.count < candidate.count, unit.count <= 4 || CommonPasswords.words.contains(Substring(unit)) {
                return String(unit)
            }
        }
        return nil
    }

    /// `visible` without the digits and symbols before and after its letters (`!!pass12` → `pass`).
    static func trimmed(_ visible: String) -> String {
        String(visible.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())
    }

    /// The shortest prefix that, repeated, makes `text` (`abcabca` → `abc`); `text` itself if none.
    static func period(_ text: String) -> Substring {
        let characters = Array(text)
        for length in 1..<max(characters.count, 1)
        where characters.indices.allSatisfy({
            characters[$0] == characters[$0 % length]
        }) {
            return text.prefix(length)
        }
        return Substring(text)
    }

    /// Whether all but at most one step between neighbouring characters moves one key along a
    /// keyboard row (QWERTY, QWERTZ, AZERTY, the digit row) or one letter along the alphabet.
    static func isKeyboardWalk(_ visible: String) -> Bool {
        let characters = Array(visible)
        guard characters.count >= 2 else { return false }
        let steps = zip(characters, characters.dropFirst()).filter { adjacent($0, $1) }.count
        return steps >= characters.count - 2
    }

    static func adjacent(_ a: Character, _ b: Character) -> Bool {
        rows.contains { row in
            guard let i = row.firstIndex(of: a), let j = row.firstIndex(of: b) else { return false }
            return abs(row.distance(from: i, to: j)) == 1
        }
    }

    static let rows = [
        "`1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "qwertzuiopü", "asdfghjklöä", "yxcvbnm",
        "azertyuiop", "qsdfghjklm", "wxcvbn", "abcdefghijklmnopqrstuvwxyz", "!@#$%^&*()_+",
    ]

    static let leet: [Character: Character] = [
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "8": "b",
    ]
}
