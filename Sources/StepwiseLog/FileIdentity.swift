import Glibc

/// Which file a path names (device and inode), to notice a log file moved, deleted or replaced
/// while open: SQLite would go on writing into the old inode and the records would be lost to
/// every reader of the path.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path`; nil if there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
