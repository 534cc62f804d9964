import StepwiseTestSupport
import Foundation
import Testing

/// The built `stepwise monitor`, run as a process on the demo cell: keys piped in come out as
/// JSON lines naming what the station would do; `q` stops it cleanly.
@Suite struct MonitorProcessTests {
    static let binary = Repository.path(".build/debug/stepwise")

    @Test func pipedKeysComeOutAsJSONLinesAndQStops() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["monitor", "--cell", Repository.path("Devices/demo-cell.yaml"), "--json"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("1hcq".utf8))
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(text)")
        let stations = try lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["station"] as? String ?? "?"
        }
        #expect(stations == ["activated bin-1.pick", "help (roles.help)", "confirm by hand (roles.confirm)"])
    }
}
