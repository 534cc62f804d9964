import StepwiseCore
import StepwiseOpenProtocol

/// The inputs one controller's verdicts activate; a verdict without an input is not an event.
public struct TorqueControllerInputs: Hashable, Sendable {
    public var ok: InputID?
    public var nok: InputID?

    public init(ok: InputID? = nil, nok: InputID? = nil) {
        self.ok = ok
        self.nok = nok
    }

    func input(for result: TighteningResult) -> InputID? { result.isOK ? ok : nok }
}
