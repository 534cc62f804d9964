import StepwiseCore

/// What a store answers so that "Cells now" reads only what decides each cell's state, not the
/// whole log: with an index on (cell, kind, time) each answer is a few index steps.
public protocol CellLookups {
    /// Every cell the records name, sorted.
    func cells() throws -> [CellID]
    /// The time of the newest record of `cell` of one of `kinds` before `before` (nil: any time), if any.
    func newest(of kinds: [QualityRecord.Kind], cell: CellID, before: Instant?) throws -> Instant?
    /// Records of `cell` with `from <= at < before` (either open), of `kinds` (nil: any), oldest first.
    func records(cell: CellID, kinds: [QualityRecord.Kind]?, from: Instant?, before: Instant?) throws
        -> [QualityRecord]
}

extension CellLookups {
    /// Exactly the records `CellStatus.build` needs to reach the state it reaches over the whole
    /// log: for each cell, everything from its latest step start or sign-out on (each of which
    /// sets or clears every field), the sign-in and sign-out just before that (who is there), and
    /// its fault records (open faults live across sign-ins). Oldest first per cell.
    public func recordsDecidingCells() throws -> [QualityRecord] {
        try cells().flatMap(recordsDeciding(cell:))
    }

    /// The records that decide one cell's state (see `recordsDecidingCells`), oldest first.
    public func recordsDeciding(cell: CellID) throws -> [QualityRecord] {
        guard let turn = try newest(of: [.stepStarted, .logout], cell: cell, before: nil) else {
            return try records(cell: cell, kinds: nil, from: nil, before: nil)
        }
        let before = try [QualityRecord.Kind.login, .logout].compactMap { kind in
            try records(cell: cell, kind: kind, before: turn)
        }
        let faults = try records(cell: cell, kinds: [.fault, .faultCleared], from: nil, before: turn)
        let earlier = (before + faults).sorted { $0.at < $1.at }
        return earlier + (try records(cell: cell, kinds: nil, from: turn, before: nil))
    }

    /// The records a unit's page needs: `cell`'s records from the cycle end or sign-in before the
    /// unit's end through its end (`UnitRecord` reads the same from the whole log).
    public func recordsOfUnit(cell: CellID, done: Instant) throws -> [QualityRecord] {
        let from = try newest(of: [.cycleDone, .login], cell: cell, before: done)
        return try records(cell: cell, kinds: nil, from: from, before: Instant(nanoseconds: done.nanoseconds + 1))
    }

    /// The newest record of `kind` of `cell` before `before`.
    private func records(cell: CellID, kind: QualityRecord.Kind, before: Instant) throws -> QualityRecord? {
        guard let at = try newest(of: [kind], cell: cell, before: before) else { return nil }
        return try records(cell: cell, kinds: [kind], from: at, before: before).last
    }
}
