import Crypto
import Foundation
import StepwiseCore

/// One instruction set as it is published and installed: the YAML file's bytes and the pictures
/// it names, by their path relative to the file. Pictures must lie in the set's folder or below
/// it: a station writes them under its own instruction folder and nowhere else.
public struct InstructionBundle: Hashable, Sendable {
    public var id: InstructionSetID
    public var version: String
    /// SHA-256 (hex) of `yaml`: the `contentHash` every record of the set carries.
    public var contentHash: String
    public var yaml: [UInt8]
    /// Relative path (`pictures/pick-part.png`) → the file's bytes.
    public var pictures: [String: [UInt8]]

    public init(
        id: InstructionSetID, version: String, contentHash: String, yaml: [UInt8], pictures: [String: [UInt8]]
    ) {
        self.id = id
        self.version = version
        self.contentHash = contentHash
        self.yaml = yaml
        self.pictures = pictures
    }

    /// Validates the set in `path`, with the `cells` that run it (their own problems about other
    /// sets do not count), and reads its bytes and pictures. The failure is the located diagnostics.
    public static func read(path: String, cells: [String] = []) -> Result<InstructionBundle, DiagnosticList> {
        let file = FormatPaths.absolute(path)
        let report = Validation.validate(paths: [file] + cells)
        let problems = report.diagnostics.filter { $0.isError && $0.file == file }
        guard problems.isEmpty, let set = report.instructionSets.first(where: { report.setFiles[$0.id] == file })
        else {
            let shown = problems.isEmpty ? report.errors : problems
            return .failure(DiagnosticList(shown.isEmpty ? [located(file, "no instruction set in this file")] : shown))
        }
        guard NodeReader.isIdentifier(set.version) else {
            return .failure(
                DiagnosticList([
                    located(
                        file,
                        "version '\(set.version)' cannot be published: cells pin a version as \(set.id)@VERSION, "
                            + "so it takes letters, digits, '.', '-', '_' (starting with a letter or digit)")
                ]))
        }
        guard let yaml = FileManager.default.contents(atPath: file) else {
            return .failure(DiagnosticList([located(file, "cannot read the file")]))
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path + "/"
        var pictures: [String: [UInt8]] = [:]
        for picture in Set(set.allSteps.compactMap(\.picture)).sorted() {
            guard picture.hasPrefix(folder) else {
                return .failure(
                    DiagnosticList([
                        located(file, "picture \(picture) is outside the set's folder; copy it into \(folder)")
                    ]))
            }
            guard let bytes = FileManager.default.contents(atPath: picture) else {
                return .failure(DiagnosticList([located(file, "cannot read picture \(picture)")]))
            }
            pictures[String(picture.dropFirst(folder.count))] = [UInt8](bytes)
        }
        return .success(
            InstructionBundle(
                id: set.id, version: set.version, contentHash: Self.digest(yaml), yaml: [UInt8](yaml),
                pictures: pictures))
    }

    /// SHA-256 of `bytes`, in hex, as the loader hashes a set's file.
    public static func digest(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A relative picture path a station may write: no absolute path, no `..`, no hidden part.
    public static func isSafePicturePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !parts.isEmpty
            && parts.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\0") }
    }

    static func located(_ file: String, _ message: String) -> Diagnostic {
        Diagnostic(file: file, line: 1, column: 1, message: message, expected: "a valid instruction set")
    }
}
