import Testing
@testable import RetinaAnnotation

@Suite("Label values checked against the schema")
struct LabelValidationTests {
    let schema = LabelSchema.icrop3
    let image = ImageSize(width: 640, height: 480)

    @Test("Values of the right kind, on the image, pass")
    func validValues() throws {
        let annotation = Annotation(photograph: "p1", annotator: "ann", labels: [
            "zone": .option("II"), "stage": .option("3"), "plus": .option("pre-plus"),
            "disc": .box(BoundingBox(x: 10, y: 10, width: 50, height: 50)),
            "fovea": .point(ImagePoint(x: 640, y: 0)),
            "ridge": .polyline([ImagePoint(x: 1, y: 1), ImagePoint(x: 100, y: 200)]),
            "note": .note("faint"),
        ])
        try schema.validate(annotation, imageSize: image)
    }

    @Test("Each kind of error is named")
    func errors() {
        #expect(throws: LabelValidationError.unknownField("colour")) {
            try schema.validate(.option("red"), forField: "colour")
        }
        #expect(throws: LabelValidationError.optionNotInSchema(field: "stage", option: "6")) {
            try schema.validate(.option("6"), forField: "stage")
        }
        #expect(throws: LabelValidationError.wrongKind(field: "fovea", expected: "point", found: "categorical")) {
            try schema.validate(.option("I"), forField: "fovea")
        }
        #expect(throws: LabelValidationError.outsideImage(field: "fovea")) {
            try schema.validate(.point(ImagePoint(x: 641, y: 10)), forField: "fovea", imageSize: image)
        }
        #expect(throws: LabelValidationError.outsideImage(field: "disc")) {
            try schema.validate(.box(BoundingBox(x: -1, y: 0, width: 10, height: 10)), forField: "disc", imageSize: image)
        }
        #expect(throws: LabelValidationError.outsideImage(field: "fovea")) {
            try schema.validate(.point(ImagePoint(x: .nan, y: 0)), forField: "fovea")
        }
        #expect(throws: LabelValidationError.tooFewPoints(field: "ridge")) {
            try schema.validate(.polyline([ImagePoint(x: 1, y: 1)]), forField: "ridge")
        }
        let masks = try? LabelSchema(name: "m", fields: [LabelField("vessels", .brushMask)])
        #expect(throws: LabelValidationError.maskSizeMismatch(field: "vessels", expected: image, found: ImageSize(width: 2, height: 2))) {
            try masks?.validate(.mask(BinaryMask(width: 2, height: 2)), forField: "vessels", imageSize: image)
        }
    }
}
