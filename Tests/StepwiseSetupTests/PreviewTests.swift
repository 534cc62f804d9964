import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseRuntime
import StepwiseSetup
import Testing

@Suite struct PreviewTests {
    @Test func onePNGPerStageLevelAndVariant() throws {
        let definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        let out = try Repository.scratch()
        for set in definitions.instructionSets {
            let files = try Preview.write(set: set, cell: definitions.cell, to: out.path)
            let variants: [VariantID?] = set.variants.isEmpty ? [nil] : set.variants.map(\.id)
            let expected = variants.map { set.stages(for: $0).count }.reduce(0, +) * GuidanceLevel.allCases.count
            #expect(files.count == expected)
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(file) is a PNG")
            }
            // Full guidance shows more than silent on the first stage: the files differ.
            let first = files.filter { $0.contains("-01-") }
            let full = first.first { $0.hasSuffix("-full.png") }, silent = first.first { $0.hasSuffix("-silent.png") }
            let fullBytes = try full.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            let silentBytes = try silent.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            #expect(fullBytes != nil && fullBytes != silentBytes)
        }
    }
}
