import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Drift detector")
struct DriftDetectorTests {
    /// Brightness N(100 + shift, 10), contrast N(50, 5), camera RetCam or 3nethra (2 : 1),
    /// a 3-dimensional N(0, 1) embedding whose first coordinate moves by `embeddingShift`.
    static func profiles(
        _ count: Int, brightnessShift: Double = 0, embeddingShift: Double = 0, camera: String? = nil, site: String? = nil,
        using generator: inout SplitMix64
    ) -> [InputProfile] {
        (0..<count).map { index in
            var profile = InputProfile(embedding: [
                embeddingShift + generator.nextGaussian(), generator.nextGaussian(), generator.nextGaussian(),
            ])
            profile[.brightness] = 100 + brightnessShift + 10 * generator.nextGaussian()
            profile[.contrast] = 50 + 5 * generator.nextGaussian()
            profile[.cameraFamily] = camera ?? (index % 3 == 0 ? "3nethra" : "RetCam")
            profile[.site] = site
            return profile
        }
    }

    static func detector(seed: UInt64 = 1) throws -> DriftDetector {
        var generator = SplitMix64(seed: seed)
        let reference = try ReferenceProfile(profiles: profiles(2_000, using: &generator))
        return DriftDetector(reference: reference, configuration: .init(usesMaximumMeanDiscrepancy: true, permutations: 100))
    }

    @Test("A window from the reference's distribution shows no drift")
    func inDistribution() throws {
        let detector = try Self.detector()
        var generator = SplitMix64(seed: 100)
        let report = detector.detect(Self.profiles(300, using: &generator))
        #expect(report.windowCount == 300)
        #expect(report.driftedFeatures == [])
        #expect(Set(report.results.map(\.feature)) == ["brightness", "contrast", "camera_family", "embedding"])
        #expect(report.results.count == 7)
        #expect(report.result(for: "brightness", test: .kolmogorovSmirnov)?.pValue != nil)
        #expect(report.result(for: "camera_family", test: .jensenShannon)?.pValue == nil)
    }

    @Test("Shifted brightness, a new camera and moved embeddings are flagged; contrast is not")
    func shifted() throws {
        let detector = try Self.detector()
        var generator = SplitMix64(seed: 101)
        let window = Self.profiles(300, brightnessShift: 5, embeddingShift: 1, camera: "Phoenix", using: &generator)
        let report = detector.detect(window)
        #expect(report.driftedFeatures == ["brightness", "camera_family", "embedding"])
        let psi = try #require(report.result(for: "brightness", test: .populationStabilityIndex))
        // Half a standard deviation: PSI ≈ 0.25 on deciles.
        #expect(psi.isDrifted && psi.statistic > 0.15 && psi.threshold == 0.1)
        #expect(try #require(report.result(for: "brightness", test: .kolmogorovSmirnov)).isDrifted)
        #expect(report.results(for: "contrast").allSatisfy { !$0.isDrifted })
        #expect(try #require(report.result(for: "embedding", test: .domainClassifier)).statistic > 0.7)
        #expect(try #require(report.result(for: "embedding", test: .maximumMeanDiscrepancy)).isDrifted)
    }

    @Test("The same window and seed give the same report")
    func deterministic() throws {
        let detector = try Self.detector()
        var generator = SplitMix64(seed: 102)
        let window = Self.profiles(100, embeddingShift: 0.3, using: &generator)
        #expect(detector.detect(window) == detector.detect(window))
    }

    @Test("Split by site, only the site whose photographs changed drifts")
    func bySite() throws {
        let detector = try Self.detector()
        var generator = SplitMix64(seed: 103)
        let window = Self.profiles(200, site: "nicu-a", using: &generator)
            + Self.profiles(200, brightnessShift: 8, site: "nicu-b", using: &generator)
            + Self.profiles(5, using: &generator)
        let groups = detector.detect(window, groupedBy: .site)
        #expect(Set(groups.keys) == ["nicu-a", "nicu-b", DriftDetector.unknownGroup])
        #expect(groups["nicu-a"]?.driftedFeatures == [])
        #expect(groups["nicu-b"]?.driftedFeatures == ["brightness"])
        // Five profiles are below the minimum count: every feature skipped.
        #expect(groups[DriftDetector.unknownGroup]?.results == [])
        #expect(groups[DriftDetector.unknownGroup]?.skipped.count == 4)
    }

    @Test("Split by camera family: each family against the whole reference")
    func byCamera() throws {
        let detector = try Self.detector()
        var generator = SplitMix64(seed: 104)
        let window = Self.profiles(200, camera: "RetCam", using: &generator)
            + Self.profiles(200, brightnessShift: -8, camera: "Phoenix", using: &generator)
        let groups = detector.detect(window, groupedBy: .cameraFamily)
        #expect(Set(groups.keys) == ["RetCam", "Phoenix"])
        #expect(groups["Phoenix"]?.driftedFeatures.contains("brightness") == true)
        #expect(groups["RetCam"]?.driftedFeatures.contains("brightness") == false)
    }

    @Test("Thresholds are configurable")
    func thresholds() throws {
        var detector = try Self.detector()
        detector.configuration.thresholds = DriftThresholds(populationStabilityIndex: 10, kolmogorovSmirnovPValue: 0)
        detector.configuration.usesDomainClassifier = false
        detector.configuration.usesMaximumMeanDiscrepancy = false
        var generator = SplitMix64(seed: 105)
        let report = detector.detect(Self.profiles(300, brightnessShift: 5, using: &generator))
        #expect(report.driftedFeatures == [])
        #expect(report.results(for: "embedding") == [])
        #expect(report.result(for: "brightness", test: .populationStabilityIndex)?.threshold == 10)
    }
}
