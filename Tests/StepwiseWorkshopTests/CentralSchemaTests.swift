import Testing

@testable import StepwiseWorkshop

/// The migration list itself: numbered from 1 without gaps, so a server's `schema_version` tells
/// exactly which ones it still needs.
@Suite struct CentralSchemaTests {
    @Test func migrationsAreNumberedInOrderWithoutGaps() {
        #expect(CentralSchema.migrations.map(\.version) == Array(1...CentralSchema.migrations.count))
        #expect(CentralSchema.migrations.allSatisfy { !$0.statements.isEmpty })
    }
}
