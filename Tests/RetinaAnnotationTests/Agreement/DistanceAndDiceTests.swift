import Testing
@testable import RetinaAnnotation

@Suite("Point distances and Dice against hand-computed values")
struct DistanceAndDiceTests {
    @Test("Mean point distance")
    func pointDistance() throws {
        // (0,0)–(3,4) is 5 apart, (1,1)–(1,1) 0 apart → mean 2.5.
        let distance = try MeanPointDistance([ImagePoint(x: 0, y: 0), ImagePoint(x: 1, y: 1)],
                                             [ImagePoint(x: 3, y: 4), ImagePoint(x: 1, y: 1)])
        #expect(distance.value == 2.5 && distance.itemCount == 2)
        #expect(throws: AgreementError.noItems) { try MeanPointDistance([], []) }
        #expect(throws: AgreementError.mismatchedCounts(first: 1, second: 0)) { try MeanPointDistance([ImagePoint(x: 0, y: 0)], []) }
    }

    @Test("Dice of boxes")
    func boxes() {
        // [0,4]² and [2,6]²: areas 16 and 16, overlap [2,4]² = 4 → 2·4/32 = 0.25.
        let a = BoundingBox(x: 0, y: 0, width: 4, height: 4), b = BoundingBox(x: 2, y: 2, width: 4, height: 4)
        #expect(DiceCoefficient.between(a, b) == 0.25)
        #expect(DiceCoefficient.between(a, a) == 1)
        #expect(DiceCoefficient.between(a, BoundingBox(x: 10, y: 10, width: 1, height: 1)) == 0)
        let empty = BoundingBox(x: 1, y: 1, width: 0, height: 0)
        #expect(DiceCoefficient.between(empty, empty) == 1)
    }

    @Test("Dice of masks")
    func masks() throws {
        // 3×3: A the top row (3 pixels), B the left column (3); they share the corner → 2·1/6 = 1/3.
        var a = BinaryMask(width: 3, height: 3), b = BinaryMask(width: 3, height: 3)
        for i in 0..<3 {
            a[i, 0] = true
            b[0, i] = true
        }
        #expect(abs(try DiceCoefficient.between(a, b) - 1.0 / 3) < 1e-12)
        #expect(try DiceCoefficient.between(BinaryMask(width: 3, height: 3), BinaryMask(width: 3, height: 3)) == 1)
        #expect(throws: AgreementError.maskSizesDiffer(ImageSize(width: 3, height: 3), ImageSize(width: 2, height: 3))) {
            try DiceCoefficient.between(a, BinaryMask(width: 2, height: 3))
        }
    }

    @Test("Dice of rasterised polylines")
    func polylines() {
        // Thickness 1 along row 5 (centres y = 5.5): A covers columns 0…9 (10 pixels), B columns 5…14
        // (10 pixels); they share 5…9 (5 pixels) → 2·5/20 = 0.5.
        let a = [ImagePoint(x: 0.5, y: 5.5), ImagePoint(x: 9.5, y: 5.5)]
        let b = [ImagePoint(x: 5.5, y: 5.5), ImagePoint(x: 14.5, y: 5.5)]
        #expect(DiceCoefficient.between(polyline: a, b, thickness: 1) == 0.5)
        #expect(DiceCoefficient.between(polyline: a, a, thickness: 3) == 1)
        #expect(DiceCoefficient.between(polyline: a, [ImagePoint(x: 0.5, y: 50.5), ImagePoint(x: 9.5, y: 50.5)], thickness: 1) == 0)
    }
}
