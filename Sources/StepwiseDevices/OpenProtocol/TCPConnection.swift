import Glibc

/// A numeric IPv4 or IPv6 address and a port, parsed once: connecting never resolves a name,
/// because `getaddrinfo` blocks and the event loop may not.
public struct TCPAddress: Hashable, Sendable, CustomStringConvertible {
    enum Family: Hashable, Sendable {
        case v4(in_addr_t)
        case v6([UInt8])
    }
    let family: Family
    public let port: UInt16
    public let host: String

    /// Nil unless `host` is a numeric address (`10.0.4.21`, `fd00::7`) and `port` is 1 to 65535.
    public init?(host: String, port: Int) {
        guard let port = UInt16(exactly: port), port > 0 else { return nil }
        var v4 = in_addr()
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, host, &v4) == 1 {
            family = .v4(v4.s_addr)
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            family = .v6(v6)
        } else {
            return nil
        }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// An errno from a socket call, with its text: an error as a value, never thrown past the loop.
public struct SocketError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { errnoText(code) }
}

/// One non-blocking TCP stream socket (`SOCK_NONBLOCK | SOCK_CLOEXEC`). Every call returns at
/// once; what would block says so (`.inProgress`, `.wouldBlock`). Owns its descriptor.
final class TCPConnection {
    enum Started { case connected, inProgress }
    enum Received: Hashable {
        case bytes([UInt8])
        case wouldBlock
        case endOfStream
        case failed(SocketError)
    }

    let fd: Int32
    private var closed = false

    private init(fd: Int32) { self.fd = fd }
    deinit { close() }

    /// Starts connecting to `address`; `.inProgress` finishes with the descriptor writable (then ask `connectResult`).
    static func connect(to address: TCPAddress) -> Result<(TCPConnection, Started), SocketError> {
        let domain = if case .v4 = address.family { AF_INET } else { AF_INET6 }
        let fd = socket(domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(SocketError(errno)) }
        let connection = TCPConnection(fd: fd)
        var one: Int32 = 1
        // Small frames answered one at a time: Nagle would only add latency to each tightening's acknowledgement.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = address.withSocketAddress { Glibc.connect(fd, $0, $1) }
        if result == 0 { return .success((connection, .connected)) }
        let code = errno
        return code == EINPROGRESS ? .success((connection, .inProgress)) : .failure(SocketError(code))
    }

    /// How a connect in progress ended: nil when connected.
    func connectResult() -> SocketError? {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return SocketError(errno) }
        return code == 0 ? nil : SocketError(code)
    }

    /// At most `limit` bytes of what has arrived.
    func receive(limit: Int) -> Received {
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return .bytes(Array(buffer[0..<count])) }
        if count == 0 { return .endOfStream }
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .wouldBlock : .failed(SocketError(code))
    }

    /// Writes what the socket takes now; returns how many bytes that was (0 when it would block).
    func send(_ bytes: ArraySlice<UInt8>) -> Result<Int, SocketError> {
        let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count >= 0 { return .success(count) }
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .success(0) : .failure(SocketError(code))
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}

extension TCPAddress {
    /// Calls `body` with the address as `connect` takes it.
    fileprivate func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch family {
        case .v4(let raw):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = raw
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(let raw):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: raw) }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }
}
