import Glibc
import StepwiseCore

/// Keys typed at a terminal, or bytes from a pipe (`printf '1\n' | stepwised --console`), as
/// `ConsoleCommand`s for a cell without real sensors. Reads through the `EventLoop`, never blocks
/// it. A terminal is switched to non-canonical, no-echo mode (one key, one command) and restored
/// by `close()`. A regular file (`stepwised --console < keys.txt`) is read a buffer per loop turn,
/// since epoll refuses files; another descriptor epoll refuses (`/dev/null`) is an input that
/// has ended. Owned by the loop's thread.
public final class ConsoleKeys {
    /// The fixed keys (see `KeyMap.help`).
    public static let help = KeyMap.help

    public private(set) var keyMap: KeyMap
    private let fd: Int32
    private weak var loop: EventLoop?
    private var token: WatchToken?
    /// The next read of a file that epoll refuses (see `readByTurns`).
    private var turn: TimerToken?
    private var isClosed = false
    private var savedTerminal: termios?
    private let onCommand: (ConsoleCommand) -> Void
    private let onEnd: () -> Void
    /// Set in raw-byte mode: every byte goes here instead of through `keyMap`.
    private var onByte: ((UInt8) -> Void)?
    /// One read's bytes, allocated once.
    private var buffer = [UInt8](repeating: 0, count: 256)

    /// Starts reading `fd`. `onCommand` gets each command (for `.showKeys` the owner prints
    /// `keyMap.helpText`, where its output goes); `onEnd` is called once when the input ends (EOF of a pipe, a closed terminal).
    public init(
        fd: Int32 = STDIN_FILENO, keyMap: KeyMap, loop: EventLoop,
        onCommand: @escaping (ConsoleCommand) -> Void, onEnd: @escaping () -> Void = {}
    ) throws(DeviceError) {
        self.fd = fd
        self.keyMap = keyMap
        self.loop = loop
        self.onCommand = onCommand
        self.onEnd = onEnd
        if isatty(fd) == 1 { savedTerminal = Self.enterKeyMode(fd) }
        do {
            token = try loop.watch(fd: fd) { [weak self] in _ = self?.readAvailable() }
        } catch {
            // epoll_ctl says EPERM for descriptors that are always readable: a file, /dev/null.
            guard let kind = Self.unpollableKind(fd) else { throw error }
            readByTurns(kind == S_IFREG)
        }
    }

    /// A file is read one buffer per loop turn so other events interleave; any other descriptor
    /// epoll refuses (a character device such as /dev/null) ends on the next turn without a read,
    /// since some of them (/dev/zero) never end.
    private func readByTurns(_ reads: Bool) {
        turn = loop?.schedule(at: MonotonicInstant.now()) { [weak self] in
            guard let self else { return }
            self.turn = nil
            guard reads else { return self.end() }
            if self.readAvailable(), !self.isClosed { self.readByTurns(true) }
        }
    }

    /// The file type (`S_IFREG`, `S_IFCHR` …) of `fd` when it is not a terminal, pipe or socket.
    private static func unpollableKind(_ fd: Int32) -> mode_t? {
        var info = stat()
        guard fstat(fd, &info) == 0, isatty(fd) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFREG || kind == S_IFCHR ? kind : nil
    }

    /// Raw-byte mode for tools with their own keys (`stepwise calibrate`): the same terminal
    /// handling, every byte handed to `onByte`. Ctrl-C arrives as byte 0x03 instead of SIGINT, so
    /// the tool cancels through its own path and `close()` gives the terminal back.
    public convenience init(
        fd: Int32 = STDIN_FILENO, loop: EventLoop, onByte: @escaping (UInt8) -> Void, onEnd: @escaping () -> Void = {}
    ) throws(DeviceError) {
        try self.init(fd: fd, keyMap: KeyMap(keys: []), loop: loop, onCommand: { _ in }, onEnd: onEnd)
        self.onByte = onByte
        if savedTerminal != nil { Self.keepSignalKeys(fd) }
    }

    /// Turns off ISIG: Ctrl-C and Ctrl-\ become ordinary bytes.
    private static func keepSignalKeys(_ fd: Int32) {
        var mode = termios()
        guard tcgetattr(fd, &mode) == 0 else { return }
        mode.c_lflag &= ~tcflag_t(ISIG)
        tcsetattr(fd, TCSANOW, &mode)
    }

    deinit { close() }

    /// Stops reading and gives the terminal its line mode and echo back. The fd stays open.
    public func close() {
        isClosed = true
        if let token { loop?.unwatch(token) }
        token = nil
        if let turn { loop?.cancel(turn) }
        turn = nil
        if var saved = savedTerminal { tcsetattr(fd, TCSANOW, &saved) }
        savedTerminal = nil
    }

    /// One `read` per readiness: the loop is level-triggered, so anything left comes next turn.
    /// Returns false once the input has ended.
    private func readAvailable() -> Bool {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EAGAIN || errno == EINTR { return true }
        guard count > 0 else {
            end()
            return false
        }
        for index in 0..<count {
            if let onByte {
                onByte(buffer[index])
                continue
            }
            guard let command = keyMap.feed(buffer[index]) else { continue }
            onCommand(command)
        }
        return true
    }

    private func end() {
        close()
        onEnd()
    }

    /// Non-canonical, no echo, one byte at a time; signals (Ctrl-C) stay on. Returns the old mode.
    private static func enterKeyMode(_ fd: Int32) -> termios? {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var keys = saved
        keys.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &keys.c_cc) {
            $0[Int(VMIN)] = 1
            $0[Int(VTIME)] = 0
        }
        return tcsetattr(fd, TCSANOW, &keys) == 0 ? saved : nil
    }
}
