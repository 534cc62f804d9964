/// A typed identifier: a `StepID` can never be passed where a `ZoneID` is expected.
///
/// Identifiers are the names engineers write in YAML (`step: fit-driver`, `zone: bin-a`).
public struct Identifier<Tag>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum InstructionSetTag {}
public enum StepTag {}
public enum StepGroupTag {}
public enum VariantTag {}
public enum ZoneTag {}
public enum InputTag {}
public enum OutputTag {}
public enum CellTag {}
public enum WorkerTag {}

public typealias InstructionSetID = Identifier<InstructionSetTag>
public typealias StepID = Identifier<StepTag>
public typealias StepGroupID = Identifier<StepGroupTag>
public typealias VariantID = Identifier<VariantTag>
public typealias ZoneID = Identifier<ZoneTag>
/// A named input signal of a cell, e.g. `bin-a.pick` or `torque.ok`.
public typealias InputID = Identifier<InputTag>
/// A named output of a cell, e.g. `lamp.bin-a` or `torque.enable`.
public typealias OutputID = Identifier<OutputTag>
public typealias CellID = Identifier<CellTag>
/// A worker's pseudonym. Never a name or a badge number: those stay outside the log.
public typealias WorkerPseudonym = Identifier<WorkerTag>
