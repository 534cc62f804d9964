import Glibc

/// A browser's requests, as bytes on one kept-alive TCP connection to the dashboard on this
/// machine: blocking, one request at a time, on the calling thread. The benchmark times each page
/// from the first byte sent to the last byte read, so nothing of its own sits in between.
/// Sendable by hand-off only: made and signed in on one thread, then used by the one thread it is given to.
final class PageClient: @unchecked Sendable {
    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name }.map(\.value)
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case connect(Int32), closed, malformed(String)
        var description: String {
            switch self {
            case .connect(let code): "cannot connect to the dashboard: \(String(cString: strerror(code)))"
            case .closed: "the dashboard closed the connection"
            case .malformed(let what): "the dashboard's answer is not HTTP/1.1: \(what)"
            }
        }
    }

    private let port: Int
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []
    var cookie = ""

    init(port: Int) { self.port = port }
    deinit { if socket >= 0 { close(socket) } }

    func get(_ path: String) throws -> Answer { try send("GET \(path)", body: nil) }

    func post(_ path: String, form: [(String, String)]) throws -> Answer {
        let body = form.map { "\($0.0)=\(Self.encoded($0.1))" }.joined(separator: "&")
        return try send("POST \(path)", body: body)
    }

    private func send(_ line: String, body: String?) throws -> Answer {
        if socket < 0 { try connect() }
        var request = "\(line) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: keep-alive\r\n"
        if !cookie.isEmpty { request += "Cookie: \(cookie)\r\n" }
        if let body {
            request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
            request += "\r\n" + body
        } else {
            request += "\r\n"
        }
        do {
            try write(Array(request.utf8))
            let answer = try readAnswer()
            if answer.header("connection").contains(where: { $0.lowercased() == "close" }) { disconnect() }
            return answer
        } catch {
            disconnect()
            throw error
        }
    }

    private func connect() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure.connect(code)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        socket = fd
        buffer = []
    }

    private func disconnect() {
        if socket >= 0 { close(socket) }
        socket = -1
        buffer = []
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure.closed }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; throws when the peer has closed.
    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw Failure.closed }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[..<end].filter { $0 != UInt8(ascii: "\r") }
                buffer.removeSubrange(...end)
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 65_536 else { throw Failure.malformed("a header line over 64 KiB") }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    private func readAnswer() throws -> Answer {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure.malformed(String(statusLine.prefix(80)))
        }
        var headers: [(name: String, value: String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed("header '\(line.prefix(80))'") }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers.append((line[..<colon].lowercased(), String(value)))
        }
        var answer = Answer(status: status, headers: headers, body: [])
        if answer.header("transfer-encoding").contains(where: { $0.lowercased().contains("chunked") }) {
            answer.body = try readChunks()
        } else if let length = answer.header("content-length").first.flatMap({ Int($0) }) {
            answer.body = try readBytes(length)
        }
        return answer
    }

    private func readChunks() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw Failure.malformed("chunk size '\(sizeLine.prefix(40))'")
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            body += try readBytes(size)
            _ = try readLine()
        }
    }

    static func encoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
