import Testing
@testable import RetinaMetrics

@Suite("Distribution distances")
struct DistributionDistanceTests {
    /// Mean 0, unbiased covariance diag(2/3, 8/3).
    static let cross: [[Double]] = [[1, 0], [-1, 0], [0, 2], [0, -2]]
    /// Twice as wide, moved by (3, 4): mean (3, 4), covariance diag(8/3, 32/3).
    static let wider: [[Double]] = cross.map { [2 * $0[0] + 3, 2 * $0[1] + 4] }
    /// By hand: ‖μa − μb‖² + Σ (√σa − √σb)² = 25 + 2/3 (1 − 2)² + 8/3 (1 − 2)² = 25 + 10/3.
    static let expectedFrechet = 25 + 10.0 / 3

    @Test("The Fréchet distance matches the hand-computed value, through the covariances and through the Gram matrix")
    func frechet() throws {
        let value = try FrechetDistance.distance(FeatureMatrix(Self.cross), FeatureMatrix(Self.wider))
        #expect(abs(value - Self.expectedFrechet) < 1e-9)
        // Four vectors of six features (zeros added): the n × n route must agree.
        let pad = { (rows: [[Double]]) in rows.map { $0 + [0, 0, 0, 0] } }
        let wide = try FrechetDistance.distance(FeatureMatrix(pad(Self.cross)), FeatureMatrix(pad(Self.wider)))
        #expect(abs(wide - Self.expectedFrechet) < 1e-9)
        // A rotation of both sets changes nothing; a set against itself is 0.
        let (c, s) = (0.6, 0.8)
        let rotate = { (rows: [[Double]]) in rows.map { [c * $0[0] - s * $0[1], s * $0[0] + c * $0[1]] } }
        let rotated = try FrechetDistance.distance(FeatureMatrix(rotate(Self.cross)), FeatureMatrix(rotate(Self.wider)))
        #expect(abs(rotated - Self.expectedFrechet) < 1e-9)
        #expect(try FrechetDistance.distance(FeatureMatrix(Self.wider), FeatureMatrix(Self.wider)) < 1e-9)
        #expect(throws: DistributionDistanceError.self) { try FrechetDistance.distance(FeatureMatrix([[1, 2]]), FeatureMatrix(Self.cross)) }
    }

    @Test("The kernel distance is the hand-computed unbiased MMD² with the cubic kernel")
    func kernel() throws {
        // d = 1, k(x, y) = (xy + 1)³. a = {0, 1}: k(0, 1) = 1. b = {2, 3}: k(2, 3) = 343.
        // Cross: k(0, 2) = k(0, 3) = 1, k(1, 2) = 27, k(1, 3) = 64, mean 93/4. MMD² = 1 + 343 − 2 · 93/4 = 297.5.
        let (a, b) = (try FeatureMatrix([[0], [1]]), try FeatureMatrix([[2], [3]]))
        #expect(abs(try KernelDistance.squaredMMD(a, b) - 297.5) < 1e-9)
        var random = SplitMix64(seed: 1)
        let estimate = try KernelDistance.estimate(a, b, subsets: 5, subsetSize: 2, random: &random)
        #expect(abs(estimate.mean - 297.5) < 1e-9 && estimate.standardDeviation < 1e-9 && estimate.subsetSize == 2)
        // Two samples of one distribution: near 0 (unbiased, so either sign).
        var draw = SplitMix64(seed: 2)
        let x = try FeatureMatrix((0 ..< 200).map { _ in [draw.nextUnit(), draw.nextUnit()] })
        let y = try FeatureMatrix((0 ..< 200).map { _ in [draw.nextUnit(), draw.nextUnit()] })
        #expect(abs(try KernelDistance.squaredMMD(x, y)) < 0.01)
        #expect(try KernelDistance.squaredMMD(x, FeatureMatrix(Self.wider)) > 1)
    }

    @Test("k-NN precision counts generated vectors inside the real manifold, recall real ones inside the generated")
    func precisionAndRecall() throws {
        // Real: ten points on a line, 1 apart (k = 1: every radius is 1).
        let real = try FeatureMatrix((0 ..< 10).map { [Double($0), 0] })
        // Generated: four near the first real points, four far away (radius 1 among themselves too).
        let generated = try FeatureMatrix([[0.2, 0], [1.2, 0], [2.2, 0], [3.2, 0], [100, 0], [101, 0], [102, 0], [103, 0]])
        let result = try ManifoldPrecisionRecall.measure(real: real, generated: generated, k: 1)
        #expect(result.precision == 0.5)
        // Generated balls (radius 1) around 0.2…3.2 hold the real 0…4: 5 of 10.
        #expect(result.recall == 0.5)
        let same = try ManifoldPrecisionRecall.measure(real: real, generated: real, k: 3)
        #expect(same.precision == 1 && same.recall == 1)
    }

    @Test("The memorisation check flags a planted copy of a training photograph, and only it")
    func memorisation() throws {
        var draw = SplitMix64(seed: 3)
        let vector = { (count: Int) in try FeatureMatrix((0 ..< count).map { _ in (0 ..< 8).map { _ in draw.nextUnit() } }) }
        let train = try vector(30), test = try vector(20)
        // Generated photographs that are new pictures of the population (here: test ones), except
        // number 6, which is training photograph 17, copied. With quantile 0 the line is the
        // nearest any test photograph comes, so only something nearer than every new picture is flagged.
        var generated = test.subset(Array(0 ..< 10))
        generated.values.replaceSubrange(6 * 8 ..< 7 * 8, with: train.row(17))
        let result = try MemorisationCheck.check(generatedToTrain: generated.distances(to: train), testToTrain: test.distances(to: train),
                                                 trainCount: train.rows, quantile: 0)
        #expect(result.flagged.map(\.query) == [6])
        #expect(result.flagged.first?.reference == 17 && result.flagged.first!.distance < 1e-6)
        #expect(result.closest(1).first?.query == 6)
        #expect(result.test.count == 20 && result.threshold > 0.01 && result.flaggedShare == 0.1)
    }
}
