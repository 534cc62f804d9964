import StepwiseCore

/// One published version of an instruction set, as `stepwise versions` lists it.
public struct PublishedVersion: Hashable, Sendable {
    public var instructionSet: InstructionSetID
    public var version: String
    public var contentHash: String
    public var author: String
    public var note: String
    public var publishedAt: Instant
    public var pictures: Int
    /// The version stations that follow the latest install (the one published last).
    public var isLatest: Bool
}

/// What `publish` did.
public enum PublishOutcome: Hashable, Sendable {
    /// A new version is stored and is now the latest.
    case published
    /// The same version with the same content was published before: it is the latest again (a rollback).
    case madeLatestAgain
    /// The same version with the same content already is the latest: nothing changed.
    case alreadyLatest
}

/// A station's version change as its uplink reports it: installed, or refused with the errors.
public struct SetChangeReport: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable {
        case installed, refused
    }
    public var station: String
    public var instructionSet: InstructionSetID
    public var fromVersion: String?
    public var toVersion: String
    public var contentHash: String
    public var outcome: Outcome
    /// The located errors of a refused version; empty when installed.
    public var detail: String
    /// The steps whose workers were re-guided, comma-separated.
    public var changedSteps: [StepID]

    public init(
        station: String, instructionSet: InstructionSetID, fromVersion: String?, toVersion: String,
        contentHash: String, outcome: Outcome, detail: String = "", changedSteps: [StepID] = []
    ) {
        self.station = station
        self.instructionSet = instructionSet
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.contentHash = contentHash
        self.outcome = outcome
        self.detail = detail
        self.changedSteps = changedSteps
    }
}
