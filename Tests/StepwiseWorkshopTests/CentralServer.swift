import Testing

/// Every suite that uses the throwaway server, one test at a time: one of them stops the server
/// for a stretch, and a test running beside it would see the server vanish. A hang becomes a
/// failure after the time limit instead of holding the whole run.
@Suite(.serialized, .enabled(if: TestServer.available, "STEPWISE_TEST_POSTGRES is not set"), .timeLimit(.minutes(10)))
struct CentralServer {}
