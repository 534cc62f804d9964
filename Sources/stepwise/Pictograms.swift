import ArgumentParser
import StepwiseRender

struct Pictograms: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw Stepwise's own pictograms as PNG files (the pictures the shipped instruction sets use).")

    @Option(help: "Output folder.")
    var out: String = "WorkInstructions/pictures"
    @Option(help: "Size in pixels.")
    var size: Int = 256

    func run() throws {
        let files = try PictogramLibrary.writeAll(to: out, size: size)
        print("\(files.count) pictograms in \(out)")
    }
}
