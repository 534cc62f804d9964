import Foundation
import StepwiseCore

/// The attention cue's calm pulse: its brightness eases 1 → 0.55 → 1 once a second, twice, and then
/// it stays steady. Short and slow on purpose: projected attention cues that keep flashing distract
/// and stress (Kosch et al. 2016 found pulsing helps only briefly); a steady cue after ≤ 2.5 s keeps
/// the place marked without nagging. Frames are needed only during the pulse: the renderer asks for
/// them through `FrameRenderer.nextAnimationDeadline`, so an idle station draws nothing.
public enum AttentionPulse {
    /// Seconds from the item's appearance to steady: two whole cycles, so it ends at full brightness.
    public static let duration = 2.0
    /// Cycles per second.
    public static let frequency = 1.0
    /// Seconds between animation frames: 15 frames per second is smooth for a slow brightness change.
    public static let frameInterval = 1.0 / 15
    /// The dimmest point of a cycle, as a share of full brightness.
    public static let dimmest = 0.55
    /// The dimmest point in high contrast: a worker who needs contrast keeps at least 80 % of it
    /// during the pulse (the thicker high-contrast outline still makes the pulse visible).
    public static let highContrastDimmest = 0.8

    /// Brightness `elapsed` seconds after the item appeared; nil once the pulse is over (draw steady).
    public static func intensity(elapsed: Double, dimmest: Double = dimmest) -> Double? {
        guard elapsed >= 0, elapsed < duration else { return nil }
        return dimmest + (1 - dimmest) * (0.5 + 0.5 * cos(2 * .pi * frequency * elapsed))
    }

    /// Items that pulse: attention zones and the "try again" cue.
    public static func pulses(_ item: SceneItem) -> Bool {
        switch item.content {
        case .zone(_, role: .attention): true
        case .cue(.tryAgain, _): true
        default: false
        }
    }
}

/// Which pulsing items are on screen since when, and how bright each was drawn last.
struct PulseTrack {
    private var started: [String: Instant] = [:]
    private var drawn: [String: Double] = [:]
    /// The dimmest point of the pulse (`AttentionPulse.highContrastDimmest` in high contrast).
    var dimmest = AttentionPulse.dimmest
    /// When the next animation frame is due; nil when nothing pulses.
    private(set) var nextDeadline: Instant?

    /// Brightness of each pulsing item at `now` (absent = full) and the bounds of unchanged items whose
    /// brightness changed since the last frame. Without a time (`now == nil`) everything is steady.
    mutating func advance(_ placed: [PlacedItem], previous: [PlacedItem]?, now: Instant?)
        -> (levels: [String: Double], damage: [PixelRect])
    {
        let before = Dictionary((previous ?? []).map { ($0.item.key, $0.item) }, uniquingKeysWith: { a, _ in a })
        var levels: [String: Double] = [:], damage: [PixelRect] = [], seen = Set<String>()
        nextDeadline = nil
        for p in placed where AttentionPulse.pulses(p.item) {
            let key = p.item.key
            seen.insert(key)
            let appeared = before[key] != p.item
            if appeared, let now { started[key] = now }
            let level = level(key, at: now)
            if !appeared, level != drawn[key] ?? 1 { damage.append(p.bounds) }
            drawn[key] = level
            if level < 1 { levels[key] = level }
        }
        for key in Array(started.keys) where !seen.contains(key) { started[key] = nil }
        for key in Array(drawn.keys) where !seen.contains(key) { drawn[key] = nil }
        return (levels, damage)
    }

    /// The item's brightness now; ends its pulse (and schedules nothing more) once it is over.
    private mutating func level(_ key: String, at now: Instant?) -> Double {
        guard let start = started[key], let now else {
            started[key] = nil
            return 1
        }
        guard let level = AttentionPulse.intensity(elapsed: now.seconds(since: start), dimmest: dimmest) else {
            started[key] = nil
            return 1
        }
        let end = start.adding(seconds: AttentionPulse.duration)
        let next = min(now.adding(seconds: AttentionPulse.frameInterval), end)
        nextDeadline = min(nextDeadline ?? next, next)
        return level
    }
}
