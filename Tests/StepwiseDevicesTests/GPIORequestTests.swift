import CGPIOD
import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct GPIORequestTests {
    @Test func flagBitsAreLibgpiodsOwn() {
        #expect(GPIOLineFlags.activeLow.rawValue == Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW))
        #expect(GPIOLineFlags.biasDisable.rawValue == Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE))
        #expect(GPIOLineFlags.biasPullDown.rawValue == Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN))
        #expect(GPIOLineFlags.biasPullUp.rawValue == Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP))
    }

    @Test(arguments: [
        (LineBias.asIs, GPIOLineFlags()), (.disabled, .biasDisable), (.pullUp, .biasPullUp), (.pullDown, .biasPullDown),
    ])
    func biasAndActiveLowGiveFlags(bias: LineBias, expected: GPIOLineFlags) {
        #expect(GPIOLineRequest.flags(activeLow: false, bias: bias) == expected)
        #expect(GPIOLineRequest.flags(activeLow: true, bias: bias) == expected.union(.activeLow))
    }

    @Test func outputsOfCellAreItsGPIOOutputsOnly() {
        #expect(
            GPIOLineRequest.outputs(of: PresenceTests.cell) == [
                "lamp.bin-a": GPIOLineRequest(chip: "/dev/gpiochip0", line: 5, activeLow: false, consumer: "lamp.bin-a")
            ])
    }

    @Test func outputsWriteOnlyChangedLines() {
        let known: Set<OutputID> = ["a", "b", "c"]
        let changes = GPIOOutputs.changes(from: ["a", "b"], to: ["b", "c", "simulated"], known: known)
        #expect(changes.map { "\($0.0)=\($0.1)" } == ["a=false", "c=true"])
        #expect(GPIOOutputs.changes(from: ["a"], to: ["a"], known: known).isEmpty)
    }
}
