import Foundation
import StepwiseCore
import StepwiseDevices

/// The interactive part of `stepwise calibrate`: keys from the terminal move the crosshairs on
/// the projector until Enter gives four points that pass the checks. Runs its own event loop on
/// the calling thread; the terminal's mode is restored when it returns.
public enum CalibrationConsole {
    /// Returns the accepted fit, or nil when the engineer cancels (q, Esc Esc, Ctrl-C, end of input).
    /// `check` judges the points on Enter; a rejected set is explained and jogging goes on.
    public static func run(
        projection: CalibrationProjection, bench: [PointMM], start: CalibrationJog,
        check: @escaping (Calibration) -> Result<CalibrationFit, CalibrationProblem>,
        say: @escaping (String) -> Void
    ) throws -> CalibrationFit? {
        let loop = try EventLoop()
        defer { loop.close() }
        var jog = start, decoder = CalibrationKeys(), accepted: CalibrationFit?, failure: Error?
        func show() {
            do { try projection.show(jog, bench: bench) } catch {
                failure = error
                loop.stop()
            }
            let p = jog.crosshairs[jog.selected]
            say(
                "crosshair \(jog.selected + 1) at (\(Int(p.x)), \(Int(p.y))) px → bench \(CalibrationProjection.mm(bench[jog.selected])) mm"
            )
        }
        let keys = try ConsoleKeys(
            loop: loop,
            onByte: { byte in
                guard let key = decoder.feed(byte) else { return }
                switch key {
                case .cancel: loop.stop()
                case .accept:
                    switch check(Calibration(bench: bench, projector: jog.crosshairs)) {
                    case .success(let fit):
                        accepted = fit
                        loop.stop()
                    case .failure(let problem): say("not accepted: \(problem)")
                    }
                default:
                    jog.apply(key)
                    show()
                }
            }, onEnd: { loop.stop() })
        defer { keys.close() }
        say(CalibrationKeys.help)
        show()
        loop.run()
        if let failure { throw failure }
        return accepted
    }
}
