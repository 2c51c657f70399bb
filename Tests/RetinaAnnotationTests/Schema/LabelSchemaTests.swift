import Foundation
import Testing
@testable import RetinaAnnotation

@Suite("Label schemas and their keyboard shortcuts")
struct LabelSchemaTests {
    @Test("The built-in ICROP3 schema passes the checks of the public initialiser")
    func icrop3IsValid() throws {
        let checked = try LabelSchema(name: "ICROP3", fields: LabelSchema.icrop3Fields)
        #expect(checked == LabelSchema.icrop3)
        #expect(LabelSchema.icrop3.classificationFields.map(\.name)
            == ["zone", "stage", "plus", "a_rop", "extent_clock_hours", "eye", "image_quality"])
        let zone = try #require(LabelSchema.icrop3.field(named: "zone")?.kind.options)
        #expect(zone.values == ["I", "posterior II", "II", "III"] && zone.isOrdinal)
        #expect(LabelSchema.icrop3.field(named: "stage")?.kind.options?.values == ["0", "1", "2", "3", "4", "5"])
        #expect(LabelSchema.icrop3.field(named: "extent_clock_hours")?.kind.options?.values.count == 13)
        #expect(LabelSchema.icrop3.field(named: "eye")?.kind.options?.isOrdinal == false)
        #expect(LabelSchema.icrop3.field(named: "disc")?.kind == .box)
        #expect(LabelSchema.icrop3.field(named: "fovea")?.kind == .point)
        #expect(LabelSchema.icrop3.field(named: "ridge")?.kind == .polyline)
        #expect(LabelSchema.icrop3.field(named: "note")?.kind == .note)
    }

    @Test("Every ICROP3 classification label takes at most three keys and the keys read back to it")
    func everyLabelWithinThreeKeys() throws {
        let shortcuts = LabelSchema.icrop3.keyboardShortcuts
        var count = 0
        for field in LabelSchema.icrop3.classificationFields {
            for option in field.kind.options?.values ?? [] {
                let keys = try #require(shortcuts.sequence(field: field.name, option: option))
                #expect(keys.count <= 3)
                #expect(shortcuts.match(keys) == .label(field: field.name, option: option))
                count += 1
            }
        }
        #expect(count == 4 + 6 + 3 + 2 + 13 + 2 + 3)
        #expect(shortcuts.longestSequence == 3)
        #expect(shortcuts.sequence(field: "zone", option: "II") == "z2")
        #expect(shortcuts.sequence(field: "zone", option: "posterior II") == "zp")
        #expect(shortcuts.sequence(field: "stage", option: "3") == "s3")
        #expect(shortcuts.sequence(field: "plus", option: "pre-plus") == "p1")
        #expect(shortcuts.sequence(field: "extent_clock_hours", option: "5") == "h05")
        #expect(shortcuts.sequence(field: "extent_clock_hours", option: "12") == "h12")
        #expect(shortcuts.match("h1") == .incomplete(field: "extent_clock_hours"))
        #expect(shortcuts.match("f") == .incomplete(field: "fovea"))
        #expect(shortcuts.match("s9") == .unknown)
        #expect(shortcuts.match("x") == .unknown)
    }

    @Test("Keys are derived from names, and options default to digits")
    func derivedKeys() throws {
        let schema = try LabelSchema(name: "custom", fields: [
            .categorical("severity", ["mild", "moderate", "severe"], ordinal: true),
            .categorical("side", ["left", "right"], ordinal: false),
            .categorical("grade", (0...10).map(String.init), ordinal: true),
            .categorical("lesion", (1...11).map { "type \($0)" }, ordinal: false),
        ])
        let shortcuts = schema.keyboardShortcuts
        #expect(shortcuts.fieldKeys == ["severity": "s", "side": "i", "grade": "g", "lesion": "l"])
        #expect(shortcuts.sequence(field: "severity", option: "severe") == "s3")
        #expect(shortcuts.sequence(field: "grade", option: "7") == "g07")
        #expect(shortcuts.sequence(field: "lesion", option: "type 11") == "l11")
        #expect(shortcuts.sequence(field: "lesion", option: "type 1") == "l01")
        #expect(KeyboardShortcuts.defaultOptionKeys((1...10).map { "o\($0)" }).last == "0")
    }

    @Test("Schemas that cannot be used are refused with a named error")
    func invalidSchemas() {
        #expect(throws: LabelSchemaError.noFields) { try LabelSchema(name: "x", fields: []) }
        #expect(throws: LabelSchemaError.duplicateField("a")) {
            try LabelSchema(name: "x", fields: [LabelField("a", .point), LabelField("a", .box)])
        }
        #expect(throws: LabelSchemaError.duplicateOption(field: "a", option: "y")) {
            try LabelSchema(name: "x", fields: [.categorical("a", ["y", "y"], ordinal: false)])
        }
        #expect(throws: LabelSchemaError.ambiguousOptionKeys(field: "a", first: "1", second: "12")) {
            try LabelSchema(name: "x", fields: [.categorical("a", ["y", "n"], ordinal: false, optionKeys: ["1", "12"])])
        }
        #expect(throws: LabelSchemaError.invalidOptionKey(field: "a", key: "123")) {
            try LabelSchema(name: "x", fields: [.categorical("a", ["y"], ordinal: false, optionKeys: ["123"])])
        }
        #expect(throws: LabelSchemaError.duplicateFieldKey("k")) {
            try LabelSchema(name: "x", fields: [LabelField("a", .point, key: "k"), LabelField("b", .box, key: "k")])
        }
        #expect(throws: LabelSchemaError.invalidFieldKey(field: "a", key: "1")) {
            try LabelSchema(name: "x", fields: [LabelField("a", .point, key: "1")])
        }
    }

    @Test("A schema survives JSON, and decoding re-runs the checks")
    func jsonRoundTrip() throws {
        let data = try JSONEncoder().encode(LabelSchema.icrop3)
        #expect(try JSONDecoder().decode(LabelSchema.self, from: data) == LabelSchema.icrop3)
        let duplicate = Data(#"{"name":"x","fields":[{"name":"a","kind":"point"},{"name":"a","kind":"box"}]}"#.utf8)
        #expect(throws: LabelSchemaError.duplicateField("a")) { try JSONDecoder().decode(LabelSchema.self, from: duplicate) }
    }
}
