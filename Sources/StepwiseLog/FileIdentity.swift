import Foundation

/// Which file a path names (device and inode), to notice a log file moved, deleted or replaced
/// while open: SQLite would go on writing into the old inode and the records would be lost to
/// every reader of the path.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path`; nil if there is none.
    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let device = Self.number(attributes[.systemNumber]),
            let inode = Self.number(attributes[.systemFileNumber])
        else { return nil }
        self.device = device; self.inode = inode
    }

    private static func number(_ value: Any?) -> UInt64? {
        switch value {
        case let value as UInt64: value
        case let value as Int: UInt64(bitPattern: Int64(value))
        case let value as NSNumber: value.uint64Value
        default: nil
        }
    }
}
