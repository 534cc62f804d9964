import NIOCore
import PostgresNIO
import StepwiseCore
import StepwiseFormats

/// What a station's uplink asks about published sets, and what it tells back.
extension CentralStore {
    /// The version of `set` a cell asks for: `version`, or the latest when nil. Nil when none is published.
    public func published(_ set: InstructionSetID, version: String?) async throws -> InstructionBundle? {
        do {
            let chosen =
                version == nil
                ? "ORDER BY published_seq DESC LIMIT 1" : "AND version = $2"
            var binds = PostgresBindings()
            binds.append(set.rawValue)
            if let version { binds.append(version) }
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT version, content_hash, yaml FROM instruction_version WHERE instruction_set = $1 \(chosen)",
                    binds: binds), logger: logger
            ).collect()
            guard let row = rows.first else { return nil }
            let (label, hash, yaml) = try row.decode((String, String, ByteBuffer).self)
            var pictures: [String: [UInt8]] = [:]
            let pictureRows = try await connection.query(
                "SELECT path, bytes FROM instruction_picture WHERE instruction_set = \(set.rawValue) AND version = \(label)",
                logger: logger)
            for try await (path, bytes) in pictureRows.decode((String, ByteBuffer).self) {
                pictures[path] = Array(bytes.readableBytesView)
            }
            return InstructionBundle(
                id: set, version: label, contentHash: hash, yaml: Array(yaml.readableBytesView), pictures: pictures)
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }

    /// Logs a version a station installed or refused, for the dashboard.
    public func report(_ change: SetChangeReport) async throws {
        do {
            try await connection.query(
                """
                INSERT INTO station_set_change (station_id, instruction_set, from_version, to_version, content_hash,
                    outcome, detail, changed_steps)
                VALUES (\(change.station), \(change.instructionSet.rawValue), \(change.fromVersion), \(change.toVersion),
                    \(change.contentHash), \(change.outcome.rawValue), \(change.detail),
                    \(change.changedSteps.map(\.rawValue).joined(separator: ",")))
                """, logger: logger)
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }
}
