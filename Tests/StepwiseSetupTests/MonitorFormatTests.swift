import StepwiseCore
import StepwiseDevices
import StepwiseRuntime
import Testing
@testable import StepwiseSetup

/// `stepwise monitor` lines: what the engineer reads while wiring, and the JSON tools read.
@Suite struct MonitorFormatTests {
    let format = MonitorFormat(roles: StationRoles(help: "help", confirm: "confirm", reader: "badge-reader"))
    let time = Instant(nanoseconds: 1_764_063_062_123_000_000)  // 2025-11-25T09:31:02.123Z

    @Test func rawEdgeShowsTheKernelTimestamp() {
        let edge = SensorObservation(
            time: time, kernelTime: MonotonicInstant(nanoseconds: 812_000_123_456), source: .gpio,
            subject: "bin-1.pick", what: .edge(rising: true))
        #expect(
            format.text(edge)
                == "2025-11-25T09:31:02.123Z  gpio     bin-1.pick        raw edge ↑ active  kernel 812.000123456s")
    }

    @Test func debouncedHelpNamesItsRole() {
        let help = SensorObservation(
            time: time, kernelTime: MonotonicInstant(nanoseconds: 5), source: .gpio, subject: "help",
            what: .debounced(.activated(at: MonotonicInstant(nanoseconds: 5))), meaning: .event(.activated("help")))
        #expect(format.text(help).hasSuffix("debounced: active  → help (roles.help)"))
    }

    @Test func badgeIdsAreNeverPrinted() {
        let line = SensorObservation(
            time: time, source: .usb, subject: "badge-reader",
            what: .reading(.line(device: "badge-reader", text: "A1234")), meaning: .badge("A1234"))
        #expect(!format.text(line).contains("A1234"))
        #expect(!format.json(line).contains("A1234"))
        #expect(format.text(line).contains("typed a badge id (5 characters, not shown)"))
    }

    @Test func unplugIsAFaultInJSON() {
        let unplug = SensorObservation(
            time: time, source: .usb, subject: "pedal",
            what: .reading(.absent(DeviceFault(device: "pedal", kind: .usb, message: "unplugged"))),
            meaning: .event(.fault(DeviceFault(device: "pedal", kind: .usb, message: "unplugged"))))
        #expect(
            format.json(unplug) == """
                {"at_ns":1764063062123000000,"detail":"UNPLUGGED","kind":"usb","source":"usb","station":"fault pedal (usb)",\
                "subject":"pedal","time":"2025-11-25T09:31:02.123Z"}
                """)
    }

    @Test func consoleKeysBecomeObservationsLikeSensors() {
        let observation = SensorMonitor.observe(.activate("confirm"), at: time)
        #expect(observation?.meaning == .event(.activated("confirm")))
        #expect(observation.map(format.text)?.hasSuffix("→ confirm by hand (roles.confirm)") == true)
        #expect(SensorMonitor.observe(.quit, at: time) == nil)
    }

    @Test func monitorLinesNameTheNewKind() {
        let observation = SensorObservation(
            time: Instant(seconds: 1_764_063_062), source: .init(rawValue: "torque-controller"),
            subject: "torque.ok", what: .reading(.active("torque.ok")), meaning: .event(.activated("torque.ok")))
        let format = MonitorFormat(roles: StationRoles())
        #expect(format.text(observation).contains("torque-controller"))
        #expect(format.json(observation).contains(#""kind":"torque-controller""#))
    }
}
