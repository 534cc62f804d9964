import Testing
import StepwiseCore
@testable import StepwiseFormats

/// The policy keys of the mastery estimate, group trouble, warm-up and fatigue.
@Suite struct ModelPolicyKeysTests {
    private func load(_ policy: String) -> Result<InstructionSet, DiagnosticList> {
        let path = Fixture.write(
            """
            id: p
            version: "1"
            title: {en: P}
            policy: \(policy)
            steps: [{id: a, text: {en: A}, target-seconds: 1, done-when: p}]
            """, "model-policy.yaml", in: Fixture.scratch())
        return InstructionSetFile.load(path: path)
    }

    @Test func everyModelKeyIsRead() throws {
        let policy = try load(
            "{fade-mastery: 0.9, raise-mastery: 0.3, group-raise-after-trouble: 3, warm-up-after-break: false, fatigue-after-hours: 2.5}"
        ).get().policy
        #expect(policy.fadeMastery == 0.9 && policy.raiseMastery == 0.3 && policy.groupRaiseAfterTrouble == 3)
        #expect(!policy.warmUpAfterBreak && policy.fatigueAfterHours == 2.5)
        let more = try load("{solid-mastery: 0.9, failed-fade-limit: 0}").get().policy
        #expect(more.solidMastery == 0.9 && more.failedFadeLimit == 0)
    }

    @Test func defaultsAreKeptWhenAbsent() throws {
        let policy = try load("{fade-tempo: 1.2}").get().policy
        #expect(policy.fadeMastery == 0.8 && policy.raiseMastery == 0.2 && policy.warmUpAfterBreak)
    }

    @Test func aRaiseLineAboveTheFadeLineIsRejected() {
        let list = diagnostics(load("{fade-mastery: 0.5, raise-mastery: 0.6}"))
        #expect(list.contains { $0.message.contains("raise-mastery 0.6 is not below fade-mastery 0.5") })
    }

    @Test func outOfRangeMasteryIsRejected() {
        #expect(!diagnostics(load("{fade-mastery: 1.5}")).isEmpty)
        #expect(
            !diagnostics(load("{solid-mastery: 2}")).isEmpty && !diagnostics(load("{failed-fade-limit: 11}")).isEmpty)
    }
}
