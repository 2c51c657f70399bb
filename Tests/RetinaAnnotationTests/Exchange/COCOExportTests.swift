import Foundation
import Testing
@testable import RetinaAnnotation

@Suite("COCO JSON export")
struct COCOExportTests {
    typealias Field = LabelSchema.ICROP3Field
    let export = COCOExport(info: .init(description: "ropscreen test export", dateCreated: Date(timeIntervalSince1970: 1_750_000_000)))

    func document(_ photographs: [LabelledPhotograph]) throws -> [String: Any] {
        let json = try export.json(for: photographs)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    @Test("A valid COCO structure: unique ids, references that resolve, bbox [x, y, w, h] and area")
    func structure() throws {
        let object = try document(ExchangeSamples.all)
        #expect(Set(object.keys) == ["info", "licenses", "images", "annotations", "categories"])
        let info = try #require(object["info"] as? [String: Any])
        #expect(info["year"] as? Int == 2025 && info["date_created"] as? String == "2025-06-15T15:06:40Z")

        let images = try #require(object["images"] as? [[String: Any]])
        let annotations = try #require(object["annotations"] as? [[String: Any]])
        let categories = try #require(object["categories"] as? [[String: Any]])
        #expect(categories.compactMap { $0["name"] as? String } == [Field.disc, Field.fovea, Field.ridge])
        #expect(images.compactMap { $0["file_name"] as? String } == ExchangeSamples.all.map(\.imagePath))

        let imageIDs = images.compactMap { $0["id"] as? Int }, categoryIDs = categories.compactMap { $0["id"] as? Int }
        let annotationIDs = annotations.compactMap { $0["id"] as? Int }
        #expect(Set(imageIDs).count == images.count && Set(categoryIDs).count == categories.count)
        #expect(Set(annotationIDs).count == annotations.count && annotationIDs.count == annotations.count)
        // full: disc, fovea, ridge; empty and awkwardNote: none; longRidge: ridge.
        #expect(annotations.count == 4)
        for annotation in annotations {
            #expect(imageIDs.contains(annotation["image_id"] as? Int ?? -1))
            #expect(categoryIDs.contains(annotation["category_id"] as? Int ?? -1))
            let bbox = try #require(annotation["bbox"] as? [Double])
            #expect(bbox.count == 4 && bbox[2] >= 0 && bbox[3] >= 0)
            #expect(annotation["area"] is Double || annotation["area"] is Int)
            #expect(annotation["iscrowd"] as? Int == 0 && annotation["segmentation"] != nil)
        }
    }

    /// The annotation fields the drawing test reads, decoded with `JSONDecoder`, which reads
    /// doubles back exactly (`JSONSerialization` on Linux can be off in the last digit).
    struct DecodedAnnotation: Decodable {
        let categoryID: Int
        let bbox: [Double]
        let area: Double
        let keypoints: [Double]?
        let keypointCount: Int?
        let polyline: [[Double]]?
        let segmentation: [[Double]]

        private enum CodingKeys: String, CodingKey {
            case categoryID = "category_id", bbox, area, keypoints, keypointCount = "num_keypoints", polyline, segmentation
        }
    }

    struct DecodedFile: Decodable {
        struct Category: Decodable {
            let id: Int
            let name: String
            let keypoints: [String]?
        }
        let annotations: [DecodedAnnotation]
        let categories: [Category]
    }

    @Test("Disc as a box, fovea as a keypoint with a 1-pixel box, ridge as a polygon with its exact vertices")
    func drawings() throws {
        let file = try JSONDecoder().decode(DecodedFile.self, from: try export.json(for: [ExchangeSamples.full]))
        func annotation(_ name: String) throws -> DecodedAnnotation {
            let id = try #require(file.categories.first { $0.name == name }?.id)
            return try #require(file.annotations.first { $0.categoryID == id })
        }
        let disc = try annotation(Field.disc)
        let box = BoundingBox(x: 101.25, y: 200.1, width: 60.3, height: 58.6)
        #expect(disc.bbox == [box.minX, box.minY, box.width, box.height] && disc.area == box.area)
        #expect(disc.segmentation == [[box.minX, box.minY, box.maxX, box.minY, box.maxX, box.maxY, box.minX, box.maxY]])

        let fovea = try annotation(Field.fovea)
        let point = ImagePoint(x: 0.1 + 0.2, y: 1.0 / 3.0)
        #expect(fovea.keypoints == [point.x, point.y, 2] && fovea.keypointCount == 1)
        #expect(fovea.bbox == [point.x - 0.5, point.y - 0.5, 1, 1] && fovea.area == 1)
        #expect(file.categories.first { $0.name == Field.fovea }?.keypoints == [Field.fovea])

        let ridge = try annotation(Field.ridge)
        let points = try #require(ExchangeSamples.fullLabels[Field.ridge]?.polyline)
        #expect(ridge.polyline == points.map { [$0.x, $0.y] })
        #expect(ridge.segmentation == [points.flatMap { [$0.x, $0.y] }])
        #expect(ridge.bbox == [10.123456789, 20.5, 639.999 - 10.123456789, 479.5 - 20.5])
        #expect(ridge.keypoints == nil && disc.polyline == nil)
    }

    @Test("Classification labels and notes are image attributes; split, id and provenance ride along")
    func attributes() throws {
        let object = try document([ExchangeSamples.full, ExchangeSamples.awkwardNote])
        let images = try #require(object["images"] as? [[String: Any]])
        let full = try #require(images.first?["attributes"] as? [String: String])
        #expect(full == [
            Field.zone: "posterior II", Field.stage: "3", Field.plus: "pre-plus", Field.aggressiveROP: "no",
            Field.extent: "12", Field.eye: "right", Field.quality: "usable", Field.note: "faint ridge, temporal",
        ])
        #expect(images.first?["split"] as? String == "train" && images.first?["photograph"] as? String == "p-0001")
        let provenance = try #require(images.first?["provenance"] as? [String: [String: Any]])
        #expect(provenance[Field.stage]?["adjudicator"] as? String == "dr-c")
        let awkward = try #require(images.last?["attributes"] as? [String: String])
        #expect(awkward[Field.note] == ExchangeSamples.awkwardNote.labels[Field.note].flatMap { if case .note(let text) = $0 { text } else { nil } })
    }

    @Test("A brush mask becomes column-major uncompressed RLE with its pixel count as area")
    func mask() throws {
        let schema = try LabelSchema(name: "vessels", fields: [LabelField("vessels", .brushMask)])
        var mask = BinaryMask(width: 3, height: 2)
        mask[1, 0] = true
        mask[1, 1] = true
        mask[2, 1] = true
        let photograph = LabelledPhotograph(photograph: "v", imagePath: "v.png", imageSize: ImageSize(width: 3, height: 2),
                                            labels: ["vessels": .mask(mask)])
        let json = try COCOExport(schema: schema, info: export.info).json(for: [photograph])
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let annotation = try #require((object["annotations"] as? [[String: Any]])?.first)
        let segmentation = try #require(annotation["segmentation"] as? [String: Any])
        // Columns: x0 = (0,0), x1 = (1,1), x2 = (0,1): unset 2, set 2, unset 1, set 1.
        #expect(segmentation["size"] as? [Int] == [2, 3] && segmentation["counts"] as? [Int] == [2, 2, 1, 1])
        #expect(annotation["area"] as? Double == 3 && annotation["bbox"] as? [Double] == [1, 0, 2, 2])
    }

    @Test("Invalid labels are refused")
    func errors() {
        let bad = LabelledPhotograph(photograph: "p", imagePath: "a.png", imageSize: ExchangeSamples.imageSize,
                                     labels: ["cup": .point(ImagePoint(x: 1, y: 1))])
        #expect(throws: LabelExportError.invalidLabel(photograph: "p", .unknownField("cup"))) { try export.json(for: [bad]) }
    }
}
