/// Overlap of two drawn regions, 2|A ∩ B| / (|A| + |B|): 1 for the same region, 0 for
/// disjoint ones. Two empty regions agree that there is nothing to draw and score 1.
public enum DiceCoefficient {
    public static func between(_ first: BinaryMask, _ second: BinaryMask) throws(AgreementError) -> Double {
        guard first.size == second.size else { throw .maskSizesDiffer(first.size, second.size) }
        let both = zip(first.pixels, second.pixels).count(where: { $0 && $1 })
        return dice(overlap: Double(both), Double(first.area), Double(second.area))
    }

    /// Boxes compared by area in continuous pixel coordinates.
    public static func between(_ first: BoundingBox, _ second: BoundingBox) -> Double {
        dice(overlap: first.intersection(second)?.area ?? 0, first.area, second.area)
    }

    /// Polylines rasterised as strokes `thickness` pixels wide (`BinaryMask(polyline:…)`) on
    /// the image grid, over the patch that holds both.
    public static func between(polyline first: [ImagePoint], _ second: [ImagePoint], thickness: Double) -> Double {
        let points = first + second
        guard !points.isEmpty, points.allSatisfy(\.isFinite) else { return first.isEmpty && second.isEmpty ? 1 : 0 }
        let margin = max(thickness, 0) / 2 + 1
        let xs = points.map(\.x), ys = points.map(\.y)
        let lowX = Int((xs.reduce(.infinity, min) - margin).rounded(.down))
        let lowY = Int((ys.reduce(.infinity, min) - margin).rounded(.down))
        let highX = Int((xs.reduce(-.infinity, max) + margin).rounded(.up))
        let highY = Int((ys.reduce(-.infinity, max) + margin).rounded(.up))
        let width = highX - lowX, height = highY - lowY
        func stroke(_ line: [ImagePoint]) -> BinaryMask {
            line.isEmpty ? BinaryMask(width: width, height: height)
                : BinaryMask(polyline: line, thickness: thickness, width: width, height: height, origin: (lowX, lowY))
        }
        let a = stroke(first), b = stroke(second)
        let both = zip(a.pixels, b.pixels).count(where: { $0 && $1 })
        return dice(overlap: Double(both), Double(a.area), Double(b.area))
    }

    private static func dice(overlap: Double, _ first: Double, _ second: Double) -> Double {
        first + second > 0 ? 2 * overlap / (first + second) : 1
    }
}
