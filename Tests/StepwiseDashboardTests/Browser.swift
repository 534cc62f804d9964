import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A signed-in browser for `HummingbirdTesting`: keeps the session cookie and the CSRF token.
struct Browser {
    let client: any TestClientProtocol
    var cookie = ""
    var csrf = ""

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
    }

    func get(_ uri: String) async throws -> Page {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) {
            Page(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
        }
    }

    func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        ) { Page(status: $0.status, headers: $0.headers, body: String(buffer: $0.body)) }
    }

    /// Signs in through the real form; returns the page the POST answered (303 on success).
    mutating func signIn(_ name: String, _ password: String) async throws -> Page {
        let form = try await get("/login")
        let loginToken = Self.value(of: "login", in: form.body) ?? ""
        cookie = Self.cookies(form.headers).joined(separator: "; ")
        let answer = try await post("/login", [("login", loginToken), ("name", name), ("password", password)])
        if let session = Self.cookies(answer.headers).first(where: { $0.hasPrefix("stepwise_session=") }) {
            cookie = session
            csrf = Self.value(of: "csrf", in: try await get("/cells").body) ?? ""
        }
        return answer
    }

    static func cookies(_ headers: HTTPFields) -> [String] {
        headers[values: .setCookie].compactMap { $0.split(separator: ";").first.map(String.init) }
    }

    /// The value of the hidden input `name` in an HTML body.
    static func value(of name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
