import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFormats

/// Sets as they are published and installed: pins in a cell, `replaces:`, the policy's level for
/// changed steps, and a bundle written into a station's folder only when it validates there.
@Suite struct PublishedSetTests {
    static let cellText = try! String(contentsOfFile: Fixture.formats("valid/minimal-cell.yaml"), encoding: .utf8)

    static func cell(sets: String, in folder: URL) -> String {
        Fixture.write(
            cellText.replacingOccurrences(of: "instruction-sets: [minimal, full-featured]", with: sets),
            "Devices/cell.yaml", in: folder)
    }

    static func set(version: String, text: String = "Press the pedal", extra: String = "") -> String {
        """
        id: minimal
        version: "\(version)"
        title: {en: Minimal}
        steps:
          - id: only
            text: {en: \(text)}
            picture: pictures/pedal.png
            target-seconds: 3
            done-when: pedal
        \(extra)
        """
    }

    @Test func aCellPinsAVersionWithAnAt() throws {
        let folder = Fixture.scratch()
        let path = Self.cell(sets: "instruction-sets: [minimal@1.2, full-featured]", in: folder)
        #expect(
            try CellFile.setReferences(path: path).get() == [
                InstructionSetReference(id: "minimal", version: "1.2"), InstructionSetReference(id: "full-featured"),
            ])
        #expect(try CellFile.load(path: path).get().1 == ["minimal", "full-featured"])
    }

    @Test func aBadPinIsLocated() {
        let folder = Fixture.scratch()
        let path = Self.cell(
            sets: "instruction-sets:\n  - minimal@\n  - full-featured@3.2@1\n  - \"@3.2\"\n  - minimal@2", in: folder)
        let list = diagnostics(CellFile.load(path: path))
        #expect(find(list, 31, 5, "'minimal@' is not a valid instruction set", "led-streetlight@3.2") != nil, "\(list)")
        #expect(find(list, 32, 5, "'full-featured@3.2@1' is not a valid instruction set") != nil)
        #expect(find(list, 33, 5, "'@3.2' is not a valid instruction set") != nil)
        #expect(find(list, 34, 5, "instruction set 'minimal' is listed twice") == nil, "the first pin was refused")
    }

    @Test func replacesAndTheChangedStepLevelAreRead() throws {
        let folder = Fixture.scratch()
        Fixture.writePNG("pictures/pedal.png", in: folder)
        let text = Self.set(version: "2", extra: "    replaces: press\npolicy: {changed-step-level: location}")
        let set = try InstructionSetFile.load(path: Fixture.write(text, "minimal.yaml", in: folder)).get()
        #expect(set.allSteps.first?.replaces == "press")
        #expect(set.policy.changedStepLevel == .location)
        #expect(GuidancePolicy().changedStepLevel == .hint)
    }

    /// A workshop folder with the set (version `version`) and its picture; returns the set's path.
    static func published(version: String, text: String = "Press the pedal", in folder: URL) -> String {
        Fixture.writePNG("pictures/pedal.png", in: folder)
        return Fixture.write(Self.set(version: version, text: text), "minimal.yaml", in: folder)
    }

    @Test func aBundleHoldsTheFileItsHashAndItsPictures() throws {
        let path = Self.published(version: "3.3", in: Fixture.scratch())
        let bundle = try InstructionBundle.read(path: path).get()
        #expect(bundle.id == "minimal" && bundle.version == "3.3")
        #expect(bundle.yaml == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(bundle.contentHash == (try InstructionSetFile.load(path: path).get().contentHash))
        #expect(bundle.pictures == ["pictures/pedal.png": Fixture.onePixelPNG])
    }

    @Test func aPictureOutsideTheSetsFolderIsNotPublished() {
        let folder = Fixture.scratch()
        Fixture.writePNG("shared/pedal.png", in: folder)
        let text = Self.set(version: "1").replacingOccurrences(of: "pictures/pedal.png", with: "../shared/pedal.png")
        let list = diagnostics(InstructionBundle.read(path: Fixture.write(text, "sets/minimal.yaml", in: folder)))
        #expect(list.first?.message.contains("outside the set's folder") == true, "\(list)")
    }

    @Test func anInvalidSetIsNotPublishedAndSaysWhere() {
        let folder = Fixture.scratch()
        let path = Self.published(version: "1", in: folder)
        let cell = Self.cell(sets: "instruction-sets: [minimal]", in: folder)
        let broken = Self.set(version: "1").replacingOccurrences(of: "done-when: pedal", with: "done-when: pedl")
        try? Data(broken.utf8).write(to: URL(fileURLWithPath: path))
        let list = diagnostics(InstructionBundle.read(path: path, cells: [cell]))
        #expect(find(list, 9, 16, "pedl") != nil, "\(list)")
    }

    @Test func anInstalledVersionReplacesTheFileAndNamesTheChangedSteps() throws {
        let station = Fixture.scratch()
        let cell = Self.cell(sets: "instruction-sets: [minimal]", in: station)
        let folder = station.appendingPathComponent("WorkInstructions")
        let old = Self.published(version: "3.2", in: folder)
        let new = try InstructionBundle.read(
            path: Self.published(version: "3.3", text: "Press the pedal firmly", in: Fixture.scratch())
        ).get()
        let installed = try new.install(into: folder.path, cellPath: cell).get()
        #expect(installed.file == old, "the file that held the set is replaced")
        #expect(installed.previousVersion == "3.2")
        #expect(installed.changes?.changed == ["only": [.text]])
        #expect(try InstructionSetFile.load(path: old).get().version == "3.3")
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent(".incoming").path + "/minimal@3.3"))
    }

    @Test func aVersionThatFailsOnTheStationIsRefusedAndTheLastGoodStays() throws {
        let station = Fixture.scratch()
        let cell = Self.cell(sets: "instruction-sets: [minimal]", in: station)
        let folder = station.appendingPathComponent("WorkInstructions")
        let old = Self.published(version: "3.2", in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: old))
        var bundle = try InstructionBundle.read(path: Self.published(version: "3.4", in: Fixture.scratch())).get()
        bundle.yaml = Array(Self.set(version: "3.4").replacingOccurrences(of: "pedal\n", with: "pedl\n").utf8)
        bundle.contentHash = InstructionBundle.digest(bundle.yaml)
        let list = diagnostics(bundle.install(into: folder.path, cellPath: cell))
        #expect(
            list.contains { $0.file.hasSuffix(".incoming/minimal@3.4/minimal.yaml") && $0.line == 9 }, "\(list)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == before)
        var tampered = bundle
        tampered.yaml = Array(Self.set(version: "3.4").utf8)
        #expect(
            diagnostics(tampered.install(into: folder.path, cellPath: cell)).first?.message.contains("hash") == true)
    }

    @Test func onlyAVersionACellCanPinIsPublishedOrInstalled() throws {
        let folder = Fixture.scratch()
        let path = Self.published(version: "3.3 beta", in: folder)
        #expect(diagnostics(InstructionBundle.read(path: path)).first?.message.contains("cannot be published") == true)
        var bundle = try InstructionBundle.read(path: Self.published(version: "3.3", in: Fixture.scratch())).get()
        bundle.version = "../../3.3"
        let station = Fixture.scratch()
        let cell = Self.cell(sets: "instruction-sets: [minimal]", in: station)
        let list = diagnostics(
            bundle.install(into: station.appendingPathComponent("WorkInstructions").path, cellPath: cell))
        #expect(list.first?.message.contains("is not a set id and version") == true, "\(list)")
    }

    @Test func picturePathsThatLeaveTheFolderAreUnsafe() {
        #expect(InstructionBundle.isSafePicturePath("pictures/a.png"))
        #expect(!InstructionBundle.isSafePicturePath("../a.png"))
        #expect(!InstructionBundle.isSafePicturePath("/etc/a.png"))
        #expect(!InstructionBundle.isSafePicturePath("pictures/../../a.png"))
        #expect(!InstructionBundle.isSafePicturePath("a//b.png"))
    }
}
