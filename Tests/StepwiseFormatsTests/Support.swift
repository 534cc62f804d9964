import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// Paths and small helpers shared by the format tests.
enum Fixture {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ relative: String) -> String { repo.appendingPathComponent(relative).path }
    static func formats(_ relative: String) -> String { path("Tests/Fixtures/formats/\(relative)") }

    /// A fresh folder under the temporary directory, for generated files.
    static func scratch() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-formats-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in `folder` and returns its path.
    @discardableResult
    static func write(_ text: String, _ name: String, in folder: URL) -> String {
        let url = folder.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: url)
        return url.path
    }

    /// A 1×1 PNG (bytes only; nothing here decodes it).
    static func writePNG(_ name: String, in folder: URL) {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let url = folder.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(bytes).write(to: url)
    }
}

/// The diagnostics of a failed load (empty when it loaded).
func diagnostics<T>(_ result: Result<T, DiagnosticList>) -> [Diagnostic] {
    if case .failure(let list) = result { return list.diagnostics }
    return []
}

func setErrors(_ relative: String) -> [Diagnostic] {
    diagnostics(InstructionSetFile.load(path: Fixture.formats(relative)))
}

func cellErrors(_ relative: String) -> [Diagnostic] {
    diagnostics(CellFile.load(path: Fixture.formats(relative)))
}

/// The diagnostic at `line:column` whose text contains every fragment, if any.
func find(_ list: [Diagnostic], _ line: Int, _ column: Int, _ fragments: String...) -> Diagnostic? {
    list.first { d in d.line == line && d.column == column && fragments.allSatisfy { d.formatted.contains($0) } }
}
