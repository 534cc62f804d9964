import Foundation
import Hummingbird
import StepwiseCore

/// The request context: Hummingbird's storage plus the session the cookie names, if any.
public struct DashboardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var session: Session?
    var token: String?
    /// The peer's address as the sign-in throttle counts it (`SignInAddress`); empty when unknown.
    var clientAddress = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = SignInAddress.key(source.channel.remoteAddress?.ipAddress)
    }
}

/// Looks the session cookie up. (The headers every response needs: `SecurityHeadersMiddleware`.)
struct SessionMiddleware: RouterMiddleware {
    typealias Context = DashboardContext
    let store: DashboardStore
    let now: @Sendable () -> Instant

    func handle(
        _ request: Request, context: DashboardContext, next: (Request, DashboardContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.cookies[Cookies.session]?.value, !token.isEmpty {
            context.token = token
            let (store, at) = (store, now())
            context.session = try await StoreWork.run { try store.session(token: token, now: at) }
        }
        return try await next(request, context)
    }
}

/// Cookie names and attributes. HttpOnly (no script reads them), SameSite=Strict (never sent
/// from another site), Secure whenever the server is reachable beyond this machine.
enum Cookies {
    static let session = "stepwise_session"
    static let login = "stepwise_login"

    static func make(_ name: String, _ value: String, secure: Bool, maxAge: Int?) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

/// `application/x-www-form-urlencoded` bodies, the only kind the dashboard's forms send.
enum Form {
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let key = parts.first, !key.isEmpty { fields[key] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }

    static func read(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 16_384)
        return parse(String(buffer: buffer))
    }
}

/// Responses the routes share.
enum Reply {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func data(_ text: String, type: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: attachment(filename)],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// RFC 6266: `filename` with only characters that need no quoting anywhere (others become
    /// '_'), and `filename*` (RFC 8187) with the exact name percent-encoded as UTF-8. A quote, a
    /// semicolon or a line break in a set or cell name can then never end the header value.
    static func attachment(_ filename: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        let plain = String(String.UnicodeScalarView(filename.unicodeScalars.map { safe.contains($0) ? $0 : "_" }))
        let exact = filename.addingPercentEncoding(withAllowedCharacters: safe) ?? plain
        return "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(exact)"
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for cookie in cookies { headers.append(HTTPFields.Element(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    static func problem(_ error: PageError, session: Session?) -> Response {
        let (status, message): (HTTPResponse.Status, String) =
            switch error {
            case .denied(let what): (.forbidden, "Your role does not give access to \(what).")
            case .notFound(let what): (.notFound, "Not found: \(what).")
            case .badRequest(let what): (.badRequest, "Not saved: \(what).")
            }
        return html(
            HTML.page(
                title: status.reasonPhrase, session: session,
                body: "<p class=\"error\">\(HTML.escape(message))</p>"), status: status)
    }
}

extension DashboardContext {
    /// A path parameter, percent-decoded ("/sets/led%2Dstreetlight" names `led-streetlight`);
    /// nil when it is missing or its encoding is not UTF-8.
    func pathParameter(_ name: String) -> String? {
        parameters.get(name)?.removingPercentEncoding
    }
}
