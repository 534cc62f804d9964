import StepwiseTestSupport
import StepwiseCore
import StepwiseDevices
import Testing
@testable import StepwiseRuntime

/// What sensor reports mean to the station, and that the fallbacks work end to end on the real
/// Pi cell: a stuck GPIO sensor and an unplugged USB device are faults in the log, the help
/// button (GPIO) asks for help and the confirm pedal (USB) finishes the step by hand.
@Suite struct SensorMeaningTests {
    static func wall(_ instant: MonotonicInstant) -> Instant {
        Instant(nanoseconds: instant.nanoseconds + 1_800_000_000_000_000_000)
    }

    func piCell() throws -> Definitions {
        try Definitions.load(
            cellPath: Repository.path("Devices/pi-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
    }

    @Test func debouncedChangesBecomeActivationsAndStuckFaults() {
        let input: InputID = "fixture.housing"
        let at = MonotonicInstant(milliseconds: 5)
        #expect(SensorMeaning.of(.activated(at: at), input: input, wall: Self.wall) == .event(.activated(input)))
        #expect(SensorMeaning.of(.deactivated(at: at), input: input, wall: Self.wall) == nil)
        guard case .event(.fault(let fault))? = SensorMeaning.of(.stuck(since: at), input: input, wall: Self.wall)
        else {
            Issue.record("a stuck input must be a fault")
            return
        }
        #expect(fault.device == "fixture.housing" && fault.kind == .sensor)
        #expect(fault.message.contains("Confirm steps by hand"))
        #expect(
            SensorMeaning.of(.released(at: at), input: input, wall: Self.wall)
                == .event(.faultCleared(device: "fixture.housing")))
    }

    /// The Pi cell's help button (GPIO, 20 ms debounce, stuck after 30 s) on a recorded timeline:
    /// a bouncing press is one help request; held down it becomes a stuck fault, then clears.
    @Test func bouncingHelpButtonIsOneHelpThenStuckThenCleared() throws {
        let config = try #require(try piCell().cell.input("help"))
        var debouncer = Debouncer(
            debounceMilliseconds: config.debounceMilliseconds, stuckAfterSeconds: config.stuckAfterSeconds)
        var meanings: [SensorMeaning] = []
        func apply(_ changes: [Debouncer.Change]) {
            meanings += changes.compactMap { SensorMeaning.of($0, input: "help", wall: Self.wall) }
        }
        for (ms, level) in [(1000.0, true), (1001.5, false), (1002.0, true), (1003.1, false), (1004.0, true)] {
            apply(debouncer.feed(level: level, at: MonotonicInstant(milliseconds: ms)))
        }
        while let deadline = debouncer.nextDeadline, deadline < MonotonicInstant(milliseconds: 40_000) {
            apply(debouncer.settle(at: deadline))
        }
        apply(debouncer.feed(level: false, at: MonotonicInstant(milliseconds: 45_000)))
        apply(debouncer.settle(at: MonotonicInstant(milliseconds: 45_100)))
        let kinds = meanings.map { meaning -> String in
            guard case .event(let event) = meaning else { return "badge" }
            switch event {
            case .activated(let input): return "activated \(input)"
            case .fault(let fault): return "fault \(fault.device)"
            case .faultCleared(let device): return "cleared \(device)"
            default: return "\(event)"
            }
        }
        #expect(kinds == ["activated help", "fault help", "cleared help"])
    }

    @Test func usbEventsBecomeStationEvents() throws {
        let cell = try piCell().cell
        let codes: Set<String> = ["V2"]
        #expect(SensorMeaning.of(.pressed("confirm"), cell: cell, knownCodes: codes) == .event(.activated("confirm")))
        #expect(SensorMeaning.of(.released("confirm"), cell: cell, knownCodes: codes) == nil)
        #expect(
            SensorMeaning.of(USBEvent.line(device: "badge-reader", text: "A1234"), cell: cell, knownCodes: codes)
                == .badge("A1234"))
        #expect(
            SensorMeaning.of(USBEvent.line(device: "badge-reader", text: "V2"), cell: cell, knownCodes: codes)
                == .event(.scanned("V2")))
        guard
            case .event(.fault(let fault))? = SensorMeaning.of(
                .detached(device: "pedal"), cell: cell, knownCodes: codes)
        else {
            Issue.record("an unplugged device must be a fault")
            return
        }
        #expect(fault.device == "pedal" && fault.kind == .usb && fault.message.contains("unplugged"))
        #expect(
            SensorMeaning.of(.attached(device: "pedal"), cell: cell, knownCodes: codes)
                == .event(.faultCleared(device: "pedal")))
    }

    /// A worker at the Pi cell: the fixture switch sticks, the help button (GPIO) is pressed, the
    /// confirm pedal (USB) finishes the step, then the badge reader is unplugged.
    @Test func stuckSensorThenHelpAndConfirmByHandThenUnplug() throws {
        let definitions = try piCell()
        let cell = definitions.cell
        let set = definitions.instructionSets[0]
        var machine = StationMachine(cell: cell, instructionSets: definitions.instructionSets)
        var t = Instant(seconds: 1_800_000_000)
        var records: [QualityRecord] = []
        func feed(_ meaning: SensorMeaning?) {
            guard case .event(let event)? = meaning else { return }
            t = t.adding(seconds: 1)
            records += machine.handle(TimedEvent(event, at: t)).records
        }
        feed(.event(.login(WorkerPseudonym("w-test01"), skills: [])))
        feed(.event(.select(set.id, variant: set.variants.first?.id)))
        let firstStep = machine.state.openRuns.first?.step
        feed(
            SensorMeaning.of(
                .stuck(since: MonotonicInstant(milliseconds: 1)), input: "fixture.housing", wall: Self.wall))
        feed(
            SensorMeaning.of(
                .activated(at: MonotonicInstant(milliseconds: 2)), input: try #require(cell.roles.help), wall: Self.wall
            ))
        feed(SensorMeaning.of(.pressed(try #require(cell.roles.confirm)), cell: cell, knownCodes: []))
        feed(SensorMeaning.of(.detached(device: "badge-reader"), cell: cell, knownCodes: []))
        let kinds = records.map(\.kind)
        #expect(kinds.contains(.help))
        let confirmed = records.first { $0.kind == .confirmedByHand }
        #expect(confirmed?.step == firstStep, "the step open when confirm was pressed is confirmed by hand")
        let faults = records.filter { $0.kind == .fault }.map {
            "\($0.faultDevice ?? "-") (\($0.faultKind?.rawValue ?? "-"))"
        }
        #expect(faults.contains { $0.hasPrefix("fixture.housing (sensor)") })
        #expect(faults.contains { $0.hasPrefix("badge-reader (usb)") })
        #expect(machine.state.faults.keys.sorted() == ["badge-reader", "fixture.housing"])
    }
}
