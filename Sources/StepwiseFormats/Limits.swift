/// Bounds on what a sane instruction set or cell contains. Anything beyond them is a typo or an
/// attack, and is reported as an error instead of being loaded.
public enum Limits {
    /// Largest YAML file read.
    public static let fileBytes = 1 << 20
    /// Nodes a document may have after parsing (a second guard after the anchor ban).
    public static let nodes = 200_000
    /// Deepest nesting of mappings and lists, block or flow (the deepest shipped file has 8).
    public static let nesting = 64
    /// Largest picture file read (a step picture is a few hundred KiB).
    public static let pictureBytes = 16 << 20
    /// Largest picture, per side in pixels: a small compressed file must not decode to gigabytes.
    public static let picturePixels = 1...8192
    public static let steps = 500
    public static let variants = 100
    public static let targetSeconds = 0.0...3600.0
    public static let count = 1...1000
    public static let conditionDepth = 8
    public static let textCharacters = 1000
    public static let projectorPixels = 1...8192
    public static let stride = 1...65536
    public static let minimumTextMM = 1.0...200.0
    /// Bench coordinates in millimetres (a bench is never 100 m long).
    public static let benchMM = -100_000.0...100_000.0
    public static let polygonPoints = 3...256
    public static let zones = 256
    public static let inputs = 1024
    public static let outputs = 1024
    public static let gpioLine = 0...1023
    public static let debounceMS = 0.0...10_000.0
    public static let stuckSeconds = 0.0...86_400.0
    public static let usbByte = 0...63
    public static let usbBit = 0...7
    public static let usbInterface = 0...255
    public static let identifierCharacters = 64
}
