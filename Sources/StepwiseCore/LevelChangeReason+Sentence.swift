/// The sentences of the reason codes, in English and Dutch. Made where a person reads them (a
/// page, a report, the `detail` text kept for older readers), never parsed back.
extension LevelChangeReason {
    /// "3 clean runs on tempo (mastery 96 %)"; `language` is a BCP 47 code, anything but "nl" reads English.
    /// `version` is the set's version, which only `stepChanged` names.
    public func sentence(count: Int?, ratio: Double?, version: String? = nil, language: String = "en") -> String {
        let dutch = language.lowercased().hasPrefix("nl")
        let n = count.map(String.init) ?? "?"
        let percent = ratio.map { String(Int(($0 * 100).rounded())) } ?? "?"
        let time = count.map { Self.duration(Double($0), dutch: dutch) }
        switch self {
        case .cleanRuns:
            return dutch
                ? "\(n) foutloze rondes op tempo (beheersing \(percent) %)"
                : "\(n) clean runs on tempo (mastery \(percent) %)"
        case .cleanRunsAgain:
            return dutch
                ? "\(n) foutloze rondes op tempo (beheersing \(percent) %); meer rondes gevraagd: een eerdere vermindering van deze stap ging mis"
                : "\(n) clean runs on tempo (mastery \(percent) %); more runs asked: an earlier fade of this step went wrong"
        case .trialFade:
            return dutch
                ? "\(n) rondes zonder moeite maar niet op tempo (beheersing \(percent) %): één niveau minder proberen"
                : "\(n) runs without trouble but off tempo (mastery \(percent) %): trying one level less"
        case .slowRuns:
            return dutch
                ? "\(n) trage rondes (≥ \(percent) % van de streeftijd)" : "\(n) slow runs (≥ \(percent) % of target)"
        case .mastery:
            return dutch ? "geschatte beheersing gedaald tot \(percent) %" : "mastery estimate fell to \(percent) %"
        case .errors:
            guard let count, count > 1 else { return dutch ? "foute handeling" : "wrong action" }
            return dutch ? "\(count) foute handelingen in deze ronde" : "\(count) wrong actions in this run"
        case .helpAsked: return dutch ? "hulp gevraagd" : "help asked"
        case .hesitation: return dutch ? "een tijd geen voortgang (aarzeling)" : "no progress for a while (hesitation)"
        case .helpInCycle: return dutch ? "eerder in deze ronde hulp gevraagd" : "help asked earlier in this cycle"
        case .groupTrouble:
            return dutch
                ? "\(n) tekenen van moeite in de groep deze ronde" : "\(n) signs of trouble in the group this cycle"
        case .absence: return dutch ? "\(n) dagen sinds de laatste oefening" : "\(n) days since last practice"
        case .warmUpReturn:
            let away = time ?? (dutch ? "lange tijd" : "a long time")
            return dutch ? "opwarmen: eerste ronde na \(away) weg" : "warm-up: first cycle after \(away) away"
        case .warmUpBreak:
            let pause = time ?? (dutch ? "lange" : "long")
            return dutch ? "opwarmen na een pauze van \(pause)" : "warm-up after a \(pause) break"
        case .warmUpDone: return dutch ? "opwarmronde klaar" : "warm-up cycle done"
        case .fatigue:
            let since = time ?? (dutch ? "lang" : "long")
            return dutch
                ? "trager laat in de sessie (\(since) bezig): meer hulp, geen straf"
                : "slower late in the session (\(since) in): more help, no penalty"
        case .moreHelp: return dutch ? "meer hulp" : "more help"
        case .stepChanged:
            let named = version ?? "?"
            return dutch ? "stap gewijzigd in versie \(named)" : "step changed in version \(named)"
        }
    }

    /// "17 min", "3.2 h", "3 days": a pause as a coach says it (truncated, so 3.25 h is "3.2 h").
    public static func duration(_ seconds: Double, dutch: Bool = false) -> String {
        if seconds >= 86_400 { return "\(Int(seconds / 86_400)) \(dutch ? "dagen" : "days")" }
        if seconds >= 3600 {
            let hours = "\(Double(Int(seconds / 360)) / 10)"
            return dutch ? String(hours.map { $0 == "." ? "," : $0 }) + " u" : hours + " h"
        }
        return "\(Int((seconds / 60).rounded())) min"
    }
}
