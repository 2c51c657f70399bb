import Foundation
@testable import RetinaAnnotation

/// Label sets shared by the exchange tests: made up here, none from the shared datasets.
enum ExchangeSamples {
    typealias Field = LabelSchema.ICROP3Field
    static let imageSize = ImageSize(width: 640, height: 480)

    /// Every ICROP3 field filled, with coordinates that do not print short.
    static let fullLabels: [String: LabelValue] = [
        Field.zone: .option("posterior II"), Field.stage: .option("3"), Field.plus: .option("pre-plus"),
        Field.aggressiveROP: .option("no"), Field.extent: .option("12"), Field.eye: .option("right"),
        Field.quality: .option("usable"),
        Field.disc: .box(BoundingBox(x: 101.25, y: 200.1, width: 60.3, height: 58.6)),
        Field.fovea: .point(ImagePoint(x: 0.1 + 0.2, y: 1.0 / 3.0)),
        Field.ridge: .polyline([ImagePoint(x: 10.123456789, y: 20.5), ImagePoint(x: 300, y: 100.000001),
                                ImagePoint(x: 639.999, y: 479.5)]),
        Field.note: .note("faint ridge, temporal"),
    ]

    static let full = LabelledPhotograph(
        photograph: "p-0001", imagePath: "images/RetCam_01.png", imageSize: imageSize, split: "train",
        labels: fullLabels,
        provenance: [
            Field.stage: ReferenceValue(value: .option("3"), agreed: ["dr-a"], overruled: ["dr-b"], adjudicator: "dr-c"),
            Field.plus: ReferenceValue(value: nil, agreed: [], overruled: ["dr-a", "dr-b"], adjudicator: "dr-c"),
        ],
        sourceColumns: ["vessel_mask": "masks/vessel/RetCam_01.png"])

    static let empty = LabelledPhotograph(photograph: "images/empty.png", imagePath: "images/empty.png",
                                          imageSize: imageSize, labels: [:])

    static let awkwardNote = LabelledPhotograph(
        photograph: "p-0003", imagePath: "images/Neo, \"third\".jpg", imageSize: ImageSize(width: 1020, height: 1020),
        split: "test",
        labels: [
            Field.note: .note("He said \"stage 2?\", then\nnext line; tab\tand unicode: ëñ 網膜 👶🏽 \\ / {}"),
            Field.stage: .option("0"), Field.eye: .option("left"), Field.quality: .option("good"),
        ])

    /// A ridge of 500 vertices along a wave, at irrational-looking coordinates.
    static let longRidge = LabelledPhotograph(
        photograph: "p-0004", imagePath: "images/long.png", imageSize: imageSize,
        labels: [
            Field.ridge: .polyline((0..<500).map { index in
                let t = Double(index) / 499
                return ImagePoint(x: 20 + 600 * t, y: 240 + 200 * sin(t * 17.3) * exp(-t))
            }),
            Field.aggressiveROP: .option("yes"), Field.zone: .option("I"),
        ])

    static let all = [full, empty, awkwardNote, longRidge]
}
