import Foundation
import Logging
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// The daemon reads the site key once at start: a key gives new badges the site's pseudonym; a
/// key file that is there but refused is a fault at start and refuses new badges, never a silent
/// return to this station's own pseudonyms.
@Suite struct SiteKeyAtStartTests {
    /// The demo cell's daemon on scratch files, the site key at `keyPath`; signs `badge` in, stops.
    func signIn(_ badge: String, keyPath: String, in dir: URL) throws -> StationState {
        var definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        definitions.cell.projector.framebuffer?.target = .file(path: dir.appendingPathComponent("fb.raw").path)
        definitions.cell.outputs = []
        var options = DaemonOptions(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions"),
            databasePath: dir.appendingPathComponent("q.sqlite").path,
            pseudonymsPath: dir.appendingPathComponent("p.sqlite").path, console: false, watchFiles: false)
        options.siteKeyPath = keyPath
        let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let daemon = try Daemon.assemble(options: options, definitions: definitions, logger: silent)
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            daemon.login(badge: badge)
            daemon.loop.stop()
        }
        #expect(daemon.runLoop() == 0)
        return daemon.station.machine.state
    }

    @Test func aNewBadgeGetsTheSitePseudonym() throws {
        let dir = try Repository.scratch()
        let key = SiteKey.generate()
        let keyPath = dir.appendingPathComponent("site.key").path
        try SiteKeyFile.install(key, at: keyPath, owner: nil)
        let state = try signIn("4711", keyPath: keyPath, in: dir)
        #expect(state.worker == key.pseudonym(forBadge: "4711"))
        #expect(state.faults["pseudonyms"] == nil)
    }

    @Test func noKeyFileIsAStationOfItsOwn() throws {
        let dir = try Repository.scratch()
        let state = try signIn("4711", keyPath: dir.appendingPathComponent("site.key").path, in: dir)
        #expect(state.worker?.rawValue.count == 8, "a drawn pseudonym: w- and 6 digits")
        #expect(state.faults["pseudonyms"] == nil)
    }

    @Test func aRefusedKeyIsAFaultAtStartAndRefusesNewBadges() throws {
        let dir = try Repository.scratch()
        let keyPath = dir.appendingPathComponent("site.key").path
        try SiteKeyFile.install(SiteKey.generate(), at: keyPath, owner: nil)
        #expect(chmod(keyPath, 0o644) == 0)
        let state = try signIn("4711", keyPath: keyPath, in: dir)
        #expect(state.worker == nil, "not signed in with a pseudonym of this station alone")
        let fault = try #require(state.faults["pseudonyms"])
        #expect(fault.message.contains("\(keyPath): mode 0644"), "\(fault.message)")
    }
}
