import Foundation

/// One problem found in a YAML file, located so an editor can jump to it.
///
/// Formatted gcc-style: `FILE:LINE:COL: error: what is wrong; expected WHAT (did you mean 'X'?)`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error, warning
    }
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (in characters).
    public var column: Int
    public var severity: Severity
    /// What is wrong.
    public var message: String
    /// What was expected instead, if that helps the engineer.
    public var expected: String?
    /// A close name the engineer probably meant (a misspelt key, zone or input).
    public var suggestion: String?

    public init(
        file: String, line: Int, column: Int, severity: Severity = .error, message: String,
        expected: String? = nil, suggestion: String? = nil
    ) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.severity = severity
        self.message = message
        self.expected = expected
        self.suggestion = suggestion
    }

    public var isError: Bool { severity == .error }

    /// The gcc-style line.
    public var formatted: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let expected { text += "; expected \(expected)" }
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }

    public var description: String { formatted }

    /// Orders diagnostics as an editor lists them: by file, then position.
    static func sourceOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// The problems that stopped one file from loading (errors and any warnings found with them).
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    /// One gcc-style line per diagnostic.
    public func formatted() -> String { diagnostics.map(\.formatted).joined(separator: "\n") }
    public var description: String { formatted() }
}
