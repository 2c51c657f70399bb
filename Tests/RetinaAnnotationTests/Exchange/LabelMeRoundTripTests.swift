import Foundation
import Testing
@testable import RetinaAnnotation

@Suite("LabelMe export and import")
struct LabelMeRoundTripTests {
    typealias Field = LabelSchema.ICROP3Field
    let export = LabelMeExport()
    let importer = LabelMeImport()

    @Test("A label set written as LabelMe JSON reads back exactly: labels, path, size, split, provenance",
          arguments: ExchangeSamples.all)
    func roundTrip(photograph: LabelledPhotograph) throws {
        let json = try export.json(for: photograph)
        let imported = try importer.photograph(from: json)
        #expect(imported == photograph)
        #expect(try importer.labels(from: json) == photograph.labels)
        // And again: the second export is byte for byte the first.
        #expect(try export.json(for: imported) == json)
    }

    @Test("The file has LabelMe 5.x's keys and shapes")
    func structure() throws {
        let json = try export.json(for: ExchangeSamples.full)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["version", "flags", "shapes", "imagePath", "imageData", "imageHeight", "imageWidth", "ropscreen"])
        #expect((object["version"] as? String)?.hasPrefix("5.") == true)
        #expect(object["imageData"] is NSNull)
        #expect(object["imagePath"] as? String == "images/RetCam_01.png")
        #expect(object["imageWidth"] as? Int == 640 && object["imageHeight"] as? Int == 480)

        let flags = try #require(object["flags"] as? [String: Bool])
        #expect(flags["zone=posterior II"] == true && flags["zone=II"] == false && flags["stage=3"] == true)
        #expect(flags["extent_clock_hours=12"] == true && flags["image_quality=usable"] == true)
        // One flag per option of every categorical field, exactly one true per labelled field.
        let optionCount = LabelSchema.icrop3.classificationFields.compactMap { $0.kind.options?.values.count }.reduce(0, +)
        #expect(flags.count == optionCount && flags.values.count(where: { $0 }) == 7)

        let shapes = try #require(object["shapes"] as? [[String: Any]])
        #expect(shapes.map { $0["label"] as? String } == [Field.disc, Field.fovea, Field.ridge])
        #expect(shapes.map { $0["shape_type"] as? String } == ["rectangle", "point", "linestrip"])
        for shape in shapes {
            #expect(Set(shape.keys) == ["label", "points", "shape_type", "group_id", "description", "flags", "mask"])
            #expect(shape["group_id"] is NSNull && shape["mask"] is NSNull)
        }
        let disc = try #require(shapes.first?["points"] as? [[Double]])
        #expect(disc.count == 2 && disc[0] == [101.25, 200.1])

        let ropscreen = try #require(object["ropscreen"] as? [String: Any])
        #expect((ropscreen["notes"] as? [String: String])?[Field.note] == "faint ridge, temporal")
        #expect(ropscreen["schema"] as? String == "ICROP3" && ropscreen["split"] as? String == "train")
    }

    @Test("A brush mask survives in the ropscreen object")
    func maskRoundTrip() throws {
        let schema = try LabelSchema(name: "vessels", fields: [LabelField("vessels", .brushMask), LabelField("note", .note)])
        var mask = BinaryMask(width: 8, height: 6)
        mask[1, 1] = true
        mask[7, 5] = true
        let photograph = LabelledPhotograph(photograph: "v1", imagePath: "v1.png", imageSize: ImageSize(width: 8, height: 6),
                                            labels: ["vessels": .mask(mask), "note": .note("")])
        let json = try LabelMeExport(schema: schema).json(for: photograph)
        #expect(try LabelMeImport(schema: schema).photograph(from: json) == photograph)
    }

    @Test("A file as LabelMe itself writes it imports: embedded image data, null descriptions, rectangle drawn backwards")
    func labelMeWritten() throws {
        let json = Data("""
        {
          "version": "5.4.1",
          "flags": {"zone=II": true, "zone=I": false, "plus=plus": true},
          "shapes": [
            {"label": "disc", "points": [[300, 250.5], [250, 200]], "group_id": null, "description": null,
             "shape_type": "rectangle", "flags": {}, "mask": null},
            {"label": "fovea", "points": [[400, 260]], "group_id": 3, "description": "approx",
             "shape_type": "point", "flags": {}},
            {"label": "ridge", "points": [[10, 10], [50, 10], [50, 40]], "group_id": null,
             "shape_type": "polygon", "flags": null}
          ],
          "imagePath": "../images/x.png",
          "imageData": "iVBORw0KGgo=",
          "imageHeight": 480,
          "imageWidth": 640
        }
        """.utf8)
        let photograph = try importer.photograph(from: json)
        #expect(photograph.photograph == "../images/x.png" && photograph.split == nil && photograph.provenance.isEmpty)
        #expect(photograph.labels == [
            Field.zone: .option("II"), Field.plus: .option("plus"),
            Field.disc: .box(BoundingBox(x: 250, y: 200, width: 50, height: 50.5)),
            Field.fovea: .point(ImagePoint(x: 400, y: 260)),
            // A polygon becomes the open line back to its first vertex.
            Field.ridge: .polyline([ImagePoint(x: 10, y: 10), ImagePoint(x: 50, y: 10), ImagePoint(x: 50, y: 40), ImagePoint(x: 10, y: 10)]),
        ])
    }
}
