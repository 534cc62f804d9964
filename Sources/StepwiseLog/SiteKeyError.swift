/// What is wrong with a site key file, as "path: what is wrong; expected …".
public struct SiteKeyError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: SiteKeyProblem

    public init(path: String, problem: SiteKeyProblem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// Why a key file was refused or not written. Never quotes the file's text: it may hold a key.
public enum SiteKeyProblem: Error, Equatable, CustomStringConvertible, Sendable {
    case missing
    case notAFile(kind: String)
    case openToOthers(mode: UInt32)
    case cannotRead(reason: String)
    case tooLarge(limit: Int)
    case noHeader
    case unknownVersion
    case lineCount(Int)
    case keyLength(Int)
    case notHex
    case exists
    case cannotWrite(reason: String)

    public var description: String {
        switch self {
        case .missing:
            "no site key here; expected one made by `stepwise site init` or installed by `stepwise site join`"
        case .notAFile(let kind): "is a \(kind); expected a regular file holding the site key"
        case .openToOthers(let mode):
            "mode \(Self.octal(mode)) is not private to its owner; expected 0600 or 0400 (chmod 600 the file)"
        case .cannotRead(let reason): "cannot be read (\(reason)); expected a file the service's user can read"
        case .tooLarge(let limit): "is larger than \(limit) bytes; expected a site key file of two short lines"
        case .noHeader: "the first line is not a site key header; expected '\(SiteKeyText.header)'"
        case .unknownVersion: "a site key format this version does not know; expected '\(SiteKeyText.header)'"
        case .lineCount(let count): "has \(count) lines; expected 2: the header and the key"
        case .keyLength(let count):
            "the key line has \(count) characters; expected \(2 * SiteKey.byteCount) hex digits (\(SiteKey.byteCount) bytes)"
        case .notHex: "the key line has a character that is not a hex digit; expected only 0-9 and a-f"
        case .exists:
            "a site key is already here; expected no file (see it with `stepwise site show`; a new key splits "
                + "workers' histories, so an old one is only ever removed on purpose)"
        case .cannotWrite(let reason):
            "cannot be written (\(reason)); expected a writable folder, as root or the service's user"
        }
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
