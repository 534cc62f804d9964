import Foundation
import Testing
@testable import StepwiseFormats

/// The JSON Schemas must name exactly the keys the loader accepts, object by object, so an editor
/// never offers a key the loader rejects (or hides one it accepts).
@Suite struct SchemaAgreementTests {
    private func schema(_ name: String) throws -> [String: Any] {
        let url = Fixture.path("Sources/StepwiseFormats/Schemas/\(name)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: url))) as? [String: Any])
    }

    private func check(_ name: String, _ objects: [String: ObjectKeys]) throws {
        let root = try schema(name)
        let defs = try #require(root["$defs"] as? [String: Any])
        #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        for (def, keys) in objects {
            let object = try #require(
                (def == "$root" ? root : defs[def]) as? [String: Any], "no $defs/\(def) in \(name)")
            let properties = try #require(object["properties"] as? [String: Any], "\(def) has no properties")
            #expect(Set(properties.keys) == Set(keys.known), "\(name) \(def)")
            #expect(Set(object["required"] as? [String] ?? []) == Set(keys.required), "\(name) \(def) required")
            #expect(object["additionalProperties"] as? Bool == false, "\(name) \(def) allows extra keys")
            for (key, value) in properties {
                let property = value as? [String: Any]
                #expect(property?["description"] as? String != nil, "\(name) \(def).\(key) has no description")
            }
        }
        let objectDefs = defs.filter { ($0.value as? [String: Any])?["properties"] != nil }.map(\.key)
        #expect(Set(objectDefs).isSubset(of: Set(objects.keys)), "\(name) has objects the loader does not list")
    }

    @Test func instructionSetSchemaMatchesTheLoader() throws {
        try check("instruction-set.schema.json", FormatKeys.instructionSetObjects)
    }

    @Test func cellSchemaMatchesTheLoader() throws {
        try check("cell.schema.json", FormatKeys.cellObjects)
    }

    /// Each kind in `InputKinds` is a key of the schema's input object pointing at the kind's own
    /// object, and its reader makes settings of that kind; the schema names no kind the loader lacks.
    @Test func everyInputKindHasItsSchemaObject() throws {
        let cell = try #require(try schema("cell.schema.json")["$defs"] as? [String: Any])
        let input = try #require((cell["input"] as? [String: Any])?["properties"] as? [String: Any])
        let kinds = input.filter { ($0.value as? [String: Any])?["$ref"] != nil }
        #expect(Set(kinds.keys).subtracting(["id"]) == Set(InputKind.all.map(\.key)))
        for kind in InputKind.all {
            #expect(
                (input[kind.key] as? [String: Any])?["$ref"] as? String == "#/$defs/\(kind.schemaName)", "\(kind.key)")
            #expect(cell[kind.schemaName] != nil, "no $defs/\(kind.schemaName)")
        }
        #expect(InputSource.readableKinds == InputKind.all.map(\.key))
    }

    @Test func enumerationsMatchTheDomain() throws {
        let cell = try #require(try schema("cell.schema.json")["$defs"] as? [String: Any])
        let projector = try #require((cell["projector"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((projector["pixel-format"] as? [String: Any])?["enum"] as? [String] == PixelFormatNames.all)
    }

    @Test func shippedFilesReferenceTheSchemas() throws {
        for (file, schema) in [
            ("WorkInstructions/led-streetlight.yaml", "instruction-set"),
            ("WorkInstructions/car-seat.yaml", "instruction-set"),
            ("Devices/demo-cell.yaml", "cell"), ("Devices/pi-cell.yaml", "cell"),
        ] {
            let text = try String(contentsOfFile: Fixture.path(file), encoding: .utf8)
            #expect(
                text.hasPrefix(
                    "# yaml-language-server: $schema=../Sources/StepwiseFormats/Schemas/\(schema).schema.json\n"),
                "\(file)")
        }
    }
}

import StepwiseCore
enum PixelFormatNames { static let all = PixelFormat.allCases.map(\.rawValue) }
