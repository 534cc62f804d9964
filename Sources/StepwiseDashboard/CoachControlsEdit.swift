import Foundation
import StepwiseCore
import StepwiseLog

/// What a coach changes in one worker's guidance limits for one set; nil keeps the stored value.
/// "Never fade below hint" is not a field of its own: it is the floor `hint`.
public struct CoachControlsEdit: Hashable, Sendable {
    public enum Lock: Hashable, Sendable {
        case at(GuidanceLevel)
        /// No lock: the model adapts again.
        case unlocked
    }
    public var floor: GuidanceLevel?
    public var ceiling: GuidanceLevel?
    public var lock: Lock?
    public init(floor: GuidanceLevel? = nil, ceiling: GuidanceLevel? = nil, lock: Lock? = nil) {
        self.floor = floor
        self.ceiling = ceiling
        self.lock = lock
    }

    /// `controls` with this edit applied, or why the result would make no sense.
    public func applied(to controls: CoachControls) -> Result<CoachControls, CoachControlsError> {
        var next = controls
        if let floor { next.floor = floor }
        if let ceiling { next.ceiling = ceiling }
        switch lock {
        case .at(let level): next.locked = level
        case .unlocked: next.locked = nil
        case nil: break
        }
        guard next.floor <= next.ceiling else {
            return .failure(.floorAboveCeiling(floor: next.floor, ceiling: next.ceiling))
        }
        return .success(next)
    }
}

/// Why a coach's change was refused.
public enum CoachControlsError: Error, Equatable, CustomStringConvertible {
    case floorAboveCeiling(floor: GuidanceLevel, ceiling: GuidanceLevel)
    case unknownSet(InstructionSetID, known: [InstructionSetID])
    case nothingToChange
    /// The set or worker as typed is not an id at all (too long, controls, spaces …).
    case badName(InputError)

    public var description: String {
        switch self {
        case .floorAboveCeiling(let floor, let ceiling):
            "floor \(floor) gives more help than ceiling \(ceiling); expected floor ≤ ceiling "
                + "(levels from least to most help: silent, location, hint, full)"
        case .unknownSet(let set, let known):
            "instruction set '\(InputError.quote(set.rawValue))' is not in the quality log; expected one of: "
                + (known.isEmpty
                    ? "(none yet: the set must have been worked on at a cell)"
                    : known.map { InputError.quote($0.rawValue) }.joined(separator: ", "))
        case .nothingToChange:
            "nothing to change; expected at least one of --floor, --ceiling, --lock, --unlock, --never-below-hint"
        case .badName(let error): error.description
        }
    }
}

extension DashboardStore {
    /// Every stored skill of `worker`, by set id.
    public func skills(of worker: WorkerPseudonym) throws -> [WorkerSkill] {
        try workshop.skills(of: worker)
    }

    /// `worker`'s skills for a coach at the command line (`actor`, e.g. "cli:anna"): the read is written
    /// to the audit trail first, as every read of one worker's data on the dashboard is.
    public func skills(of worker: WorkerPseudonym, readBy actor: String, at now: Instant) throws -> [WorkerSkill] {
        let skills = try skills(of: worker)
        if !skills.isEmpty {
            try audit(Account(name: actor, role: .coach), action: "read-worker", workers: [worker], at: now)
        }
        return skills
    }

    /// Sets the log knows: worked on by anyone (a skill or a record names them).
    public func knownInstructionSets() throws -> [InstructionSetID] {
        try workshop.knownInstructionSets()
    }

    /// Applies `edit` to `worker`'s limits in `set`, stores them and writes the audit entry
    /// (`actor` as the account, e.g. "cli:anna", role coach) in one go. The daemon applies the
    /// limits at the worker's next sign-in, as with the dashboard's form.
    @discardableResult
    public func editControls(
        worker: WorkerPseudonym, set: InstructionSetID, edit: CoachControlsEdit, actor: String, at now: Instant
    ) throws -> CoachControls {
        try editControls(worker: worker, set: set, edit: edit, by: Account(name: actor, role: .coach), at: now)
    }

    /// The one path for a change of limits, from the command line and the dashboard's form alike:
    /// the set and worker must be ids, the set one the log knows, floor ≤ ceiling; then stored and audited.
    @discardableResult
    func editControls(
        worker: WorkerPseudonym, set: InstructionSetID, edit: CoachControlsEdit, by account: Account, at now: Instant
    ) throws -> CoachControls {
        do {
            _ = try InputCheck.worker(worker.rawValue)
            _ = try InputCheck.instructionSet(set.rawValue)
        } catch { throw CoachControlsError.badName(error) }
        guard edit != CoachControlsEdit() else { throw CoachControlsError.nothingToChange }
        let known = try knownInstructionSets()
        guard known.contains(set) else { throw CoachControlsError.unknownSet(set, known: known) }
        let stored = try workshop.loadSkill(worker: worker, instructionSet: set)?.controls ?? CoachControls()
        let c = try workshop.saveControls(try edit.applied(to: stored).get(), worker: worker, instructionSet: set)
            .controls
        try audit(account, action: "controls", workers: [worker], details: c.auditDetails(set), at: now)
        return c
    }
}

extension CoachControls {
    /// How a change of limits reads in the audit trail after the worker: "led-streetlight floor=hint ceiling=full lock=none".
    func auditDetails(_ set: InstructionSetID) -> String {
        "\(set.rawValue) floor=\(floor.name) ceiling=\(ceiling.name) lock=\(locked?.name ?? "none")"
    }
}
