import ArgumentParser
import StepwiseCore
import StepwiseLog

struct Preferences: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set a worker's display preferences: text size, high contrast, language.",
        discussion: """
            Set by the coach together with the worker; the station applies them when the worker's badge logs in.
            WORKER is the pseudonym (as the dashboard and reports show it), never the badge id.
            Without options the stored preferences are printed.
            """)

    @Argument(help: "The worker's pseudonym.")
    var worker: String
    @Option(help: "Text size relative to the cell's, 1…3 (1.5 = half as high again).")
    var textScale: Double?
    @Flag(inversion: .prefixedNo, help: "Thicker outlines, no greys.")
    var highContrast: Bool?
    @Option(help: "Language code of the worker's texts (nl, en, tr, pl, ar …); \"cell\" for the cell's language.")
    var language: String?
    @Flag(help: "Back to the standard preferences (the stored row is removed).")
    var reset = false
    @OptionGroup var qualityLog: QualityLogOption

    func run() throws {
        let changing = reset || textScale != nil || highContrast != nil || language != nil
        // Showing needs the daemon's log; setting before the first shift may create it.
        let log = try QualityLog(path: changing ? qualityLog.db : try qualityLog.existing())
        let pseudonym = WorkerPseudonym(worker)
        var preferences = try log.loadPreferences(worker: pseudonym) ?? .standard
        if reset { preferences = .standard }
        if let textScale {
            guard (1...3).contains(textScale) else {
                throw CommandSupport.fail(
                    "--text-scale \(textScale) is out of range; expected 1 to 3 (1 = the cell's size)")
            }
            preferences.textScale = textScale
        }
        if let highContrast { preferences.highContrast = highContrast }
        if let language { preferences.language = try Self.language(language) }
        if changing {
            try log.savePreferences(preferences, worker: pseudonym)
            if try log.records(worker: pseudonym, limit: 1).isEmpty {
                print("note: the log has no records of \(worker) yet; check the pseudonym if this is unexpected")
            }
        }
        print(Self.describe(preferences, worker: worker))
    }

    /// A language code as BCP 47 writes it (`tr`, `pt-BR`), or nil for "cell".
    static func language(_ text: String) throws -> String? {
        if text == "cell" { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let valid =
            (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLetter }
            && parts.dropFirst().allSatisfy {
                (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }
        guard valid else {
            throw CommandSupport.fail(
                "--language '\(text)' is not a language code; expected e.g. nl, en, tr, pl, ar or cell")
        }
        return text
    }

    static func describe(_ p: WorkerPreferences, worker: String) -> String {
        let size = p.textScale == 1 ? "the cell's size" : "\(p.textScale)× the cell's size"
        return
            "\(worker): text \(size), high contrast \(p.highContrast ? "on" : "off"), language \(p.language ?? "the cell's")"
    }
}
