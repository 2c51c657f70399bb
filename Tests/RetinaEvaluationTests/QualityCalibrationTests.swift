import Foundation
import RetinaModels
@testable import RetinaEvaluation
import Testing

@Suite("Quality calibration")
struct QualityCalibrationTests {
    typealias Candidate = QualityCalibration.Candidate

    @Test("The lowest bad threshold that keeps enough gradable photographs good, never giving up a bad one")
    func choice() throws {
        // Gradable shares 0.1 … 0.8 (two of eight at or above 0.5); bad shares 0.85, 0.95 and 0.3 (missed at 0.5 already).
        let gradable = [0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.6, 0.8].map { Candidate(badShare: $0, gradable: true) }
        let bad = [0.85, 0.95, 0.3].map { Candidate(badShare: $0, gradable: false) }
        // 7 of 8 good needs a threshold above 0.6: midway to 0.8, 0.7.
        let seven = try #require(QualityCalibration.choose(gradable + bad, gradableRecall: 0.85))
        #expect(abs(seven.threshold - 0.7) < 1e-12 && seven.gradableRecall == 7.0 / 8 && seven.badRecall == 2.0 / 3)
        #expect(seven.gradable == 8 && seven.bad == 3)
        // All 8 needs one above 0.8, midway to 0.85: still below every bad that 0.5 catches.
        #expect(abs((QualityCalibration.choose(gradable + bad, gradableRecall: 1)?.threshold ?? 0) - 0.825) < 1e-12)
        // A bad photograph at 0.7 caps the threshold there: the best kept is 0.65, with 7 of 8 gradable good.
        let capped = try #require(QualityCalibration.choose(gradable + bad + [Candidate(badShare: 0.7, gradable: false)], gradableRecall: 1))
        #expect(abs(capped.threshold - 0.65) < 1e-12 && capped.gradableRecall == 7.0 / 8 && capped.badRecall == 3.0 / 4)
        // Already enough at 0.5: the larger probability's rule stays.
        #expect(QualityCalibration.choose(gradable + bad, gradableRecall: 0.75)?.threshold == 0.5)
        #expect(QualityCalibration.choose(bad, gradableRecall: 0.9) == nil)
        #expect(abs((QualityCalibration.badShare(["good": 0.2, "bad": 0.6, "outlier": 0.2]) ?? 0) - 0.75) < 1e-12)
    }

    @Test("A card's bad threshold decides between good and bad; the outlier threshold still comes first")
    func decision() {
        var card = ModelCard(name: "quality", version: "1", task: .quality, architecture: .resnet(ResNetConfiguration(classes: 3, widths: [8], blocksPerStage: 1)),
                             preprocessing: Preprocessing(clahe: false, normalization: .imagenet),
                             labels: ["good", "bad", "outlier"], threshold: 0.4)
        #expect(card.decide([0.35, 0.55, 0.1]) == 1)
        card.labelThresholds = ["bad": 0.7]
        #expect(card.decide([0.35, 0.55, 0.1]) == 0)  // share 0.61
        #expect(card.decide([0.2, 0.7, 0.1]) == 1)    // share 0.78
        #expect(card.decide([0.1, 0.4, 0.5]) == 2)
    }
}
