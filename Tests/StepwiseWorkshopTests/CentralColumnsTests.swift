import Testing

@testable import StepwiseWorkshop

/// The ceiling's COPY writes `at` itself: it must be the instant the server derives from `at_ns`
/// (whole microseconds, UTC), or the same record would land in another partition.
@Suite struct CentralColumnsTests {
    @Test func aTimestampIsTheRecordsInstantInWholeMicrosecondsUTC() {
        #expect(CentralColumns.timestamp(0) == "1970-01-01 00:00:00.000000+00")
        #expect(CentralColumns.timestamp(1_000_000_000_123_456_789) == "2001-09-09 01:46:40.123456+00")
        #expect(CentralColumns.timestamp(1_798_761_599_999_999_999) == "2026-12-31 23:59:59.999999+00")
    }
}
