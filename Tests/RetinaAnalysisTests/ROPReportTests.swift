import Foundation
import Testing
import FundusImaging
import RetinaModels
@testable import RetinaAnalysis

@Suite("The ROP finding in the report")
struct ROPReportTests {
    static func card(threshold: Double, metrics: [String: [String: Double]] = [:]) -> ModelCard {
        var card = ModelCard(name: "rop", version: "1.0.0", task: .rop,
                             architecture: .efficientNetLite(EfficientNetLiteConfiguration(inputChannels: 3, classes: 2, blocks: 2)),
                             preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1])), labels: ["normal", "rop"], threshold: threshold)
        card.metrics = metrics
        return card
    }

    static func ridge(present: Bool, confidence: Double) -> RidgeReport {
        RidgeReport(present: present, confidence: confidence, areaShare: present ? 0.01 : 0, threshold: 0.5)
    }

    @Test("The finding follows the card's threshold, and the report says what it cannot find")
    func finding() {
        let card = Self.card(threshold: 0.2)
        let rop = ROPReport(probability: 0.25, card: card, ridge: nil)
        #expect(rop.finding == "rop" && rop.isROP && rop.threshold == 0.2)
        #expect(ROPReport(probability: 0.19, card: card, ridge: nil).finding == "no_rop")
        #expect(rop.findingsMade == ["rop_vs_normal"])
        #expect(["stage", "plus_disease", "zone_of_disease"].allSatisfy(rop.findingsNotMade.contains))
        #expect(rop.ridgeEvidence == nil && rop.disagreementWarning == nil)
    }

    @Test("A ridge without an ROP finding, or ROP without a ridge, is a warning; agreement is none")
    func ridgeDisagreement() throws {
        let card = Self.card(threshold: 0.5)
        let suspected = ROPReport(probability: 0.1, card: card, ridge: Self.ridge(present: true, confidence: 0.93))
        #expect(suspected.ridgeEvidence?.agreesWithFinding == false)
        #expect(try #require(suspected.disagreementWarning).hasPrefix("RIDGE_SUSPECTED") && suspected.disagreementWarning!.contains("0.93"))
        let unseen = ROPReport(probability: 0.9, card: card, ridge: Self.ridge(present: false, confidence: 0.2))
        #expect(try #require(unseen.disagreementWarning).hasPrefix("RIDGE_NOT_SEEN"))
        #expect(ROPReport(probability: 0.9, card: card, ridge: Self.ridge(present: true, confidence: 0.9)).disagreementWarning == nil)
        #expect(ROPReport(probability: 0.1, card: card, ridge: Self.ridge(present: false, confidence: 0.1)).disagreementWarning == nil)
    }

    @Test("The operating point comes from the infant test split when the card has it, else from validation")
    func operatingPoint() {
        let both = Self.card(threshold: 0.3, metrics: [
            "HVDROPDB-full/test": ["sensitivity": 0.97, "specificity": 0.8],
            "validation": ["sensitivity_at_threshold": 1, "specificity_at_threshold": 0.7],
        ])
        #expect(ROPReport(probability: 0.5, card: both, ridge: nil).operatingPoint
            == ROPReport.OperatingPointSummary(sensitivity: 0.97, specificity: 0.8, measuredOn: "HVDROPDB-full/test"))
        let validation = Self.card(threshold: 0.3, metrics: ["validation": ["sensitivity_at_threshold": 1, "specificity_at_threshold": 0.7]])
        #expect(ROPReport(probability: 0.5, card: validation, ridge: nil).operatingPoint?.measuredOn == "validation")
        #expect(ROPReport(probability: 0.5, card: Self.card(threshold: 0.3), ridge: nil).operatingPoint == nil)
    }
}
