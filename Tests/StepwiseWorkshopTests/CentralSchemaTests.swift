import Testing

@testable import StepwiseWorkshop

/// The migration list itself: numbered from 1 without gaps (but for numbers reserved for a
/// migration written alongside), so a server's `schema_version` tells exactly which ones it still needs.
@Suite struct CentralSchemaTests {
    @Test func migrationsAreNumberedInOrderWithoutGaps() {
        let versions = CentralSchema.migrations.map(\.version)
        #expect(versions == Array(1...CentralSchema.version))
        #expect(CentralSchema.migrations.allSatisfy { !$0.statements.isEmpty })
    }
}
