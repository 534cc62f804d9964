import StepwiseCore
@testable import StepwiseRender

/// A 640 × 360 projector whose map is px = 20 + 0.6·mm (x), 10 + 0.6·mm (y): easy to check by hand.
func testProjector(width: Int = 640, height: Int = 360) -> Projector {
    let bench = [PointMM(x: 0, y: 0), PointMM(x: 1000, y: 0), PointMM(x: 1000, y: 500), PointMM(x: 0, y: 500)]
    let px = bench.map { PointPX(x: 20 + 0.6 * $0.x, y: 10 + 0.6 * $0.y) }
    return Projector(
        display: DisplaySource(TestDisplay()), width: width, height: height,
        calibration: Calibration(bench: bench, projector: px), panel: Rect(x: 0, y: 0, width: 300, height: 400),
        minimumTextMM: 12)
}

func makeRenderer() throws -> FrameRenderer { try FrameRenderer(projector: testProjector()) }

struct RGB: Equatable, CustomStringConvertible {
    var r: Int, g: Int, b: Int
    var isBlack: Bool { r == 0 && g == 0 && b == 0 }
    var description: String { "rgb(\(r),\(g),\(b))" }
}

extension FrameRenderer {
    /// The pixel at (x, y), from the B,G,R,A bytes.
    func pixel(_ x: Int, _ y: Int) -> RGB {
        withPixels { bytes in
            let i = y * bytesPerRow + x * 4
            return RGB(r: Int(bytes[i + 2]), g: Int(bytes[i + 1]), b: Int(bytes[i]))
        }
    }

    /// Non-black pixels inside `rect` (clipped to the frame).
    func lit(in rect: PixelRect) -> [(x: Int, y: Int)] {
        let r = rect.intersection(PixelRect(x: 0, y: 0, width: width, height: height))
        var found: [(x: Int, y: Int)] = []
        for y in r.y..<r.maxY { for x in r.x..<r.maxX where !pixel(x, y).isBlack { found.append((x, y)) } }
        return found
    }

    var snapshot: [UInt8] { withPixels { Array($0) } }
}

/// Pixel rect of a bench rect under the test projector's map.
func px(_ r: Rect) -> PixelRect {
    PixelRect(x: Int(20 + 0.6 * r.x), y: Int(10 + 0.6 * r.y), width: Int(0.6 * r.width), height: Int(0.6 * r.height))
}

func fixturePath(_ name: String) -> String {
    let here = #filePath
    let tests = here.split(separator: "/").dropLast(2).joined(separator: "/")
    return "/\(tests)/Fixtures/render/\(name)"
}

/// A typical step: instruction text and picture in the panel, bins, the fixture, the contour, progress.
func typicalStep(_ n: Int) -> Scene {
    let bins = (0..<4).map { i in
        SceneItem(
            key: "bin-\(i)",
            content: .zone(
                .rectangle(Rect(x: 420 + Double(i) * 140, y: 20, width: 120, height: 90)),
                role: i == n % 4 ? .pick : .target))
    }
    return Scene(
        items: [
            SceneItem(
                key: "text",
                content: .text(
                    "Step \(n): place the part", language: "en",
                    frame: Rect(x: 10, y: 10, width: 360, height: 90), heightMM: 14)),
            SceneItem(
                key: "picture",
                content: .picture(
                    path: fixturePath(n % 2 == 0 ? "vermillion-16x8.png" : "none.png"),
                    frame: Rect(x: 10, y: 110, width: 200, height: 120))),
            SceneItem(
                key: "fixture", content: .zone(.rectangle(Rect(x: 500, y: 200, width: 300, height: 200)), role: .target)
            ),
            SceneItem(
                key: "contour",
                content: .contour(.rectangle(Rect(x: 560 + Double(n * 10), y: 250, width: 120, height: 80)))),
            SceneItem(
                key: "progress",
                content: .progress(done: n, total: 6, frame: Rect(x: 10, y: 450, width: 240, height: 40))),
        ] + bins)
}

/// A display the tests never open (the core and the renderer never look at it).
struct TestDisplay: DisplaySettings { static let kind = "test" }
