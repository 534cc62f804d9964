import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// What a path names, found with `lstat` before anything opens it: opening a FIFO blocks until
/// a writer appears, and a device such as /dev/zero never ends, so "it exists" is not enough.
enum FileKind: Equatable, CustomStringConvertible {
    case regular(bytes: Int)
    case directory, fifo, characterDevice, blockDevice, socket, symlink, missing
    /// lstat failed for another reason (permission on a parent folder, a name too long …).
    case unreadable(String)

    /// The kind of `path` itself (a symlink is reported as one, not followed).
    static func of(_ path: String) -> FileKind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        return kind(mode: info.st_mode, size: Int(info.st_size))
    }

    static func kind(mode: mode_t, size: Int) -> FileKind {
        switch mode & S_IFMT {
        case S_IFREG: return .regular(bytes: size)
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        default: return .symlink
        }
    }

    var description: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a folder"
        case .fifo: "a FIFO (named pipe)"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .socket: "a socket"
        case .symlink: "a symbolic link"
        case .missing: "missing"
        case .unreadable(let reason): "unreadable (\(reason))"
        }
    }
}

/// Reads regular files only, with a size bound, never blocking on a FIFO or a device. Every file
/// format goes through it: YAML, pictures and (from the runtime) traces.
public enum RegularFile {
    /// Why a file was not read, phrased to follow "the file is …".
    public struct Refusal: Error, Equatable {
        public var reason: String
    }

    /// Up to `maxBytes` of `path`. Symlinks are followed (an installed cell may be a link), but the
    /// file finally opened must be regular: the open is non-blocking and `fstat` of the open
    /// descriptor decides, so a FIFO or device swapped in after a check is still refused.
    public static func read(_ path: String, maxBytes: Int) -> Result<Data, Refusal> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            return .failure(
                Refusal(reason: errno == ENOENT ? "missing" : "unreadable (\(String(cString: strerror(errno))))"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(Refusal(reason: "unreadable (\(String(cString: strerror(errno))))"))
        }
        let kind = FileKind.kind(mode: info.st_mode, size: Int(info.st_size))
        guard case .regular(let size) = kind else { return .failure(Refusal(reason: kind.description)) }
        guard size <= maxBytes else {
            return .failure(Refusal(reason: "larger than \(Self.describe(bytes: maxBytes))"))
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count <= maxBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                return .failure(Refusal(reason: "unreadable (\(String(cString: strerror(errno))))"))
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
        }
        // A file that grew while it was read is bounded all the same.
        guard data.count <= maxBytes else {
            return .failure(Refusal(reason: "larger than \(Self.describe(bytes: maxBytes))"))
        }
        return .success(data)
    }

    static func describe(bytes: Int) -> String {
        "\(bytes / 1024) KiB"
    }
}
