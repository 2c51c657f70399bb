/// The COCO JSON object format (`info`, `licenses`, `images`, `annotations`, `categories`)
/// as `COCOExport` writes it; keys COCO does not define are ropscreen's, documented there.
struct COCODocument: Encodable {
    var info: Info
    var licenses: [License] = []
    var images: [Image]
    var annotations: [Annotation]
    var categories: [Category]
}

extension COCODocument {
    struct Info: Encodable {
        var description: String
        var version: String
        var year: Int
        var contributor: String
        var url: String
        var dateCreated: String
        /// ropscreen: the label schema the export follows.
        var schema: String

        private enum CodingKeys: String, CodingKey {
            case description, version, year, contributor, url, dateCreated = "date_created", schema
        }
    }

    struct License: Encodable {
        var id: Int
        var name: String
        var url: String
    }

    struct Image: Encodable {
        var id: Int
        var fileName: String
        var width: Int
        var height: Int
        /// ropscreen: the project's photograph id.
        var photograph: String
        /// ropscreen: `train` / `test`, where set.
        var split: String?
        /// ropscreen: the image-level labels, categorical options and notes, by field name.
        var attributes: [String: String]
        /// ropscreen: where each reference field came from.
        var provenance: [String: ReferenceValue]?

        private enum CodingKeys: String, CodingKey {
            case id, fileName = "file_name", width, height, photograph, split, attributes, provenance
        }
    }

    struct Annotation: Encodable {
        var id: Int
        var imageID: Int
        var categoryID: Int
        /// `[x, y, width, height]`, x and y the top-left corner.
        var bbox: [Double]
        var area: Double
        var iscrowd: Int = 0
        var segmentation: Segmentation
        /// `[x, y, visibility]` per keypoint of the category, for point fields.
        var keypoints: [Double]?
        var numKeypoints: Int?
        /// ropscreen: a polyline field's vertices exactly, in order (`[[x, y], …]`).
        var polyline: [[Double]]?

        private enum CodingKeys: String, CodingKey {
            case id, imageID = "image_id", categoryID = "category_id", bbox, area, iscrowd, segmentation, keypoints,
                 numKeypoints = "num_keypoints", polyline
        }
    }

    /// COCO's two segmentation forms: polygons (`[[x1, y1, x2, y2, …]]`) or uncompressed
    /// run-length (`{"size": [height, width], "counts": […]}`, column-major, starting unset).
    enum Segmentation: Encodable {
        case polygons([[Double]])
        case runLength(height: Int, width: Int, counts: [Int])

        private enum RunLengthKeys: String, CodingKey { case size, counts }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .polygons(let polygons):
                var container = encoder.singleValueContainer()
                try container.encode(polygons)
            case .runLength(let height, let width, let counts):
                var container = encoder.container(keyedBy: RunLengthKeys.self)
                try container.encode([height, width], forKey: .size)
                try container.encode(counts, forKey: .counts)
            }
        }
    }

    struct Category: Encodable {
        var id: Int
        var name: String
        var supercategory: String
        /// For point fields: the one keypoint, named after the field.
        var keypoints: [String]?
        var skeleton: [[Int]]?
    }
}
