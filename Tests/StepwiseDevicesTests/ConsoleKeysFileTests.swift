import Foundation
import Glibc
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// Standard input that epoll refuses (a service's /dev/null, a redirected file) neither stops the
/// console from starting nor blocks the loop.
@Suite struct ConsoleKeysFileTests {
    let keys = KeyMap(keys: [("bin-a.pick", "1")])

    /// Runs `fd` through a console until its input ends (or a 10 s safety net stops the loop).
    func commands(from fd: Int32) throws -> (commands: [ConsoleCommand], ended: Bool) {
        let loop = try EventLoop()
        var commands: [ConsoleCommand] = []
        var ended = false
        let console = try ConsoleKeys(
            fd: fd, keyMap: keys, loop: loop, onCommand: { commands.append($0) },
            onEnd: {
                ended = true
                loop.stop()
            })
        defer { console.close() }
        let net = loop.schedule(at: MonotonicInstant.now().adding(seconds: 10)) { loop.stop() }
        loop.run()
        loop.cancel(net)
        return (commands, ended)
    }

    @Test func devNullIsAnInputThatHasEnded() throws {
        let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        let result = try commands(from: fd)
        #expect(result.ended)
        #expect(result.commands.isEmpty)
    }

    @Test func aRegularFileIsReadAsKeys() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).txt").path
        // More than one read's buffer, so the file is read over several loop turns.
        let text = String(repeating: "1", count: 300) + "b42\nq"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        let result = try commands(from: fd)
        #expect(result.ended)
        #expect(result.commands == Array(repeating: .activate("bin-a.pick"), count: 300) + [.badge("42"), .quit])
    }

    /// A folder: epoll refuses it as it refuses a file, but it is no input of keys. (A closed descriptor
    /// would do too, but tests run in parallel and its number may be reused before the call.)
    @Test func anUnpollableDescriptorThatIsNoFileIsStillAnError() {
        let fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(throws: DeviceError.self) { _ = try commands(from: fd) }
    }
}
