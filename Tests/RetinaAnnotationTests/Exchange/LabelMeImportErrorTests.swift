import Foundation
import Testing
@testable import RetinaAnnotation

@Suite("LabelMe import refuses what does not fit the schema")
struct LabelMeImportErrorTests {
    let importer = LabelMeImport()

    /// A minimal LabelMe file with the given flags and shapes (JSON text).
    func file(flags: String = "{}", shapes: String = "[]", size: String = #""imageHeight": 480, "imageWidth": 640"#) -> Data {
        Data(#"{"version": "5.5.0", "flags": \#(flags), "shapes": \#(shapes), "imagePath": "a.png", "imageData": null, \#(size)}"#.utf8)
    }

    func shape(_ label: String, _ type: String, _ points: String) -> String {
        #"[{"label": "\#(label)", "shape_type": "\#(type)", "points": \#(points), "group_id": null, "flags": {}}]"#
    }

    @Test("Not JSON, or not an object")
    func notJSON() {
        #expect(throws: LabelMeImportError.notJSON) { try importer.labels(from: Data("not json".utf8)) }
        #expect(throws: LabelMeImportError.notJSON) { try importer.labels(from: Data("[1, 2]".utf8)) }
        #expect(throws: LabelMeImportError.notJSON) { try importer.labels(from: Data()) }
    }

    @Test("Missing keys are named")
    func missingKeys() {
        #expect(throws: LabelMeImportError.missingKey("version")) {
            try importer.labels(from: Data(#"{"shapes": [], "imagePath": "a", "imageHeight": 1, "imageWidth": 1}"#.utf8))
        }
        #expect(throws: LabelMeImportError.missingKey("shapes")) {
            try importer.labels(from: Data(#"{"version": "5", "imagePath": "a", "imageHeight": 1, "imageWidth": 1}"#.utf8))
        }
        #expect(throws: LabelMeImportError.missingKey("imagePath")) {
            try importer.labels(from: Data(#"{"version": "5", "shapes": [], "imageHeight": 1, "imageWidth": 1}"#.utf8))
        }
        #expect(throws: LabelMeImportError.missingKey("imageWidth")) { try importer.labels(from: file(size: #""imageHeight": 4"#)) }
        #expect(throws: LabelMeImportError.missingKey("shapes[0].shape_type")) {
            try importer.labels(from: file(shapes: #"[{"label": "disc", "points": []}]"#))
        }
        #expect(throws: LabelMeImportError.missingKey("shapes[0].points")) {
            try importer.labels(from: file(shapes: #"[{"label": "disc", "shape_type": "rectangle"}]"#))
        }
    }

    @Test("Wrong types and sizes")
    func malformed() {
        #expect(throws: LabelMeImportError.malformedValue(key: "imageWidth")) {
            try importer.labels(from: file(size: #""imageHeight": 4, "imageWidth": "wide""#))
        }
        #expect(throws: LabelMeImportError.malformedValue(key: "flags.zone=I")) { try importer.labels(from: file(flags: #"{"zone=I": "yes"}"#)) }
        #expect(throws: LabelMeImportError.malformedValue(key: "shapes[0].points[0][1]")) {
            try importer.labels(from: file(shapes: shape("fovea", "point", #"[[1, "y"]]"#)))
        }
        #expect(throws: LabelMeImportError.badImageSize(width: 0, height: 4)) {
            try importer.labels(from: file(size: #""imageHeight": 4, "imageWidth": 0"#))
        }
    }

    @Test("Unknown labels and flags, options not in the schema, two options at once")
    func unknown() {
        #expect(throws: LabelMeImportError.unknownLabel("cup")) { try importer.labels(from: file(shapes: shape("cup", "point", "[[1, 1]]"))) }
        #expect(throws: LabelMeImportError.unknownLabel("blurry")) { try importer.labels(from: file(flags: #"{"blurry": true}"#)) }
        #expect(throws: LabelMeImportError.unknownLabel("disc=yes")) { try importer.labels(from: file(flags: #"{"disc=yes": true}"#)) }
        #expect(throws: LabelMeImportError.optionNotInSchema(field: "stage", option: "6")) {
            try importer.labels(from: file(flags: #"{"stage=6": true}"#))
        }
        #expect(throws: LabelMeImportError.optionNotInSchema(field: "zone", option: "IV")) {
            try importer.labels(from: file(flags: #"{"zone=IV": false}"#))
        }
        #expect(throws: LabelMeImportError.conflictingOptions(field: "zone", options: ["I", "II"])) {
            try importer.labels(from: file(flags: #"{"zone=I": true, "zone=II": true}"#))
        }
    }

    @Test("Bad points and shapes that cannot hold the field")
    func badShapes() {
        #expect(throws: LabelMeImportError.badPoints(label: "disc")) { try importer.labels(from: file(shapes: shape("disc", "rectangle", "[[1, 1]]"))) }
        #expect(throws: LabelMeImportError.badPoints(label: "fovea")) { try importer.labels(from: file(shapes: shape("fovea", "point", "[[1, 1, 1]]"))) }
        #expect(throws: LabelMeImportError.badPoints(label: "fovea")) { try importer.labels(from: file(shapes: shape("fovea", "point", "[[1, 1], [2, 2]]"))) }
        #expect(throws: LabelMeImportError.badPoints(label: "ridge")) { try importer.labels(from: file(shapes: shape("ridge", "linestrip", "[[1, 1]]"))) }
        #expect(throws: LabelMeImportError.badPoints(label: "ridge")) { try importer.labels(from: file(shapes: shape("ridge", "line", "[[1, 1], [2, 2], [3, 3]]"))) }
        #expect(throws: LabelMeImportError.wrongShapeType(label: "disc", shapeType: "point", fieldKind: "box")) {
            try importer.labels(from: file(shapes: shape("disc", "point", "[[1, 1]]")))
        }
        #expect(throws: LabelMeImportError.wrongShapeType(label: "zone", shapeType: "point", fieldKind: "categorical")) {
            try importer.labels(from: file(shapes: shape("zone", "point", "[[1, 1]]")))
        }
        #expect(throws: LabelMeImportError.wrongShapeType(label: "disc", shapeType: "circle", fieldKind: "box")) {
            try importer.labels(from: file(shapes: shape("disc", "circle", "[[1, 1], [4, 4]]")))
        }
        #expect(throws: LabelMeImportError.invalidLabel(.outsideImage(field: "fovea"))) {
            try importer.labels(from: file(shapes: shape("fovea", "point", "[[641, 1]]")))
        }
        let twoDiscs = #"[{"label": "disc", "shape_type": "rectangle", "points": [[1, 1], [5, 5]]}, {"label": "disc", "shape_type": "rectangle", "points": [[2, 2], [6, 6]]}]"#
        #expect(throws: LabelMeImportError.duplicateLabel("disc")) { try importer.labels(from: file(shapes: twoDiscs)) }
    }

    @Test("Descriptions name keys and labels, never a note's text")
    func descriptions() {
        #expect(LabelMeImportError.optionNotInSchema(field: "stage", option: "6").description == "field stage has no option 6")
        #expect(LabelMeImportError.missingKey("imagePath").description == "the LabelMe file has no imagePath")
        #expect(LabelExportError.invalidLabel(photograph: "p", .outsideImage(field: "fovea")).description
            == "photograph p: field fovea: coordinates outside the image")
    }
}
