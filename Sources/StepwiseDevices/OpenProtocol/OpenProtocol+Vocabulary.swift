import StepwiseCore
import StepwiseOpenProtocol

/// Open Protocol's values in the station's vocabulary: a result's values for the quality record, a session's
/// fault as a device fault.
extension Tightening {
    /// The values of an Open Protocol result (MID 0061, already checked field by field) as the quality record keeps them.
    init(_ result: TighteningResult) {
        self.init(
            ok: result.isOK, torqueHundredths: result.torque.hundredths,
            torqueMinHundredths: result.torqueMin.hundredths, torqueMaxHundredths: result.torqueMax.hundredths,
            torqueStatus: LimitStatus(result.torqueStatus), angleDegrees: result.angle,
            angleMinDegrees: result.angleMin, angleMaxDegrees: result.angleMax,
            angleStatus: LimitStatus(result.angleStatus), program: result.parameterSet,
            controllerID: result.tighteningID)
    }
}

extension Tightening.LimitStatus {
    init(_ status: TighteningResult.LimitStatus) {
        switch status {
        case .low: self = .low
        case .ok: self = .ok
        case .high: self = .high
        }
    }
}

extension ControllerFault {
    /// The station's fault for this controller: a sensor fault that clears itself when the controller is back.
    func deviceFault(device: String) -> DeviceFault {
        DeviceFault(
            device: device, kind: .sensor,
            message: "\(self); it is tried again by itself, confirm steps by hand meanwhile")
    }
}
