import Testing
@testable import StepwiseCore

/// Open device faults: the newest is shown with how many more there are, sensing counts only
/// the kinds that degrade it, and raising and clearing keep both right in any order.
@Suite struct OpenFaultsTests {
    static func fault(_ device: String, _ kind: DeviceFault.Kind = .sensor) -> DeviceFault {
        DeviceFault(device: device, kind: kind, message: "\(device) gone")
    }

    @Test func theNewestOpenFaultIsShownWithTheCountOfTheOthers() {
        var station = Station()
        station.send(.fault(Self.fault("a")))
        station.send(.fault(Self.fault("b", .projector)))
        station.send(.fault(Self.fault("c")))
        #expect(SceneComposer.faultMessage(station.state) == "c gone (+2)")
        station.send(.faultCleared(device: "c"))
        #expect(SceneComposer.faultMessage(station.state) == "b gone (+1)")
        station.send(.faultCleared(device: "a"))
        #expect(SceneComposer.faultMessage(station.state) == "b gone")
        #expect(!station.state.degradesSensing, "a projector fault leaves sensing as it is")
        station.send(.faultCleared(device: "b"))
        #expect(SceneComposer.faultMessage(station.state) == nil)
    }

    @Test func raisingAgainReplacesTheKindAndMakesItNewest() {
        var faults = OpenFaults()
        faults.raise(Self.fault("a"))
        faults.raise(Self.fault("b"))
        faults.raise(Self.fault("a", .storage))
        #expect(faults.count == 2 && faults.degradingCount == 1 && faults.newest?.device == "a")
        faults.clear("a")
        #expect(faults.newest?.device == "b" && faults.degradingCount == 1)
        let again = faults.clear("a")
        #expect(!again, "cleared already")
    }

    /// Against a plain dictionary with raise times: thousands of random raises and clears over a
    /// few devices (so the raise order fills with stale entries and is compacted) agree at every step.
    @Test func agreesWithAPlainModelThroughManyChanges() {
        var faults = OpenFaults()
        var model: [String: (fault: DeviceFault, raised: Int)] = [:]
        var random = SeededRandom(seed: 7)
        for time in 0..<20_000 {
            let device = "d\(random.next() % 40)"
            if random.next() % 3 == 0 {
                let cleared = faults.clear(device)
                #expect(cleared == (model.removeValue(forKey: device) != nil))
            } else {
                let kind: DeviceFault.Kind = [.sensor, .usb, .projector, .output, .storage][Int(random.next() % 5)]
                let fault = DeviceFault(device: device, kind: kind, message: "m\(time)")
                faults.raise(fault)
                model[device] = (fault, time)
            }
            #expect(faults.count == model.count)
            #expect(faults.degradingCount == model.values.filter { $0.fault.degradesSensing }.count)
            #expect(faults.newest == model.values.max { $0.raised < $1.raised }?.fault)
        }
    }

    @Test func equalWhenTheSameFaultsAreOpen() {
        var one = OpenFaults(), two = OpenFaults()
        one.raise(Self.fault("a"))
        one.raise(Self.fault("b"))
        one.clear("b")
        two.raise(Self.fault("a"))
        #expect(one == two && one.hashValue == two.hashValue)
    }
}
