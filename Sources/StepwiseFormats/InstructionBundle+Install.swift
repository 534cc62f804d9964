import Foundation
import StepwiseCore

/// A published set written into a station's instruction folder.
public struct InstalledSet: Sendable {
    /// The YAML file the daemon reloads.
    public var file: String
    public var set: InstructionSet
    /// The version the folder held before, if any.
    public var previousVersion: String?
    /// What changed from the version before, step by step; nil when the folder held none.
    public var changes: SetChanges?
}

extension InstructionBundle {
    /// Writes the set into `folder` the way the daemon's hot reload expects: validated first with
    /// `cellPath` in a hidden staging folder (which the loader skips), then the pictures and last
    /// the YAML moved into place, each with one rename, so the daemon never reads half a file. The
    /// set replaces the file that held it, or becomes `<id>.yaml`. On a failure nothing visible
    /// changes and the last good version stays.
    public func install(into folder: String, cellPath: String) -> Result<InstalledSet, DiagnosticList> {
        let folder = FormatPaths.absolute(folder)
        guard NodeReader.isIdentifier(id.rawValue), NodeReader.isIdentifier(version) else {
            return .failure(DiagnosticList([Self.located(folder, "'\(id)@\(version)' is not a set id and version")]))
        }
        let current = Validation.validate(paths: [folder])
        let target = current.setFiles[id] ?? URL(fileURLWithPath: folder).appendingPathComponent("\(id).yaml").path
        let targetFolder = URL(fileURLWithPath: target).deletingLastPathComponent()
        let stage = URL(fileURLWithPath: folder).appendingPathComponent(".incoming/\(id)@\(version)")
        let staged = stage.appendingPathComponent(URL(fileURLWithPath: target).lastPathComponent).path
        defer {
            try? FileManager.default.removeItem(at: stage)
            rmdir(stage.deletingLastPathComponent().path)  // only when no other install is staged there
        }
        if let problem = writeStage(stage, staged) { return .failure(DiagnosticList([Self.located(staged, problem)])) }
        let report = Validation.validate(paths: [cellPath, staged])
        let problems = report.errors.filter { $0.file == staged }
        guard problems.isEmpty, let set = report.instructionSets.first(where: { report.setFiles[$0.id] == staged })
        else {
            return .failure(
                DiagnosticList(problems.isEmpty ? [Self.located(staged, "no instruction set here")] : problems))
        }
        guard set.id == id, set.version == version else {
            return .failure(
                DiagnosticList([
                    Self.located(staged, "the file holds \(set.id) \(set.version), not \(id) \(version) as published")
                ]))
        }
        let previous = current.instructionSets.first { $0.id == id }
        let changes = previous.map { SetChanges.between($0, set, pictureDigest: Self.fileDigest) }
        do {
            for picture in pictures.keys.sorted() {
                let destination = targetFolder.appendingPathComponent(picture)
                try FileManager.default.createDirectory(
                    at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Self.replace(destination.path, with: stage.appendingPathComponent(picture).path)
            }
            try Self.replace(target, with: staged)
        } catch {
            return .failure(DiagnosticList([Self.located(target, "cannot write: \(error)")]))
        }
        var installed = set
        installed.contentHash = contentHash
        return .success(
            InstalledSet(file: target, set: installed, previousVersion: previous?.version, changes: changes))
    }

    /// The YAML and pictures in the staging folder; a problem as a sentence, or nil.
    private func writeStage(_ stage: URL, _ staged: String) -> String? {
        guard Self.digest(yaml) == contentHash else { return "the published bytes do not match their hash" }
        do {
            try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
            for (path, bytes) in pictures {
                guard Self.isSafePicturePath(path) else { return "picture path \(path) leaves the set's folder" }
                let file = stage.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: file)
            }
            try Data(yaml).write(to: URL(fileURLWithPath: staged))
        } catch {
            return "cannot write the staging copy: \(error)"
        }
        return nil
    }

    /// Moves `source` over `destination` with rename(2): a reader sees the old file or the new one.
    private static func replace(_ destination: String, with source: String) throws {
        guard rename(source, destination) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
        }
    }

    /// A picture stands for its bytes in the diff: a file saved again unchanged is no change.
    static func fileDigest(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { digest($0) } ?? path
    }
}
