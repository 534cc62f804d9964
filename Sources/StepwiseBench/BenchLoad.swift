import Foundation
import Glibc
import Synchronization

/// The load of `stepwise bench dashboard`, on plain threads: browsers asking for pages back to
/// back, a writer appending records at a steady rate, and a prober opening the sign-in page.
enum BenchLoad {
    struct Outcome {
        var pages: [DashboardBench.PageFigures]
        var loginIdle: DashboardBench.PageFigures
        var loginUnderLoad: DashboardBench.PageFigures
        var written: Int
    }

    static func run(
        port: Int, account: (name: String, password: String), pages: [String], settings: DashboardBench.Settings,
        write: @escaping @Sendable (Int) throws -> Void
    ) throws -> Outcome {
        let prober = PageClient(port: port)
        let idle = try timed("/login", settings.idleLogins, prober)
        var browsers: [PageClient] = []
        for _ in 0..<settings.clients {
            let browser = PageClient(port: port)
            try signIn(browser, account)
            browsers.append(browser)
        }
        for page in pages { try expectPage(page, browsers[0]) }
        let stop = Atomic<Bool>(false)
        let group = DispatchGroup()
        let times = Mutex<[String: Samples]>([:])
        let failure = Mutex<(any Error)?>(nil)
        let written = Atomic<Int>(0)
        for (index, browser) in browsers.enumerated() {
            spawn(group) {
                var mine: [String: Samples] = [:]
                var next = index % pages.count
                while !stop.load(ordering: .relaxed) {
                    let page = pages[next]
                    next = (next + 1) % pages.count
                    let start = monotonicNanoseconds()
                    let answer = try browser.get(page)
                    guard answer.status == 200 else { throw PageClient.Failure.malformed("\(page): \(answer.status)") }
                    mine[page, default: Samples()].add(Double(monotonicNanoseconds() - start) / 1e6)
                }
                times.withLock { all in for (page, samples) in mine { all[page, default: Samples()].merge(samples) } }
            } failed: { error in
                failure.withLock { $0 = error }
            }
        }
        spawn(group) {
            let period = 1 / max(settings.writesPerSecond, 0.1)
            let start = monotonicNanoseconds()
            var n = 0
            while !stop.load(ordering: .relaxed) {
                try write(n)
                n += 1
                written.store(n, ordering: .relaxed)
                let due = start + UInt64(Double(n) * period * 1e9)
                let now = monotonicNanoseconds()
                if due > now { usleep(useconds_t(min(due - now, 1_000_000_000) / 1000)) }
            }
        } failed: { error in
            failure.withLock { $0 = error }
        }
        var loaded = Samples()
        let end = monotonicNanoseconds() + UInt64(settings.seconds * 1e9)
        while monotonicNanoseconds() < end {
            let start = monotonicNanoseconds()
            _ = try prober.get("/login")
            loaded.add(Double(monotonicNanoseconds() - start) / 1e6)
            usleep(20_000)  // a person opening the page now and then, not a flood
        }
        stop.store(true, ordering: .relaxed)
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        let all = times.withLock { $0 }
        return Outcome(
            pages: pages.map { figures($0, all[$0] ?? Samples()) }, loginIdle: figures("/login", idle),
            loginUnderLoad: figures("/login", loaded), written: written.load(ordering: .relaxed))
    }

    static func figures(_ page: String, _ samples: Samples) -> DashboardBench.PageFigures {
        DashboardBench.PageFigures(
            page: page, requests: samples.count, p50Milliseconds: samples.percentile(0.5),
            p99Milliseconds: samples.percentile(0.99))
    }

    static func timed(_ page: String, _ count: Int, _ client: PageClient) throws -> Samples {
        var samples = Samples(capacity: count)
        for _ in 0..<count {
            let start = monotonicNanoseconds()
            let answer = try client.get(page)
            guard answer.status == 200 else { throw PageClient.Failure.malformed("\(page): \(answer.status)") }
            samples.add(Double(monotonicNanoseconds() - start) / 1e6)
        }
        return samples
    }

    /// Signs in through the form, as a person does: the form's token and cookie, then the POST.
    static func signIn(_ browser: PageClient, _ account: (name: String, password: String)) throws {
        let form = try browser.get("/login")
        let html = String(decoding: form.body, as: UTF8.self)
        guard let token = hiddenValue("login", in: html) else {
            throw PageClient.Failure.malformed("the sign-in form has no login token")
        }
        browser.cookie = cookies(form).joined(separator: "; ")
        let answer = try browser.post(
            "/login", form: [("login", token), ("name", account.name), ("password", account.password)])
        guard answer.status == 303, let session = cookies(answer).first(where: { $0.hasPrefix("stepwise_session=") })
        else { throw PageClient.Failure.malformed("sign-in answered \(answer.status); expected 303 and a session") }
        browser.cookie = session
    }

    static func expectPage(_ page: String, _ browser: PageClient) throws {
        let answer = try browser.get(page)
        guard answer.status == 200 else {
            throw PageClient.Failure.malformed("\(page) answered \(answer.status); expected 200")
        }
    }

    static func cookies(_ answer: PageClient.Answer) -> [String] {
        answer.header("set-cookie").compactMap { $0.split(separator: ";").first.map(String.init) }
    }

    static func hiddenValue(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    private static func spawn(
        _ group: DispatchGroup, _ body: @escaping @Sendable () throws -> Void,
        failed: @escaping @Sendable (any Error) -> Void
    ) {
        group.enter()
        let thread = Thread {
            do { try body() } catch { failed(error) }
            group.leave()
        }
        thread.start()
    }
}

extension Samples {
    mutating func merge(_ other: Samples) {
        for value in other.values { add(value) }
    }
}
