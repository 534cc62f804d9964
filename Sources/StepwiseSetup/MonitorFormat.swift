import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRuntime

/// `stepwise monitor` lines: one per observation, as text for a person at the cell or as JSON
/// lines for tools. Pure. Badge ids are never printed (only that a badge was read and its length),
/// because the monitor's output ends up in tickets and chat.
public struct MonitorFormat: Sendable {
    public let roles: StationRoles

    public init(roles: StationRoles) { self.roles = roles }

    /// `2026-11-25T09:31:02.123Z  gpio     bin-1.pick  raw edge ↑  kernel 812.000123456s`
    public func text(_ observation: SensorObservation) -> String {
        var parts = [
            RecordFormat.isoTime(observation.time), pad(observation.source.rawValue, 7),
            pad(observation.subject, 16), detail(observation),
        ]
        if let kernel = observation.kernelTime, case .edge = observation.what {
            parts.append("kernel \(seconds(kernel))")
        }
        if let meaning = observation.meaning { parts.append("→ " + describe(meaning)) }
        return parts.joined(separator: "  ")
    }

    /// One JSON object per line; absent fields left out, keys sorted so output is stable.
    public func json(_ observation: SensorObservation) -> String {
        let line = JSONLine(
            time: RecordFormat.isoTime(observation.time), at_ns: observation.time.nanoseconds,
            kernel_ns: observation.kernelTime?.nanoseconds, source: observation.source.rawValue,
            subject: observation.subject, kind: kind(observation), detail: detail(observation),
            station: observation.meaning.map(describe))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(line)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private struct JSONLine: Encodable {
        var time: String
        var at_ns: UInt64
        var kernel_ns: UInt64?
        var source: String
        var subject: String
        var kind: String
        var detail: String
        var station: String?
    }

    /// A reading is of its source's kind (`usb`); the others say what they are.
    func kind(_ observation: SensorObservation) -> String {
        switch observation.what {
        case .edge: "edge"
        case .debounced: "debounced"
        case .reading: observation.source.rawValue
        case .key: "key"
        case .fault: "fault"
        }
    }

    func detail(_ observation: SensorObservation) -> String {
        switch observation.what {
        case .edge(let rising): return rising ? "raw edge ↑ active" : "raw edge ↓ inactive"
        case .debounced(.activated): return "debounced: active"
        case .debounced(.deactivated): return "debounced: inactive"
        case .debounced(.stuck(let since)): return "STUCK: active since kernel \(seconds(since))"
        case .debounced(.released): return "stuck input released"
        case .reading(let reading): return describe(reading, badge: observation.meaning.isBadge)
        case .key(let command): return key(command)
        case .fault(let fault): return "FAULT: \(fault.message)"
        }
    }

    private func describe(_ reading: SensorReading.What, badge: Bool) -> String {
        switch reading {
        case .edge(_, let active): active ? "raw edge ↑ active" : "raw edge ↓ inactive"
        case .active: "active"
        case .tightening(_, let tightening): "tightened \(tightening.ok ? "OK" : "NOK"), \(tightening.summary)"
        case .inactive: "inactive"
        case .line(_, let text): badge ? "typed a badge id (\(text.count) characters, not shown)" : "typed \"\(text)\""
        case .absent: "UNPLUGGED"
        case .present: "plugged in, reading"
        case .fault(let fault): "FAULT: \(fault.message)"
        }
    }

    private func key(_ command: ConsoleCommand) -> String {
        switch command {
        case .activate: "key"
        case .badge(let text): "typed a badge id (\(text.count) characters, not shown)"
        case .scan(let code): "scanned \"\(code)\""
        case .logout: "logout key"
        case .quit: "quit"
        case .showKeys: "show keys"
        }
    }

    /// What the station does with it, in the words of the cell file's roles.
    public func describe(_ meaning: SensorMeaning) -> String {
        switch meaning {
        case .badge: return "badge login"
        case .event(let event):
            switch event {
            case .activated(let input) where input == roles.help: return "help (roles.help)"
            case .activated(let input) where input == roles.confirm: return "confirm by hand (roles.confirm)"
            case .activated(let input): return "activated \(input)"
            case .tightened(let input, let tightening): return "activated \(input), \(tightening.summary)"
            case .scanned(let code): return "scanned \(code)"
            case .fault(let fault): return "fault \(fault.device) (\(fault.kind.rawValue))"
            case .faultCleared(let device): return "fault cleared \(device)"
            case .logout: return "logout"
            case .help: return "help"
            case .confirm: return "confirm by hand"
            case .login, .select, .deadline: return "\(event)"
            }
        }
    }

    private func seconds(_ instant: MonotonicInstant) -> String {
        let ns = instant.nanoseconds
        let fraction = String(ns % 1_000_000_000)
        return "\(ns / 1_000_000_000).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)s"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

extension Optional where Wrapped == SensorMeaning {
    var isBadge: Bool { if case .badge = self { true } else { false } }
}
