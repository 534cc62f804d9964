import StepwiseCore
import Testing
@testable import StepwiseFormats

@Suite struct GuidanceAndPolicyTests {
    private func fullFeatured() throws -> InstructionSet {
        try InstructionSetFile.load(path: Fixture.formats("valid/full-featured.yaml")).get()
    }

    @Test func levelsInheritFromTheLevelAbove() throws {
        let guidance = try fullFeatured().guidance
        #expect(guidance.elements[.full] == [.text, .picture, .zones, .bins, .progress])
        #expect(guidance.elements[.hint] == [.picture, .zones, .bins, .progress])
        #expect(guidance.elements[.location] == [.zones, .bins, .progress, .contour])
        #expect(guidance.elements[.silent] == [.progress])
    }

    @Test func guidanceDefaultsToStandard() throws {
        let set = try InstructionSetFile.load(path: Fixture.formats("valid/minimal-set.yaml")).get()
        #expect(set.guidance == .standard)
        #expect(set.policy == GuidancePolicy())
        #expect(set.variants.isEmpty)
    }

    @Test func policyOverridesEveryField() throws {
        let policy = try fullFeatured().policy
        #expect(policy.initialLevel == .hint && policy.floor == .location)
        #expect(policy.fadeAfterCleanRuns == 5 && policy.fadeTempo == 1.2 && policy.raiseTempo == 2)
        #expect(policy.raiseAfterSlowRuns == 3 && policy.minimumDwellRuns == 1)
        #expect(policy.hesitationFactor == 4.5 && policy.breakSeconds == 600)
    }

    @Test func inconsistentPolicyIsRejected() {
        let path = Fixture.write(
            """
            id: p
            version: "1"
            title: {en: P}
            policy: {initial-level: location, floor: hint, fade-tempo: 2, raise-tempo: 1.5}
            steps: [{id: a, text: {en: A}, target-seconds: 1, done-when: p}]
            """, "policy.yaml", in: Fixture.scratch())
        let list = diagnostics(InstructionSetFile.load(path: path))
        #expect(find(list, 4, 42, "floor 'hint' is above initial-level 'location'") != nil)
        #expect(find(list, 4, 76, "raise-tempo 1.5 is not above fade-tempo 2.0") != nil)
    }

    @Test func misspeltGuidanceElementSuggestsTheRightOne() {
        let d = setErrors("schema-invalid/set-guidance-typo.yaml").first
        #expect(d?.line == 5 && d?.column == 17 && d?.suggestion == "text")
    }

    @Test func stepsGroupsVariantsAndConditionsAreMapped() throws {
        let set = try fullFeatured()
        #expect(set.variants.map(\.code) == ["S-1", nil])
        #expect(set.stages(for: "small").map(\.steps.count) == [1, 1, 2])
        #expect(set.stages(for: "large").map(\.steps.count) == [1, 1, 1, 1])
        let spacer = try #require(set.step("large-only"))
        #expect(
            spacer.completion
                == .anyOf([
                    .input("pedal", count: 1), .allOf([.input("bin-b.pick", count: 1), .input("pedal", count: 2)]),
                ]))
        #expect(spacer.contour?.points.count == 3)
        #expect(set.step("screws")?.enables == ["tool.enable"])
        #expect(set.step("pick-a")?.wrongActions.first?.message?.text(for: "en") == "Part A is in bin A")
        #expect(set.title.translations["pt-BR"] == "Tudo")
    }
}
