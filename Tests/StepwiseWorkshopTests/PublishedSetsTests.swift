import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseLog
import Testing

@testable import StepwiseWorkshop

extension CentralServer {
    /// Instruction sets published to the central server and installed by each station's uplink:
    /// versions listed with their notes, the latest or a pinned version installed, a changed step
    /// re-guided, a version that fails on the station refused while the last good one stays.
    @Suite struct PublishedSetsTests {
        static let original = try! String(
            contentsOfFile: Workspace.path("WorkInstructions/led-streetlight.yaml"), encoding: .utf8)

        /// The LED street light as `version`, its first step's English text replaced by `text`,
        /// written with its pictures into a fresh folder; returns the bundle read from there.
        static func bundle(_ version: String, text: String = "Take a housing from bin 1", edit: String = "")
            throws -> InstructionBundle
        {
            let folder = try Workspace.scratch("set\(version)")
            try FileManager.default.copyItem(
                atPath: Workspace.path("WorkInstructions/pictures"),
                toPath: folder.appendingPathComponent("pictures").path)
            var yaml = original.replacingOccurrences(of: "version: \"3.2\"", with: "version: \"\(version)\"")
                .replacingOccurrences(of: "en: Take a housing from bin 1", with: "en: \(text)")
            if !edit.isEmpty { yaml = yaml.replacingOccurrences(of: "bins: [bin-1]", with: edit) }
            let path = folder.appendingPathComponent("led-streetlight.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return try InstructionBundle.read(path: path).get()
        }

        static func workshop(_ url: String) async throws -> PostgresWorkshop {
            try await PostgresWorkshopTests.blocking { try PostgresWorkshop(try CentralAddress.parse(url).get()) }
        }

        @Test func publishStoresEachVersionOnceAndListsThemWithNotes() async throws {
            let url = try await TestServer.freshDatabase()
            let workshop = try await Self.workshop(url)
            let first = try Self.bundle("3.2"), second = try Self.bundle("3.3", text: "Take a housing from bin 4")
            let outcomes = try await PostgresWorkshopTests.blocking {
                [
                    try workshop.publish(first, author: "anna", note: "as built"),
                    try workshop.publish(first, author: "anna", note: "again"),
                    try workshop.publish(second, author: "bert", note: "housings moved to bin 4"),
                    try workshop.publish(first, author: "anna", note: "back: bin 4 is not ready"),
                ]
            }
            #expect(outcomes == [.published, .alreadyLatest, .published, .madeLatestAgain])
            let other = try Self.bundle("3.3", text: "Something else")
            #expect(throws: CentralError.self) {
                try workshop.publish(other, author: "bert", note: "same label, other content")
            }
            let versions = try await PostgresWorkshopTests.blocking {
                try workshop.versions(of: "led-streetlight")
            }
            #expect(versions.map(\.version) == ["3.2", "3.3"], "the rollback made 3.2 the latest")
            #expect(versions.map(\.isLatest) == [true, false])
            #expect(versions.map(\.note) == ["back: bin 4 is not ready", "housings moved to bin 4"])
            #expect(versions.map(\.author) == ["anna", "bert"])
            #expect(versions[1].contentHash == second.contentHash && versions[1].pictures == second.pictures.count)
            #expect(second.pictures.count > 5)
        }

