import Foundation
import Hummingbird
import StepwiseCore

/// Sign-in and sign-out. The login form is protected against cross-site posting by a
/// double-submit token (cookie plus hidden field); later forms by the session's CSRF token.
extension Dashboard {
    func addLoginRoutes(_ router: Router<DashboardContext>) {
        let gate = SignInGate()
        router.get("/login") { _, context in
            if context.session != nil { return Reply.redirect("/cells") }
            return loginPage(message: nil)
        }
        router.post("/login") { request, context in
            let form = try await Form.read(request)
            let expected = request.cookies[Cookies.login]?.value ?? ""
            guard !expected.isEmpty, let sent = form["login"],
                PasswordHasher.constantTimeEqual(Data(sent.utf8), Data(expected.utf8))
            else { return loginPage(message: "The sign-in form had expired. Please try again.", status: .forbidden) }
            let address = SignInAddress.client(
                peer: context.clientAddress, forwardedFor: request.headers[HTTPFields.Element.Name("X-Forwarded-For")!])
            let outcome: SignInOutcome
            do {
                let (name, password, at) = (form["name"] ?? "", form["password"] ?? "", now())
                outcome = try await gate.run(from: address) { [store] in
                    try store.signIn(name: name, password: password, address: address, now: at)
                }
            } catch is SignInGate.Busy {
                var busy = loginPage(
                    message: "The server is busy signing people in. Please try again in a moment.",
                    status: .serviceUnavailable)
                busy.headers[.retryAfter] = "5"
                return busy
            }
            let account: Account
            switch outcome {
            case .wait(let seconds):
                await gate.noteFailure(from: address)
                return loginPage(message: Self.waitMessage(seconds: seconds), status: .tooManyRequests)
            case .wrong:
                await gate.noteFailure(from: address)
                return loginPage(message: "Name or password is wrong.", status: .unauthorized)
            case .signedIn(let signedIn): account = signedIn
            }
            let (store, old, at) = (store, context.token, now())
            let token = try await StoreWork.run {
                if let old { try store.endSession(token: old) }
                return try store.startSession(for: account, now: at).0
            }
            return Reply.redirect(
                "/cells",
                cookies: [
                    Cookies.make(
                        Cookies.session, token, secure: secureCookies, maxAge: Int(DashboardStore.sessionSeconds)),
                    Cookies.make(Cookies.login, "", secure: secureCookies, maxAge: 0),
                ])
        }
        router.get("/sign-ins") { request, context in
            try await show(request, context) { access in
                guard access.role == .manager else { throw PageError.denied("the sign-in locks") }
                return try SignInLocks.build(store, now: now()).page()
            }
        }
        router.post("/logout") { request, context in
            guard let session = context.session, let token = context.token else { return Reply.redirect("/login") }
            let form = try await Form.read(request)
            guard let sent = form["csrf"], PasswordHasher.constantTimeEqual(Data(sent.utf8), Data(session.csrf.utf8))
            else { return Reply.problem(.denied("signing out from another site"), session: session) }
            try await StoreWork.run { [store] in try store.endSession(token: token) }
            return Reply.redirect(
                "/login", cookies: [Cookies.make(Cookies.session, "", secure: secureCookies, maxAge: 0)])
        }
    }

    /// Says how long to wait, and who can help sooner, without blaming anyone.
    static func waitMessage(seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded(.up))
        return
            "Too many wrong passwords for this name from here. Please try again in \(minutes) minute\(minutes == 1 ? "" : "s"), "
            + "or ask whoever runs the server for a new password (stepwise user password)."
    }

    func loginPage(message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = RandomToken.make()
        let error = message.map { "<p class=\"error\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            \(error)<form method="post" action="/login"><fieldset>\
            <input type="hidden" name="login" value="\(token)">\
            <label for="name">Name</label><input id="name" name="name" autocomplete="username" required autofocus>\
            <label for="password">Password</label>\
            <input id="password" name="password" type="password" autocomplete="current-password" required>\
            <p><button>Sign in</button></p></fieldset></form>\
            <p class="note">Accounts are made on the server with <code>stepwise user add</code>. There is no default account.</p>
            """
        var response = Reply.html(HTML.page(title: "Stepwise: sign in", session: nil, body: body), status: status)
        response.headers.append(
            HTTPFields.Element(
                name: .setCookie, value: Cookies.make(Cookies.login, token, secure: secureCookies, maxAge: 3600)))
        return response
    }
}
