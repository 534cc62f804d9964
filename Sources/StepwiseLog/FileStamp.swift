import Glibc

/// What `stat` says of an SQLite file and of its write-ahead log, and the file change counter in
/// its header: if any of it differs, someone wrote. Device and inode catch a replaced file; the
/// change counter (bytes 24–27, raised by every commit in rollback-journal mode) catches writes
/// that the kernel's coarse mtime and an unchanged size would miss.
struct FileStamp: Hashable, Sendable {
    var identity: FileIdentity
    var size: Int64, seconds: Int, nanoseconds: Int
    var writeAheadLog: [Int64]
    var changeCounter: [UInt8]

    /// Nil when the file cannot be stat'ed (then nothing is trusted).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        identity = FileIdentity(info)
        size = Int64(info.st_size)
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
        var wal = stat()
        writeAheadLog =
            stat(path + "-wal", &wal) == 0
            ? [Int64(wal.st_size), Int64(wal.st_mtim.tv_sec), Int64(wal.st_mtim.tv_nsec)] : []
        changeCounter = Self.header(path, offset: 24, count: 4)
    }

    /// `count` bytes of the file at `offset`; empty when they cannot be read (a new, empty file).
    private static func header(_ path: String, offset: Int, count: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return read == count ? bytes : []
    }
}
