/// When two annotators' values of a field count as the same, for finding disagreements and
/// for crediting annotators with the final value.
///
/// Categories and notes agree only when equal; points within `pointTolerance`; boxes, masks
/// and polylines when their Dice reaches `minimumDice`. A field one annotator labelled and
/// another left empty is a disagreement.
public struct AdjudicationPolicy: Sendable, Hashable, Codable {
    /// Pixels between two points that still agree.
    public var pointTolerance: Double
    /// Dice at or above which drawn regions agree.
    public var minimumDice: Double
    /// Stroke width in pixels at which polylines are rasterised for Dice.
    public var polylineThickness: Double

    public init(pointTolerance: Double = 10, minimumDice: Double = 0.8, polylineThickness: Double = 5) {
        self.pointTolerance = pointTolerance
        self.minimumDice = minimumDice
        self.polylineThickness = polylineThickness
    }

    public func agree(_ first: LabelValue?, _ second: LabelValue?) -> Bool {
        switch (first, second) {
        case (nil, nil): true
        case (.point(let a), .point(let b)): a.distance(to: b) <= pointTolerance
        case (.box(let a), .box(let b)): DiceCoefficient.between(a, b) >= minimumDice
        case (.polyline(let a), .polyline(let b)):
            DiceCoefficient.between(polyline: a, b, thickness: polylineThickness) >= minimumDice
        case (.mask(let a), .mask(let b)): ((try? DiceCoefficient.between(a, b)) ?? 0) >= minimumDice
        default: first == second
        }
    }

    /// The one value standing for values that all agree: the common option or note, the
    /// mean point, the box of mean corners, the pixel-wise majority of masks (ties set), and
    /// for polylines the one closest, by mean Dice, to the others (first in order on ties).
    func consensus(of values: [LabelValue]) -> LabelValue? {
        guard let first = values.first else { return nil }
        let count = Double(values.count)
        switch first {
        case .option, .note:
            return first
        case .point:
            let points = values.compactMap(\.point)
            return .point(ImagePoint(x: points.reduce(0) { $0 + $1.x } / count, y: points.reduce(0) { $0 + $1.y } / count))
        case .box:
            let boxes = values.compactMap(\.box)
            func mean(_ coordinate: (BoundingBox) -> Double) -> Double { boxes.reduce(0) { $0 + coordinate($1) } / count }
            return .box(BoundingBox(from: ImagePoint(x: mean(\.minX), y: mean(\.minY)),
                                    to: ImagePoint(x: mean(\.maxX), y: mean(\.maxY))))
        case .mask(let template):
            let masks = values.compactMap(\.mask).filter { $0.size == template.size }
            var votes = Array(repeating: 0, count: template.pixels.count)
            for mask in masks { for (index, pixel) in mask.pixels.enumerated() where pixel { votes[index] += 1 } }
            let majority = (try? BinaryMask(width: template.width, height: template.height,
                                            pixels: votes.map { 2 * $0 >= masks.count })) ?? template
            return .mask(majority)
        case .polyline:
            let lines = values.compactMap(\.polyline)
            let closeness = lines.map { line in
                lines.reduce(0) { $0 + DiceCoefficient.between(polyline: line, $1, thickness: polylineThickness) }
            }
            let best = closeness.indices.max { closeness[$0] < closeness[$1] } ?? 0
            return .polyline(lines[best])
        }
    }
}