        /// A station: the demo cell naming `sets`, the shipped sets in its folder, an empty log.
        static func station(sets: String) throws -> (uplink: Uplink, cell: String, folder: URL) {
            let root = try Workspace.scratch("station")
            let cell = root.appendingPathComponent("Devices/demo-cell.yaml")
            try FileManager.default.createDirectory(
                at: cell.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = try String(contentsOfFile: Workspace.path("Devices/demo-cell.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "instruction-sets: [led-streetlight, car-seat]", with: sets)
            try text.write(to: cell, atomically: true, encoding: .utf8)
            let folder = root.appendingPathComponent("WorkInstructions")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in ["led-streetlight.yaml", "car-seat.yaml", "pictures"] {
                try FileManager.default.copyItem(
                    atPath: Workspace.path("WorkInstructions/\(name)"), toPath: folder.appendingPathComponent(name).path
                )
            }
            return (try uplink(root, cell: cell.path, folder: folder.path), cell.path, folder)
        }

        static func uplink(_ root: URL, cell: String, folder: String) throws -> Uplink {
            var settings = UplinkSettings(station: "bench-3")
            settings.instructions = StationInstructions(cell: cell, folder: folder)
            let outbox = try UplinkOutbox(path: root.appendingPathComponent("quality.sqlite").path)
            return try Uplink(
                outbox: outbox, address: try CentralAddress.parse("postgres://x@localhost/x").get(),
                settings: settings, logger: TestServer.logger)
        }

        static func installedVersion(_ folder: URL) throws -> String {
            try InstructionSetFile.load(path: folder.appendingPathComponent("led-streetlight.yaml").path).get().version
        }

        @Test func aStationInstallsTheLatestOrItsPinAndReguidesTheChangedStep() async throws {
            let url = try await TestServer.freshDatabase()
            let workshop = try await Self.workshop(url)
            let changed = try Self.bundle("3.3", text: "Take a housing from bin 1 label up")
            _ = try await PostgresWorkshopTests.blocking {
                _ = try workshop.publish(try Self.bundle("3.2"), author: "anna", note: "")
                return try workshop.publish(changed, author: "anna", note: "label up")
            }
            let (uplink, cell, folder) = try Self.station(sets: "instruction-sets: [led-streetlight, car-seat]")
            let log = try QualityLog(path: uplink.outbox.path)
            let silent = StepSkill(level: .silent, runs: 50, mastery: 0.98)
            try log.saveSkill(
                WorkerSkill(
                    worker: "w-aa0001", instructionSet: "led-streetlight",
                    steps: ["pick-housing": silent, "place-housing": silent]))
            // A second worker is at the station: the daemon holds their skill until they sign out.
            let atWork = WorkerPseudonym("w-aa0002")
            try log.saveSkill(
                WorkerSkill(worker: atWork, instructionSet: "led-streetlight", steps: ["pick-housing": silent]))
            try log.append([QualityRecord(at: Instant(seconds: 1_000), kind: .login, cell: "demo-cell", worker: atWork)]
            )
            let store = try await CentralStore.connect(try CentralAddress.parse(url).get(), logger: TestServer.logger)
            try await uplink.pullInstructions(store)
            #expect(try Self.installedVersion(folder) == "3.3")
            let skill = try log.loadSkill(worker: "w-aa0001", instructionSet: "led-streetlight")
            #expect(skill?.steps["pick-housing"]?.level == .hint, "the changed step starts again at hint")
            #expect(skill?.steps["place-housing"] == silent, "an unchanged step keeps its mastery")
            let raised = try log.records().filter { $0.kind == .levelChanged }
            #expect(raised.map(\.step) == ["pick-housing"])
            #expect(raised.first?.reason == .stepChanged && raised.first?.version == "3.3")
            #expect(raised.first?.detail == "step changed in version 3.3")

            try await uplink.pullInstructions(store)
            #expect(try log.records().filter { $0.kind == .levelChanged }.count == 1, "nothing new: nothing done")
            #expect(
                try log.loadSkill(worker: atWork, instructionSet: "led-streetlight")?.steps["pick-housing"] == silent)
            uplink.reguideSignedOut()
            #expect(
                try log.loadSkill(worker: atWork, instructionSet: "led-streetlight")?.steps["pick-housing"] == silent)
            try log.append([
                QualityRecord(at: Instant(seconds: 2_000), kind: .logout, cell: "demo-cell", worker: atWork)
            ])
            uplink.reguideSignedOut()
            let afterSignOut = try log.loadSkill(worker: atWork, instructionSet: "led-streetlight")
            #expect(afterSignOut?.steps["pick-housing"]?.level == .hint, "re-guided once signed out")
            #expect(try log.records().filter { $0.kind == .levelChanged }.map(\.worker) == ["w-aa0001", atWork])
            #expect(uplink.instructionMemory.waiting.isEmpty)

            let pinned = try String(contentsOfFile: cell, encoding: .utf8)
                .replacingOccurrences(of: "[led-streetlight, car-seat]", with: "[led-streetlight@3.2, car-seat]")
            try pinned.write(toFile: cell, atomically: true, encoding: .utf8)
            try await uplink.pullInstructions(store)
            #expect(try Self.installedVersion(folder) == "3.2", "pinning an older version rolls the station back")
            await store.close()
            let reports = try await PostgresWorkshopTests.blocking { try workshop.setChanges(of: "led-streetlight") }
            #expect(reports.map(\.toVersion) == ["3.2", "3.3"])
            #expect(reports.map(\.fromVersion) == ["3.3", "3.2"])
            #expect(reports.allSatisfy { $0.outcome == .installed && $0.station == "bench-3" })
            #expect(reports.last?.changedSteps == ["pick-housing"])
        }

        @Test func aVersionThatFailsOnTheStationIsRefusedAndTheLastGoodStays() async throws {
            let url = try await TestServer.freshDatabase()
            let workshop = try await Self.workshop(url)
            // Valid on its own; the demo cell has no bin-9.
            let broken = try Self.bundle("3.4", edit: "bins: [bin-9]")
            _ = try await PostgresWorkshopTests.blocking { try workshop.publish(broken, author: "anna", note: "") }
            let (uplink, _, folder) = try Self.station(sets: "instruction-sets: [led-streetlight, car-seat]")
            let store = try await CentralStore.connect(try CentralAddress.parse(url).get(), logger: TestServer.logger)
            try await uplink.pullInstructions(store)
            try await uplink.pullInstructions(store)
            await store.close()
            #expect(try Self.installedVersion(folder) == "3.2", "the last good version stays")
            let reports = try await PostgresWorkshopTests.blocking { try workshop.setChanges(of: "led-streetlight") }
            #expect(reports.count == 1, "refused once, not at every contact")
            #expect(reports.first?.outcome == .refused && reports.first?.fromVersion == "3.2")
            #expect(reports.first?.detail.contains("led-streetlight.yaml:32:") == true, "\(reports)")
            #expect(reports.first?.detail.contains("bin-9") == true)
            let record = PostgresWorkshopTests.record(.login, cell: "demo-cell", at: 1)
            try await PostgresWorkshopTests.ship([record], as: "bench-3", url: url)
            let stations = try await PostgresWorkshopTests.blocking { try workshop.stations() }
            #expect(stations.map(\.lastInstall) == ["led-streetlight 3.4 refused"], "the dashboard's station table")
        }
    }
}
