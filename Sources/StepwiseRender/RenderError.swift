/// Why the renderer could not start or could not write its output.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The four calibration points do not define a homography (three of them lie on a line).
    case degenerateCalibration
    /// The projector size must be positive and small enough for one image surface.
    case invalidSize(width: Int, height: Int)
    /// cairo refused to create a surface; `reason` is cairo's own status text.
    case surface(reason: String)
    /// A PNG could not be written to `path`.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .degenerateCalibration:
            "calibration is degenerate: expected four bench points, no three on one line, and their projector pixels"
        case .invalidSize(let w, let h):
            "projector size \(w)×\(h) is invalid: expected width and height between 1 and 16384 pixels"
        case .surface(let reason):
            "cairo could not create the image surface: \(reason)"
        case .writeFailed(let path, let reason):
            "could not write PNG \(path): \(reason)"
        }
    }
}
