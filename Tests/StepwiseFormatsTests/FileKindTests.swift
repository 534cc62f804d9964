import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// Pictures, YAML files and device paths are checked for what they are, not only that they exist.
@Suite struct FileKindTests {
    static func set(picture: String) -> String {
        """
        id: pics
        version: "1"
        title: {en: Pictures}
        steps:
          - {id: a, text: {en: A}, target-seconds: 1, done-when: p, picture: \(picture)}
        """
    }

    /// The first error of the set that shows `picture` (prepared in `folder` by `make`).
    static func pictureError(_ make: (URL) throws -> Void) rethrows -> Diagnostic? {
        let folder = Fixture.scratch()
        try make(folder)
        let path = Fixture.write(set(picture: "p.png"), "pics.yaml", in: folder)
        return diagnostics(InstructionSetFile.load(path: path)).first(where: \.isError)
    }

    static func fifo(_ path: String) -> String {
        #expect(mkfifo(path, 0o600) == 0)
        return path
    }

    @Test func wellFormedPictureLoads() throws {
        #expect(Self.pictureError { Fixture.writePNG("p.png", in: $0) } == nil)
    }

    @Test(arguments: [
        ("a text file", Array("not a picture\n".utf8), "does not start with the PNG signature"),
        ("an empty file", [], "the file is empty"),
        ("only the signature", Array(Fixture.onePixelPNG.prefix(8)), "no end chunk"),
        ("cut short", Array(Fixture.onePixelPNG.prefix(50)), "runs past the end"),
        (
            "a bad checksum",
            Array(Fixture.onePixelPNG.prefix(29)) + [0, 0, 0, 0] + Array(Fixture.onePixelPNG.dropFirst(33)),
            "wrong checksum"
        ),
    ])
    func pictureThatIsNotAPNGIsRefused(what: String, bytes: [UInt8], reason: String) throws {
        let error = try Self.pictureError { try Data(bytes).write(to: $0.appendingPathComponent("p.png")) }
        #expect(
            error.map { find([$0], 5, 70, "picture 'p.png' is not a usable PNG", reason) } != nil,
            "\(what): \(String(describing: error))")
    }

    @Test func pictureWhoseImageDataIsNotZlibIsRefused() throws {
        var bytes = Fixture.onePixelPNG
        let idat = 33  // after the signature (8) and IHDR (25): length, type, 13 bytes of data, CRC
        bytes[idat + 8] = 0x79
        let crc = PNGStructure.crc32(bytes[(idat + 4)..<(idat + 21)])
        bytes.replaceSubrange((idat + 21)..<(idat + 25), with: withUnsafeBytes(of: crc.bigEndian, Array.init))
        let error = try Self.pictureError { try Data(bytes).write(to: $0.appendingPathComponent("p.png")) }
        #expect(
            error.map { find([$0], 5, 70, "the image data is not a zlib stream") } != nil,
            "\(String(describing: error))")
    }

    @Test func pictureLinkedToADeviceOrAnUnreadableFileIsRefused() throws {
        let zero = Self.pictureError {
            try? FileManager.default.createSymbolicLink(
                atPath: $0.appendingPathComponent("p.png").path, withDestinationPath: "/dev/zero")
        }
        #expect(
            zero?.message.contains("cannot be read: it is a character device") == true, "\(String(describing: zero))")
        let shadow = Self.pictureError {
            try? FileManager.default.createSymbolicLink(
                atPath: $0.appendingPathComponent("p.png").path, withDestinationPath: "/etc/shadow")
        }
        #expect(shadow.map { $0.line == 5 && $0.column == 70 } == true, "\(String(describing: shadow))")
        #expect(
            shadow?.message.contains("picture 'p.png'") == true && shadow?.message.contains("does not exist") == false)
        let dangling = Self.pictureError {
            try? FileManager.default.createSymbolicLink(
                atPath: $0.appendingPathComponent("p.png").path, withDestinationPath: "gone.png")
        }
        #expect(dangling?.message.contains("is a link to nothing") == true, "\(String(describing: dangling))")
    }

    @Test func pictureThatIsAFolderOrFIFOIsRefusedWithoutWaiting() {
        let fifo = Self.pictureError { _ = Self.fifo($0.appendingPathComponent("p.png").path) }
        #expect(
            fifo.map { find([$0], 5, 70, "is a FIFO (named pipe), not a picture file") } != nil,
            "\(String(describing: fifo))")
        let folder = Self.pictureError {
            try? FileManager.default.createDirectory(
                at: $0.appendingPathComponent("p.png"), withIntermediateDirectories: true)
        }
        #expect(folder?.message.contains("is a folder, not a picture file") == true, "\(String(describing: folder))")
        let linkedFIFO = Self.pictureError {
            _ = Self.fifo($0.appendingPathComponent("pipe").path)
            try? FileManager.default.createSymbolicLink(
                atPath: $0.appendingPathComponent("p.png").path, withDestinationPath: "pipe")
        }
        #expect(
            linkedFIFO?.message.contains("cannot be read: it is a FIFO") == true, "\(String(describing: linkedFIFO))")
    }

    @Test func yamlFileThatIsAFIFOIsRefusedWithoutWaiting() {
        let folder = Fixture.scratch()
        let pipe = Self.fifo(folder.appendingPathComponent("cell.yaml").path)
        #expect(
            find(
                diagnostics(CellFile.load(path: pipe)), 1, 1, "cannot read the file: it is a FIFO", "expected a regular"
            ) != nil)
        let report = Validation.validate(paths: [folder.path])
        #expect(report.diagnostics.contains { $0.file == pipe && $0.message.contains("FIFO") }, "\(report.diagnostics)")
        #expect(find(diagnostics(CellFile.load(path: "/dev/zero")), 1, 1, "it is a character device") != nil)
        #expect(find(diagnostics(CellFile.load(path: folder.path)), 1, 1, "it is a folder") != nil)
    }

    static func cell(projector target: String, input: String = "{id: p, simulated: {key: p}}") -> String {
        """
        id: c
        title: {en: C}
        projector:
          \(target)
          width: 640
          height: 400
          pixel-format: rgb565
          calibration:
            - {bench: [0, 0], projector: [0, 0]}
            - {bench: [500, 0], projector: [640, 0]}
            - {bench: [500, 300], projector: [640, 400]}
            - {bench: [0, 300], projector: [0, 400]}
          panel: {x: 300, y: 10, width: 190, height: 120}
        inputs:
          - \(input)
        """
    }

    static func cellErrors(_ text: String, in folder: URL = Fixture.scratch()) -> [Diagnostic] {
        diagnostics(CellFile.load(path: Fixture.write(text, "cell.yaml", in: folder)))
    }

    @Test func projectorDeviceIsNormalisedAndMustBeAFramebuffer() throws {
        let escape = Self.cellErrors(Self.cell(projector: "device: /dev/../etc/passwd"))
        #expect(
            find(
                escape, 4, 11, "projector device '/dev/../etc/passwd' is /etc/passwd, not a framebuffer device",
                "expected a framebuffer device under /dev") != nil, "\(escape)")
        #expect(
            find(Self.cellErrors(Self.cell(projector: "device: /dev/sda")), 4, 11, "is not a framebuffer device") != nil
        )
        #expect(
            find(Self.cellErrors(Self.cell(projector: "device: /dev/null")), 4, 11, "is not a framebuffer device")
                != nil)
        let folder = Fixture.scratch()
        let loaded = try CellFile.load(
            path: Fixture.write(Self.cell(projector: "device: /dev/./fb1"), "cell.yaml", in: folder)
        ).get()
        #expect(loaded.0.projector.framebuffer?.target == .device(path: "/dev/fb1"))
    }

    @Test func projectorFileMustBeARegularFileOrAbsent() throws {
        let folder = Fixture.scratch()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("frame"), withIntermediateDirectories: true)
        let list = Self.cellErrors(Self.cell(projector: "file: frame"), in: folder)
        #expect(
            find(
                list, 4, 9, "projector file 'frame' is a folder",
                "expected a regular file, or a path where the daemon can create one") != nil, "\(list)")
        _ = Self.fifo(folder.appendingPathComponent("pipe.raw").path)
        #expect(find(Self.cellErrors(Self.cell(projector: "file: pipe.raw"), in: folder), 4, 9, "is a FIFO") != nil)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.raw").path, withDestinationPath: "/etc/passwd")
        #expect(
            find(Self.cellErrors(Self.cell(projector: "file: link.raw"), in: folder), 4, 9, "is a symbolic link") != nil
        )
        #expect(Self.cellErrors(Self.cell(projector: "file: new.raw"), in: folder).isEmpty)
    }

    @Test(arguments: ["\"ab\"", "\"\\n\"", "\" \"", "\"é\"", "\"\\t\""])
    func simulatedKeyMustBeOnePrintableCharacter(key: String) {
        let list = Self.cellErrors(Self.cell(projector: "file: f.raw", input: "{id: p, simulated: {key: \(key)}}"))
        #expect(
            find(list, 15, 30, "is not one printable character", "exactly one printable ASCII character") != nil,
            "\(key): \(list)")
    }

    @Test func gpioChipPathIsNormalisedAndMustBeAChip() throws {
        func errors(_ chip: String) -> [Diagnostic] {
            Self.cellErrors(Self.cell(projector: "file: f.raw", input: "{id: p, gpio: {chip: \(chip), line: 3}}"))
        }
        #expect(
            find(
                errors("/dev/../etc/passwd"), 15, 26,
                "gpio chip '/dev/../etc/passwd' is /etc/passwd, not a GPIO chip device") != nil)
        #expect(find(errors("../gpiochip0"), 15, 26, "is a relative path") != nil)
        #expect(find(errors("\"..\""), 15, 26, "is not a chip name") != nil)
        #expect(errors("gpiochip0").isEmpty && errors("/dev/gpiochip4").isEmpty && errors("pinctrl-bcm2711").isEmpty)
    }
}
