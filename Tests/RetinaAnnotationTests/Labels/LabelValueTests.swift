import Foundation
import Testing
@testable import RetinaAnnotation

@Suite("Label values and drawings")
struct LabelValueTests {
    @Test("Annotations survive JSON; values are keyed by their kind and masks are run-length coded")
    func jsonRoundTrip() throws {
        var mask = BinaryMask(width: 4, height: 2)
        mask[1, 0] = true
        mask[2, 0] = true
        mask[3, 1] = true
        let annotation = Annotation(photograph: "p1", annotator: "ann", labels: [
            "zone": .option("I"), "fovea": .point(ImagePoint(x: 1.5, y: 2)), "vessels": .mask(mask),
            "ridge": .polyline([ImagePoint(x: 0, y: 0), ImagePoint(x: 3, y: 4)]),
            "disc": .box(BoundingBox(x: 1, y: 2, width: 3, height: 4)), "note": .note("n"),
        ])
        let data = try JSONEncoder().encode(annotation)
        #expect(try JSONDecoder().decode(Annotation.self, from: data) == annotation)
        let maskJSON = String(decoding: try JSONEncoder().encode(mask), as: UTF8.self)
        #expect(maskJSON.contains(#""runs":[1,2,4,1]"#))
        #expect(String(decoding: try JSONEncoder().encode(LabelValue.option("II")), as: UTF8.self) == #"{"option":"II"}"#)
        let corrupt = Data(#"{"width":2,"height":2,"runs":[1,1]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BinaryMask.self, from: corrupt) }
    }

    @Test("Masks refuse pixel counts that do not match their size")
    func maskSize() {
        #expect(throws: BinaryMask.SizeMismatch(expected: 4, found: 3)) {
            try BinaryMask(width: 2, height: 2, pixels: [true, false, true])
        }
    }

    @Test("Boxes order their corners and intersect")
    func boxes() {
        let box = BoundingBox(from: ImagePoint(x: 4, y: 4), to: ImagePoint(x: 0, y: 1))
        #expect(box.minX == 0 && box.minY == 1 && box.area == 12)
        #expect(box.intersection(BoundingBox(x: 10, y: 10, width: 1, height: 1)) == nil)
    }

    @Test("A polyline is rasterised as a stroke of pixels whose centres lie within half the thickness")
    func polylineStroke() {
        // A horizontal line through the pixel centres of row 2, thickness 1 (radius 0.5):
        // row 2, columns 1…4 (centres 1.5…4.5); rows 1 and 3 are 1 away.
        let mask = BinaryMask(polyline: [ImagePoint(x: 1.5, y: 2.5), ImagePoint(x: 4.5, y: 2.5)], thickness: 1, width: 8, height: 5)
        #expect(mask.area == 4)
        #expect((1...4).allSatisfy { mask[$0, 2] } && !mask[0, 2] && !mask[5, 2] && !mask[2, 1])
        let shifted = BinaryMask(polyline: [ImagePoint(x: 1.5, y: 2.5), ImagePoint(x: 4.5, y: 2.5)], thickness: 1,
                                 width: 8, height: 5, origin: (1, 0))
        #expect(shifted[0, 2] && shifted.area == 4)
    }
}
