import Foundation
import PostgresNIO

/// Where the central PostgreSQL is and who signs in, read from a libpq-style URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/socket/folder]`. The password may stay
/// out of the URL (and so out of `ps`): then `PGPASSWORD` or `~/.pgpass` supply it, as for psql.
public struct CentralAddress: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`<folder>/.s.PGSQL.<port>`).
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String

    /// Reads `url`; `environment` and `pgpass` (the file's text) fill a password the URL lacks.
    public static func parse(
        _ url: String, environment: [String: String] = [:], pgpass: String? = nil
    ) -> Result<CentralAddress, CentralError> {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parts = URLComponents(string: trimmed), ["postgres", "postgresql"].contains(parts.scheme ?? "")
        else { return .failure(.badAddress("expected postgres://USER@HOST[:PORT]/DATABASE")) }
        guard let user = parts.user, !user.isEmpty else { return .failure(.badAddress("no user name")) }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { return .failure(.badAddress("no database name")) }
        let port = parts.port ?? 5432
        let socketFolder = parts.queryItems?.first { $0.name == "host" }?.value
        let host = parts.host ?? "localhost"
        let endpoint: Endpoint =
            socketFolder.map { .unixSocket(path: "\($0)/.s.PGSQL.\(port)") } ?? .tcp(host: host, port: port)
        let password =
            parts.password ?? environment["PGPASSWORD"]
            ?? pgpass.flatMap { PasswordFile.lookup($0, host: socketFolder ?? host, port: port, database, user) }
        return .success(CentralAddress(endpoint: endpoint, user: user, password: password, database: database))
    }

    /// The same address with the password left out, for logs and status lines.
    public var redacted: String {
        switch endpoint {
        case .tcp(let host, let port): "postgres://\(user)@\(host):\(port)/\(database)"
        case .unixSocket(let path): "postgres://\(user)@/\(database) (socket \(path))"
        }
    }

    /// The same address for a pool of connections (`PostgresClient`).
    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    var configuration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

/// `~/.pgpass`: `host:port:database:user:password` lines, `*` matching anything, `\:` a colon.
enum PasswordFile {
    static func lookup(_ text: String, host: String, port: Int, _ database: String, _ user: String) -> String? {
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    private static func split(_ line: String) -> [String] {
        var fields = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}

/// What goes wrong between a station and the central server, as values a status line can print.
public enum CentralError: Error, Equatable, CustomStringConvertible {
    case badAddress(String)
    case unreachable(String)
    case refused(String)

    public var description: String {
        switch self {
        case .badAddress(let why): "central server address: \(why)"
        case .unreachable(let why): "central server unreachable: \(why)"
        case .refused(let why): "central server refused: \(why)"
        }
    }
}
