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

    /// A well-formed 1×1 RGBA PNG (one transparent pixel).
    static let onePixelPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
        0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x60, 0x60, 0xF8, 0x0F, 0x00, 0x01, 0x04, 0x01, 0x00,
        0x5F, 0xE5, 0xC3, 0x4B, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// Writes the 1×1 PNG as `name` in `folder`.
    static func writePNG(_ name: String, in folder: URL) {
        let bytes = onePixelPNG
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
