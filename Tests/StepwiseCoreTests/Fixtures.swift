@testable import StepwiseCore

/// Inputs driven by the tests' events only (the core never looks at an input's source).
struct ReplayedInput: InputSettings { static let kind = "simulated" }

/// A small bracket-assembly cell and its instruction sets, built in code.
enum Fixture {
    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> PolygonMM {
        .rectangle(Rect(x: x, y: y, width: w, height: h))
    }

    static let panel = Rect(x: 600, y: 0, width: 400, height: 300)

    static let cell = Cell(
        id: "cell-1", title: LocalizedText(["en": "Bracket cell"]),
        projector: Projector(
            display: DisplaySource(TestDisplay()), width: 1920, height: 1080,
            calibration: Calibration(
                bench: [.init(x: 0, y: 0), .init(x: 1000, y: 0), .init(x: 1000, y: 600), .init(x: 0, y: 600)],
                projector: [.init(x: 0, y: 1080), .init(x: 1920, y: 1080), .init(x: 1920, y: 0), .init(x: 0, y: 0)]),
            panel: panel, minimumTextMM: 12),
        zones: [
            Zone(id: "bin-a", kind: .bin, shape: rect(0, 400, 100, 100), lamp: "lamp.bin-a"),
            Zone(id: "bin-b", kind: .bin, shape: rect(120, 400, 100, 100), lamp: "lamp.bin-b"),
            Zone(id: "fixture", kind: .fixture, shape: rect(200, 100, 200, 150)),
            Zone(id: "check-area", kind: .other, shape: rect(420, 100, 100, 100)),
        ],
        inputs: [
            "bin-a.pick", "bin-b.pick", "fixture.closed", "place.ok", "torque.ok", "torque.nok", "extra.done",
            "check.1", "check.2", "help.button", "confirm.button",
        ].map { Input(id: InputID($0), source: InputSource(ReplayedInput())) },
        outputs: [
            Output(id: "lamp.bin-a", sink: .simulated), Output(id: "lamp.bin-b", sink: .simulated),
            Output(id: "torque.enable", sink: .simulated),
        ],
        roles: StationRoles(help: "help.button", confirm: "confirm.button"), language: "en")

    static func text(_ s: String) -> LocalizedText { LocalizedText(["en": s, "nl": "NL " + s]) }

    static let pick = Step(
        id: "pick", text: text("Take a bracket"), picture: "/pics/bracket.png", targetSeconds: 5, bins: ["bin-a"],
        completion: .input("bin-a.pick", count: 1),
        wrongActions: [WrongAction(input: "bin-b.pick", kind: .wrongPick, message: text("Take from the green bin"))])
    static let place = Step(
        id: "place", text: text("Put it in the fixture"), contour: rect(250, 120, 80, 60), targetSeconds: 5,
        zones: ["fixture"], completion: .anyOf([.input("fixture.closed", count: 1), .input("place.ok", count: 1)]))
    static let screw = Step(
        id: "screw", text: text("Drive four screws"), targetSeconds: 20, zones: ["fixture"],
        completion: .input("torque.ok", count: 4),
        wrongActions: [WrongAction(input: "torque.nok", kind: .toolNotOK)], enables: ["torque.enable"])
    static let extra = Step(
        id: "extra", text: text("Two more screws and the clip"), targetSeconds: 10,
        completion: .allOf([.input("torque.ok", count: 2), .input("extra.done", count: 1)]),
        enables: ["torque.enable"], variants: ["six"])
    static let check1 = Step(
        id: "check-1", text: text("Check the clip"), targetSeconds: 3, zones: ["check-area"],
        completion: .input("check.1", count: 1))
    static let check2 = Step(
        id: "check-2", text: text("Check the label"), targetSeconds: 3, completion: .input("check.2", count: 1))

    static func bracket(hash: String = "h1") -> InstructionSet {
        InstructionSet(
            id: "bracket", version: "1", title: text("Bracket"),
            variants: [
                Variant(id: "four", title: text("4"), code: "V4"), Variant(id: "six", title: text("6"), code: "V6"),
            ],
            sequence: [
                .step(pick), .step(place), .step(screw), .step(extra),
                .group(StepGroup(id: "checks", title: text("Checks"), steps: [check1, check2])),
            ],
            contentHash: hash)
    }

    static let simple = InstructionSet(
        id: "simple", version: "2", title: text("Simple"), variants: [],
        sequence: [.step(pick), .step(place)], contentHash: "s1")
}

/// A machine and a clock for tests: every event one second after the previous one, unless told.
struct Station {
    var machine: StationMachine
    var now: Double = 0
    var outputs: [StationOutput] = []

    static let base: UInt64 = 1_700_000_000_000_000_000

    init(sets: [InstructionSet] = [Fixture.bracket()], cell: Cell = Fixture.cell) {
        machine = StationMachine(cell: cell, instructionSets: sets)
    }

    static func instant(_ seconds: Double) -> Instant {
        seconds >= 0
            ? Instant(nanoseconds: base + UInt64(seconds * 1e9)) : Instant(nanoseconds: base - UInt64(-seconds * 1e9))
    }

    @discardableResult
    mutating func send(_ event: StationEvent, after seconds: Double = 1) -> StationOutput {
        now += seconds
        let output = machine.handle(TimedEvent(event, at: Self.instant(now)))
        outputs.append(output)
        return output
    }

    @discardableResult
    mutating func press(_ inputs: String..., after seconds: Double = 1) -> [QualityRecord] {
        inputs.flatMap { send(.activated(InputID($0)), after: seconds).records }
    }

    var records: [QualityRecord] { outputs.flatMap(\.records) }
    var state: StationState { machine.state }
    func kinds(_ records: [QualityRecord]) -> [QualityRecord.Kind] { records.map(\.kind) }

    /// Logs in "w1" and selects the four-screw variant.
    mutating func startFour(skill: WorkerSkill? = nil) {
        send(.login("w1", skill: skill))
        send(.scanned("V4"))
    }

    /// Does a whole four-screw cycle cleanly.
    mutating func cycleFour() {
        press("bin-a.pick", "fixture.closed", "torque.ok", "torque.ok", "torque.ok", "torque.ok", "check.2", "check.1")
    }
}

/// A display the tests never open (the core and the renderer never look at it).
struct TestDisplay: DisplaySettings { static let kind = "test" }
