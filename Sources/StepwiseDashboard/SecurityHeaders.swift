import Hummingbird

/// The headers every response carries, pages and errors alike (a 404 for a mistyped address,
/// a 500 from a failed read): no caching of personal data, no framing, no scripts, no referrer
/// leaking pseudonyms in URLs, no content sniffing. The outermost middleware, so nothing skips it.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    func handle(
        _ request: Request, context: DashboardContext, next: (Request, DashboardContext) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            response = Reply.problem(.notFound("nothing at this address"), session: nil)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            // Said to the log, not to the browser: the text may name a file or a table.
            context.logger.error("request failed: \(error)")
            response = Reply.html(
                HTML.page(
                    title: "Server error", session: nil,
                    body: "<p class=\"error\">The dashboard could not answer; the server log says why.</p>"),
                status: .internalServerError)
        }
        Self.add(to: &response.headers)
        return response
    }

    static func add(to headers: inout HTTPFields) {
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPFields.Element.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPFields.Element.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
    }
}
