/// Text in several languages, keyed by BCP 47 language code (`nl`, `en`, `tr`, `ar` …).
public struct LocalizedText: Hashable, Sendable, Codable {
    public var translations: [String: String]

    public init(_ translations: [String: String]) { self.translations = translations }

    /// The text in `language`, else in the first fallback that has it, else any text at all.
    public func text(for language: String, fallbacks: [String] = ["en", "nl"]) -> String {
        if let exact = translations[language] { return exact }
        for code in fallbacks { if let text = translations[code] { return text } }
        return translations.keys.sorted().first.flatMap { translations[$0] } ?? ""
    }

    public var languages: [String] { translations.keys.sorted() }
}
