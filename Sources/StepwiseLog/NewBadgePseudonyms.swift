/// What the registry answers a badge it has never seen, decided once at start from the site key
/// file: the look-up is on the event thread, where no file is read.
public enum NewBadgePseudonyms: Sendable {
    /// No site key: a random pseudonym of this station's own.
    case drawn
    /// The site's keyed pseudonym, the same at every station that joined the site.
    case keyed(SiteKey)
    /// A key file is there but refused: new badges are refused too, never answered with a drawn
    /// pseudonym, which would stay bound at this station and split the worker's history. Known
    /// badges still sign in.
    case refused(SiteKeyError)

    /// The daemon's one read of the key at `keyPath`; nil: no site key asked for.
    public static func atStart(keyPath: String?) -> NewBadgePseudonyms {
        guard let keyPath else { return .drawn }
        do {
            return .keyed(try SiteKeyFile.read(path: keyPath))
        } catch {
            // No file: no site joined, as before. A file that is refused is never taken for none.
            return error.problem == .missing ? .drawn : .refused(error)
        }
    }
}
