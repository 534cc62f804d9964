/// What a torque controller measured for one screw, carried typed from the controller to the
/// quality record (never as text to parse back). Torques are hundredths of a newton-metre, exactly
/// as Open Protocol sends them; angles are whole degrees.
public struct Tightening: Hashable, Sendable, Codable {
    /// Where a value lies against its limits, as the controller judged it.
    public enum LimitStatus: String, Hashable, Sendable, Codable, CaseIterable { case low, ok, high }

    /// The controller's verdict for the whole tightening.
    public var ok: Bool
    public var torqueHundredths: Int
    public var torqueMinHundredths: Int
    public var torqueMaxHundredths: Int
    public var torqueStatus: LimitStatus
    public var angleDegrees: Int
    public var angleMinDegrees: Int
    public var angleMaxDegrees: Int
    public var angleStatus: LimitStatus
    /// The controller's program (Open Protocol's parameter set) that ran.
    public var program: Int
    /// The controller's own id of this tightening: what finds it in the tool's log.
    public var controllerID: Int

    public init(
        ok: Bool, torqueHundredths: Int, torqueMinHundredths: Int, torqueMaxHundredths: Int,
        torqueStatus: LimitStatus, angleDegrees: Int, angleMinDegrees: Int, angleMaxDegrees: Int,
        angleStatus: LimitStatus, program: Int, controllerID: Int
    ) {
        self.ok = ok
        self.torqueHundredths = torqueHundredths
        self.torqueMinHundredths = torqueMinHundredths
        self.torqueMaxHundredths = torqueMaxHundredths
        self.torqueStatus = torqueStatus
        self.angleDegrees = angleDegrees
        self.angleMinDegrees = angleMinDegrees
        self.angleMaxDegrees = angleMaxDegrees
        self.angleStatus = angleStatus
        self.program = program
        self.controllerID = controllerID
    }

    /// `4.10 Nm (3.80–4.40), 92°`: the values a supervisor reads on a unit's record.
    public var summary: String {
        "\(Self.newtonMetres(torqueHundredths)) Nm (\(Self.newtonMetres(torqueMinHundredths))–"
            + "\(Self.newtonMetres(torqueMaxHundredths))), \(angleDegrees)°"
    }

    /// Hundredths as a decimal, exactly: 410 → "4.10", -5 → "-0.05".
    public static func newtonMetres(_ hundredths: Int) -> String {
        let magnitude = hundredths.magnitude
        let cents = magnitude % 100
        return "\(hundredths < 0 ? "-" : "")\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
