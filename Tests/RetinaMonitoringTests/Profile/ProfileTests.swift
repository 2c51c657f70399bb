import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Input and reference profiles")
struct ProfileTests {
    @Test("Quartile bins of 1…100: edges 25.75, 50.5, 75.25 and a quarter in each")
    func quartileBins() throws {
        // Type-7 quartiles of 1…100 sit at positions 24.75, 49.5, 74.25 of the sorted values.
        let reference = try NumericReference(values: (1...100).map(Double.init), binCount: 4, sampleCapacity: 50, seed: 1)
        #expect(reference.binEdges == [25.75, 50.5, 75.25])
        #expect(reference.binProportions == [0.25, 0.25, 0.25, 0.25])
        #expect(reference.count == 100 && reference.sample.count == 50 && reference.sample == reference.sample.sorted())
        #expect([-1, 25.75, 25.8, 50.5, 75.25, 1_000].map(reference.binIndex) == [0, 0, 1, 1, 2, 3])
    }

    @Test("A feature with few distinct values gets merged bins")
    func mergedBins() throws {
        // Seven 1s and three 2s. Decile q sits at position 9q of the sorted values: 0.1…0.6 give
        // positions 0.9…5.4, all 1; 0.7 gives 6.3 → 1 + 0.3·(2 − 1) = 1.3; 0.8 and 0.9 give 7.2
        // and 8.1, both 2. Merged edges: 1, 1.3, 2; bins ≤1: 7, (1, 1.3]: 0, (1.3, 2]: 3, >2: 0.
        let reference = try NumericReference(values: [1, 1, 1, 1, 1, 1, 1, 2, 2, 2], binCount: 10, sampleCapacity: 10, seed: 1)
        #expect(reference.binEdges.count == 3)
        #expect(reference.binEdges[0] == 1 && abs(reference.binEdges[1] - 1.3) < 1e-12 && reference.binEdges[2] == 2)
        #expect(reference.binProportions == [0.7, 0, 0.3, 0])
    }

    @Test("A reference profile aggregates numbers, categories and embeddings, deterministically")
    func referenceProfile() throws {
        var generator = SplitMix64(seed: 9)
        var profiles: [InputProfile] = []
        for index in 0..<300 {
            var profile = InputProfile(embedding: [generator.nextGaussian(), generator.nextGaussian()])
            profile[.brightness] = 100 + 10 * generator.nextGaussian()
            profile[.qualityScore] = generator.nextUnit()
            profile[.cameraFamily] = index % 3 == 0 ? "3nethra" : "RetCam"
            if index % 2 == 0 { profile[.exifMake] = "Clarity" }
            profiles.append(profile)
        }
        profiles[0].numeric["brightness"] = .nan
        let configuration = ReferenceProfile.Configuration(sampleCapacity: 100, embeddingSampleCapacity: 50, seed: 3)
        let reference = try ReferenceProfile(profiles: profiles, configuration: configuration)
        #expect(reference.count == 300)
        #expect(reference.numeric["brightness"]?.count == 299)
        #expect(reference.numeric["brightness"]?.binProportions.count == 10)
        #expect(reference.numeric["brightness"]?.sample.count == 100)
        #expect(reference.categorical["camera_family"]?.counts == ["3nethra": 100, "RetCam": 200])
        #expect(reference.categorical["exif_make"]?.total == 150)
        #expect(reference.embeddings?.dimension == 2 && reference.embeddings?.count == 300 && reference.embeddings?.sample.count == 50)

        let again = try ReferenceProfile(profiles: profiles, configuration: configuration)
        #expect(again == reference)
        let reseeded = try ReferenceProfile(profiles: profiles, configuration: .init(sampleCapacity: 100, embeddingSampleCapacity: 50, seed: 4))
        #expect(reseeded.numeric["brightness"]?.sample != reference.numeric["brightness"]?.sample)
        #expect(reseeded.numeric["brightness"]?.binEdges == reference.numeric["brightness"]?.binEdges)
    }

    @Test("Reference JSON round-trips and is byte-stable with sorted keys")
    func referenceJSON() throws {
        let profiles = (0..<50).map { index in
            InputProfile(numeric: ["b": Double(index), "a": Double(index % 7)], categorical: ["site": "unit-\(index % 2)"])
        }
        let reference = try ReferenceProfile(profiles: profiles)
        let data = try reference.jsonData()
        #expect(try ReferenceProfile(jsonData: data) == reference)
        #expect(try ReferenceProfile(profiles: profiles).jsonData() == data)
        let text = try #require(String(data: data, encoding: .utf8))
        let keys = ["\"categorical\"", "\"count\"", "\"numeric\"", "\"version\""].map { text.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted())
        #expect(text.range(of: "\"a\"")!.lowerBound < text.range(of: "\"b\"")!.lowerBound)
    }

    @Test("Embeddings of different lengths are an error")
    func embeddingDimension() {
        let profiles = [InputProfile(embedding: [1, 2]), InputProfile(embedding: [1, 2, 3])]
        #expect(throws: MonitoringError.dimensionMismatch(expected: 2, got: 3)) { try ReferenceProfile(profiles: profiles) }
    }

    @Test("An input profile round-trips through JSON and has named subscripts")
    func inputProfile() throws {
        var profile = InputProfile()
        profile[.fieldOfViewFraction] = 0.8
        profile[.site] = "nicu-a"
        #expect(profile.numeric["fov_fraction"] == 0.8 && profile.categorical["site"] == "nicu-a")
        let data = try JSONEncoder().encode(profile)
        #expect(try JSONDecoder().decode(InputProfile.self, from: data) == profile)
    }
}
