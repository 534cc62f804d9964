import NIOCore
import PostgresNIO
import StepwiseCore
import StepwiseFormats

/// Publishing instruction sets: each version stored once with its pictures; the latest is the one
/// published last, so publishing an older version again rolls the workshop back to it.
extension PostgresWorkshop {
    /// Stores `bundle` as a new version. A version label already published with other content is
    /// refused: stations and records name a version by its label, which must mean one content.
    public func publish(_ bundle: InstructionBundle, author: String, note: String) throws -> PublishOutcome {
        try transaction { connection, logger in
            let set = bundle.id.rawValue
            let found = try await connection.query(
                """
                SELECT content_hash, published_seq = (SELECT max(published_seq) FROM instruction_version
                    WHERE instruction_set = \(set))
                FROM instruction_version WHERE instruction_set = \(set) AND version = \(bundle.version) FOR UPDATE
                """, logger: logger
            ).collect().first
            if let found {
                let (hash, latest) = try found.decode((String, Bool).self)
                guard hash == bundle.contentHash else {
                    throw CentralError.refused(
                        "\(set) \(bundle.version) is already published with other content (sha256 \(hash.prefix(12))); "
                            + "raise version: in the file and publish again")
                }
                if latest { return .alreadyLatest }
                try await connection.query(
                    """
                    UPDATE instruction_version SET published_seq = nextval('instruction_publication'),
                        published_at = now(), author = \(author), note = \(note)
                    WHERE instruction_set = \(set) AND version = \(bundle.version)
                    """, logger: logger)
                return .madeLatestAgain
            }
            try await connection.query(
                """
                INSERT INTO instruction_version
                    (instruction_set, version, content_hash, yaml, author, note, published_seq)
                VALUES (\(set), \(bundle.version), \(bundle.contentHash), \(ByteBuffer(bytes: bundle.yaml)),
                    \(author), \(note), nextval('instruction_publication'))
                """, logger: logger)
            for (path, bytes) in bundle.pictures {
                try await connection.query(
                    """
                    INSERT INTO instruction_picture (instruction_set, version, path, bytes)
                    VALUES (\(set), \(bundle.version), \(path), \(ByteBuffer(bytes: bytes)))
                    """, logger: logger)
            }
            return .published
        }
    }

    /// Every published version of `set`, the latest first.
    public func versions(of set: InstructionSetID) throws -> [PublishedVersion] {
        try rows(
            """
            SELECT version, content_hash, author, note, \(unescaped: Self.nanoseconds("published_at")),
                (SELECT count(*) FROM instruction_picture p
                    WHERE p.instruction_set = v.instruction_set AND p.version = v.version),
                published_seq = max(published_seq) OVER ()
            FROM instruction_version v WHERE instruction_set = \(set.rawValue) ORDER BY published_seq DESC
            """
        ).map { row in
            PublishedVersion(
                instructionSet: set, version: try row[0].decode(String.self),
                contentHash: try row[1].decode(String.self), author: try row[2].decode(String.self),
                note: try row[3].decode(String.self), publishedAt: Instant(central: try row[4].decode(Int64.self)),
                pictures: Int(try row[5].decode(Int64.self)), isLatest: try row[6].decode(Bool.self))
        }
    }

    /// The version changes stations reported for `set`, newest first.
    public func setChanges(of set: InstructionSetID, limit: Int = 200) throws -> [SetChangeReport] {
        try rows(
            """
            SELECT station_id, from_version, to_version, content_hash, outcome, detail, changed_steps
            FROM station_set_change WHERE instruction_set = \(set.rawValue) ORDER BY at DESC, id DESC
            LIMIT \(Int64(max(0, limit)))
            """
        ).map { row in
            SetChangeReport(
                station: try row[0].decode(String.self), instructionSet: set,
                fromVersion: try row[1].decode(String?.self), toVersion: try row[2].decode(String.self),
                contentHash: try row[3].decode(String.self),
                outcome: SetChangeReport.Outcome(rawValue: try row[4].decode(String.self)) ?? .refused,
                detail: try row[5].decode(String.self),
                changedSteps: try row[6].decode(String.self).split(separator: ",").map { StepID(String($0)) })
        }
    }
}
