import Foundation

/// The site key on disk: read hostile-until-checked, written privately and never over another.
public enum SiteKeyFile {
    /// Where the daemon keeps its state (the unit's `StateDirectory`), next to the badge table.
    public static let defaultPath = "/var/lib/stepwise/site.key"

    /// Who should own a new key file: the service's user, so the daemon can read a key that root
    /// installed.
    public struct Owner: Sendable, Equatable {
        public var user: uid_t
        public var group: gid_t
        public init(user: uid_t, group: gid_t) {
            self.user = user
            self.group = group
        }
    }

    /// The key at `path`. Refuses anything but a regular file of mode 0600 or 0400 (a FIFO would
    /// block the reader, a directory or device is not a key, a key others can read is no longer a
    /// secret) and text that is not exactly a key file.
    public static func read(path: String) throws(SiteKeyError) -> SiteKey {
        do throws(SiteKeyProblem) {
            return try SiteKeyText.parse(try bytes(at: path))
        } catch {
            throw SiteKeyError(path: path, problem: error)
        }
    }

    /// Whether something (a file or not) is at `path`; a link is there even when it points nowhere.
    public static func exists(at path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 || errno != ENOENT
    }

    private static func bytes(at path: String) throws(SiteKeyProblem) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO returns at once, and fstat below refuses it.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno
            if reason == ENOENT { throw .missing }
            if reason == ELOOP { throw .notAFile(kind: "symbolic link") }
            throw .cannotRead(reason: String(cString: strerror(reason)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .cannotRead(reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notAFile(kind: kind(info.st_mode)) }
        let mode = UInt32(info.st_mode) & 0o7777
        guard mode == 0o600 || mode == 0o400 else { throw .openToOthers(mode: mode) }
        guard info.st_size <= SiteKeyText.maximumSize else { throw .tooLarge(limit: SiteKeyText.maximumSize) }
        return try readAll(descriptor)
    }

    /// At most one byte past the limit, so a file that grows after fstat is still refused.
    private static func readAll(_ descriptor: Int32) throws(SiteKeyProblem) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: SiteKeyText.maximumSize + 1)
        while bytes.count <= SiteKeyText.maximumSize {
            let count = buffer.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress, SiteKeyText.maximumSize + 1 - bytes.count)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .cannotRead(reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "folder"
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: "device"
        case S_IFSOCK: "socket"
        default: "special file"
        }
    }
}
