import Foundation
import NIOSSL
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

    /// How the connection is protected (libpq's `sslmode`): TLS to any other machine by default.
    public enum Security: Sendable, Equatable {
        /// Plain: the default only for a Unix socket or this machine (`localhost`, 127.x, ::1).
        case plain
        /// TLS without checking whose certificate it is (`sslmode=require`): against listeners, not impostors.
        case encrypted
        /// TLS with the server's certificate checked against `rootCertificate` (a PEM file; the
        /// system's trusted roots when nil), and its name too unless `checkName` is false (`verify-ca`).
        case verified(rootCertificate: String?, checkName: Bool)
    }

    public var endpoint: Endpoint
    public var security: Security = .plain
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
        let query = { (name: String) in parts.queryItems?.first { $0.name == name }?.value }
        let local = socketFolder != nil || CentralAddress.isLoopback(host)
        return Self.security(mode: query("sslmode"), rootCertificate: query("sslrootcert"), local: local).map {
            var address = CentralAddress(endpoint: endpoint, user: user, password: password, database: database)
            address.security = $0
            return address
        }
    }

    /// libpq's `sslmode` values that cannot fall back to plain text; none given: plain on this
    /// machine, `verify-full` elsewhere.
    static func security(mode: String?, rootCertificate: String?, local: Bool) -> Result<Security, CentralError> {
        switch mode ?? (local ? "disable" : "verify-full") {
        case "disable": .success(.plain)
        case "require":
            .success(
                rootCertificate == nil ? .encrypted : .verified(rootCertificate: rootCertificate, checkName: false))
        case "verify-ca": .success(.verified(rootCertificate: rootCertificate, checkName: false))
        case "verify-full": .success(.verified(rootCertificate: rootCertificate, checkName: true))
        case let other:
            .failure(
                .badAddress(
                    "sslmode=\(other) is not supported (prefer and allow can fall back to plain text); "
                        + "expected disable, require, verify-ca or verify-full"))
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The TLS settings of `security`; nil for plain.
    var tls: TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch security {
        case .plain: return nil
        case .encrypted: tls.certificateVerification = .none
        case .verified(let root, let checkName):
            tls.certificateVerification = checkName ? .fullVerification : .noHostnameVerification
            if let root { tls.trustRoots = .file(root) }
        }
        return tls
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
                host: host, port: port, username: user, password: password, database: database,
                tls: tls.map { .require($0) } ?? .disable)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The same address for one connection. Throws `CentralError` when the TLS settings cannot be
    /// used (a root certificate file that is missing or not PEM).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            var security = PostgresConnection.Configuration.TLS.disable
            if let tls {
                do {
                    security = .require(try NIOSSLContext(configuration: tls))
                } catch {
                    throw CentralError.badAddress("sslrootcert: \(error); expected a readable PEM certificate file")
                }
            }
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: security)
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
