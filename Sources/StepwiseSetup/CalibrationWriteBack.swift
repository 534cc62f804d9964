import Foundation
import StepwiseCore
import StepwiseFormats

/// Why a new calibration was not written into the cell file. The file is unchanged in every case
/// but `.reloadFailed`, where the previous text is in the `.bak` copy.
public enum CalibrationWriteError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case noBlock(CalibrationTextError)
    /// The rewritten text does not load as a cell (it is left beside the cell file to inspect).
    case rewrittenInvalid(path: String, report: String)
    case writeFailed(path: String, reason: String)
    /// The file written does not load back with the new points.
    case reloadFailed(path: String, report: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read the cell file: \(reason); expected a readable Devices/*.yaml"
        case .noBlock(let error): "\(error)"
        case .rewrittenInvalid(let path, let report):
            "\(path): the rewritten cell would not load, nothing was changed:\n\(report)"
        case .writeFailed(let path, let reason): "\(path): cannot write: \(reason); expected a writable folder"
        case .reloadFailed(let path, let report):
            "\(path): written, but it does not load back with the new points (previous text in \(path).bak):\n\(report)"
        }
    }
}

/// Puts a calibration into a cell file: only the `calibration:` block's text changes, the new
/// text is loaded with the real cell loader before it replaces the file (temporary file + rename,
/// so the daemon's hot reload never sees half a file), the old text stays in `<file>.bak`, and the
/// written file is loaded once more to prove it holds the new points.
public enum CalibrationWriteBack {
    /// The cell file's text with `calibration` in it, checked by loading, without writing it.
    public static func rewrittenText(cellPath: String, calibration: Calibration) -> Result<
        String, CalibrationWriteError
    > {
        let original: String
        do { original = try String(contentsOfFile: cellPath, encoding: .utf8) } catch {
            return .failure(.unreadable(path: cellPath, reason: error.localizedDescription))
        }
        switch CalibrationText.replacing(in: original, file: cellPath, with: calibration) {
        case .failure(let error): return .failure(.noBlock(error))
        case .success(let text): return .success(text)
        }
    }

    /// Writes `calibration` into the cell file at `cellPath`; returns the cell as loaded back.
    public static func write(cellPath: String, calibration: Calibration) -> Result<Cell, CalibrationWriteError> {
        let text: String
        switch rewrittenText(cellPath: cellPath, calibration: calibration) {
        case .failure(let error): return .failure(error)
        case .success(let rewritten): text = rewritten
        }
        let url = URL(fileURLWithPath: cellPath)
        // Same folder (relative projector paths resolve alike, rename stays atomic); not *.yaml, so
        // neither the validator nor the daemon's reload takes it for a cell.
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).calibrating")
            .path
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            return .failure(.writeFailed(path: temporary, reason: error.localizedDescription))
        }
        if case .failure(let error) = loaded(
            temporary, expecting: calibration, else: CalibrationWriteError.rewrittenInvalid)
        {
            return .failure(error)
        }
        let backup = cellPath + ".bak"
        do {
            if FileManager.default.fileExists(atPath: backup) { try FileManager.default.removeItem(atPath: backup) }
            try FileManager.default.copyItem(atPath: cellPath, toPath: backup)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(.writeFailed(path: backup, reason: error.localizedDescription))
        }
        guard rename(temporary, cellPath) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(.writeFailed(path: cellPath, reason: reason))
        }
        return loaded(cellPath, expecting: calibration, else: CalibrationWriteError.reloadFailed)
    }

    /// The cell at `path` through the real loader, if it loads without errors and has `calibration`;
    /// otherwise the error `failure` makes of the path and the loader's report.
    static func loaded(
        _ path: String, expecting calibration: Calibration, else failure: (String, String) -> CalibrationWriteError
    ) -> Result<Cell, CalibrationWriteError> {
        switch CellFile.load(path: path) {
        case .failure(let diagnostics): return .failure(failure(path, diagnostics.formatted()))
        case .success(let (cell, _)):
            let found = cell.projector.calibration
            let same =
                zip(found.bench, calibration.bench).allSatisfy { close($0.x, $1.x) && close($0.y, $1.y) }
                && zip(found.projector, calibration.projector).allSatisfy { close($0.x, $1.x) && close($0.y, $1.y) }
            guard same, found.bench.count == 4, found.projector.count == 4 else {
                return .failure(
                    failure(
                        path, "\(path): error: the file loads, but its calibration is \(found); expected \(calibration)"
                    ))
            }
            return .success(cell)
        }
    }

    /// Equal to the file's two decimals.
    private static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 0.006 }
}
