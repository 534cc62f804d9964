/// Settings that belong to one kind of device (a sensor kind, a display backend): made by that
/// kind's reader, read by its adapter, carried through the core without being looked into.
public protocol KindSettings: Hashable, Sendable {
    /// The key that names the kind in a cell file and in `stepwise monitor` (`gpio`, `usb`, `fbdev`).
    static var kind: String { get }
}

/// One kind's settings, kept opaque, for one family of kinds (`Family` only keeps sensor settings
/// and display settings apart; see `InputSource` and `DisplaySource`).
public struct OpaqueSettings<Family>: Hashable, Sendable {
    public let settings: any KindSettings

    init(any settings: any KindSettings) { self.settings = settings }

    /// The kind's name, as its settings' `kind` gives it.
    public var kind: String { type(of: settings).kind }

    /// The settings when they are of `type`; nil for another kind.
    public func settings<Settings: KindSettings>(as type: Settings.Type) -> Settings? { settings as? Settings }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.settings.isEqual(to: rhs.settings) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        settings.hash(into: &hasher)
    }
}

extension KindSettings {
    /// Equal settings of the same kind (an existential is not `Equatable` itself).
    fileprivate func isEqual(to other: any KindSettings) -> Bool { (other as? Self) == self }
}
