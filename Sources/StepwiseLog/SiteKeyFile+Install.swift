import Foundation

extension SiteKeyFile {
    /// Writes `key` at `path`, mode 0600 and owned by `owner` when given, only if nothing is there.
    ///
    /// The key never exists half-written or readable by others under its name: it goes to a temp
    /// file in the same folder, created with O_EXCL and mode 0600 (whatever the umask), filled,
    /// synced, then linked to its name. A link, not a rename: rename replaces what is there, link
    /// fails, so an existing key is never overwritten, even by two commands at once.
    public static func install(_ key: SiteKey, at path: String, owner: Owner?) throws(SiteKeyError) {
        do throws(SiteKeyProblem) {
            if exists(at: path) { throw .exists }
            let folder = (path as NSString).deletingLastPathComponent
            let temp = (folder.isEmpty ? "." : folder) + "/.site.key.\(UUID().uuidString).tmp"
            defer { unlink(temp) }
            try write(Array(key.text.utf8), to: temp, owner: owner)
            guard link(temp, path) == 0 else {
                throw errno == EEXIST ? .exists : .cannotWrite(reason: String(cString: strerror(errno)))
            }
            syncFolder(folder.isEmpty ? "." : folder)
        } catch {
            throw SiteKeyError(path: path, problem: error)
        }
    }

    private static func write(_ bytes: [UInt8], to temp: String, owner: Owner?) throws(SiteKeyProblem) {
        let descriptor = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The umask may have narrowed the mode (0400 is fine, but the daemon's own check wants one
        // of two); set it outright before a byte is written.
        guard fchmod(descriptor, 0o600) == 0 else { throw .cannotWrite(reason: String(cString: strerror(errno))) }
        if let owner, fchown(descriptor, owner.user, owner.group) != 0 {
            throw .cannotWrite(reason: "cannot give it to the service's user: \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw .cannotWrite(reason: String(cString: strerror(errno))) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(reason: String(cString: strerror(errno))) }
    }

    /// The new name survives a power cut (the station may be switched off at the wall).
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
