import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Domain classifier")
struct DomainClassifierTestTests {
    func sample(_ count: Int, shift: Double, using generator: inout SplitMix64) -> [[Double]] {
        (0..<count).map { _ in (0..<4).map { $0 == 0 ? shift + generator.nextGaussian() : generator.nextGaussian() } }
    }

    @Test("A logistic regression separates two separated clusters")
    func logisticRegression() throws {
        let features: [[Double]] = [[0, 0], [0.2, 0.1], [0.1, 0.3], [3, 3], [3.2, 2.9], [2.8, 3.1]]
        let labels = [false, false, false, true, true, true]
        let model = try LogisticRegression(features: features, labels: labels)
        #expect(try model.probability([0, 0]) < 0.2)
        #expect(try model.probability([3, 3]) > 0.8)
        #expect(throws: MonitoringError.singleClass("logistic regression")) {
            try LogisticRegression(features: features, labels: [Bool](repeating: true, count: 6))
        }
    }

    @Test("Cross-validated AUC: about 0.5 for the same distribution, Φ(1/√2) ≈ 0.76 for a one-sd shift")
    func auc() throws {
        // With one coordinate shifted by 1 sd, the best score is that coordinate, and
        // P(X + 1 > Y) for independent standard normals is Φ(1/√2) = 0.760.
        // Under no drift the cross-validated AUC is slightly below 0.5 on average (0.488 over 20
        // seeds with 300 against 200) with a spread of ±0.03, so 0.55 is about a 5 % false-alarm
        // rate at that size; these samples are larger.
        var generator = SplitMix64(seed: 21)
        let reference = sample(500, shift: 0, using: &generator)
        let same = sample(400, shift: 0, using: &generator)
        let moved = sample(400, shift: 1, using: &generator)
        var folds = SplitMix64(seed: 22)
        let null = try DomainClassifierTest(reference: reference, current: same, using: &folds)
        let drift = try DomainClassifierTest(reference: reference, current: moved, using: &folds)
        #expect(null.foldAUCs.count == 5)
        #expect(null.auc < 0.55)
        #expect(abs(drift.auc - 0.76) < 0.05)
    }

    @Test("Fewer embeddings than folds is an error")
    func tooFew() {
        var generator = SplitMix64(seed: 1)
        #expect(throws: MonitoringError.tooFewValues("domain classifier current", needed: 5, got: 3)) {
            try DomainClassifierTest(reference: [[Double]](repeating: [0], count: 10), current: [[1], [2], [3]], using: &generator)
        }
    }
}
