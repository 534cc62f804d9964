#if canImport(Glibc)
    import Glibc
#endif
import StepwiseCore
import Testing
@testable import StepwiseRender

@Suite struct PictogramTests {
    @Test func namesAreTheShippedFileNames() {
        #expect(Pictogram.allCases.count == 22)
        #expect(Pictogram(rawValue: "insert-led-board") == .insertLEDBoard)
        #expect(Pictogram(rawValue: "check-pull") == .checkPull)
    }

    @Test func writeAllWritesAVisiblePNGForEveryPictogram() throws {
        let directory = "/tmp/stepwise-pictograms-\(UInt32.random(in: 0...UInt32.max))"
        let paths = try PictogramLibrary.writeAll(to: directory, size: 128)
        #expect(paths.count == Pictogram.allCases.count)
        for (pictogram, path) in zip(Pictogram.allCases, paths) {
            #expect(path == "\(directory)/\(pictogram.rawValue).png")
            let info = try #require(PNGInfo(path: path))
            #expect(info.width == 128 && info.height == 128)
            #expect(info.inkedPixels > 128 * 128 / 50, "\(pictogram) draws something")
        }
    }

    @Test func writeAllRejectsAnAbsurdSize() {
        #expect(throws: RenderError.invalidSize(width: 2, height: 2)) {
            try PictogramLibrary.writeAll(to: "/tmp", size: 2)
        }
    }

    /// Generates the shipped pictures: `STEPWISE_PICTURES=<dir> swift test --filter generateShippedPictures`.
    @Test(.enabled(if: Environment.pictures != nil))
    func generateShippedPictures() throws {
        let paths = try PictogramLibrary.writeAll(to: Environment.pictures!, size: 512)
        #expect(paths.count == 22)
    }
}

enum Environment {
    static var pictures: String? {
        guard let value = getenv("STEPWISE_PICTURES") else { return nil }
        return String(cString: value)
    }
}
