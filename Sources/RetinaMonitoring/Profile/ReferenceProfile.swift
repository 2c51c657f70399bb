import Foundation
import RetinaModels

/// The profile of a model's training data, stored as JSON beside its model card: per numeric
/// feature quantile bins and a value sample, per categorical feature the category counts,
/// and a sample of embeddings. Built deterministically from the profiles and a seed.
public struct ReferenceProfile: Sendable, Hashable, Codable {
    public struct Configuration: Sendable, Hashable, Codable {
        /// Quantile bins per numeric feature (10: deciles).
        public var binCount: Int
        /// Raw values kept per numeric feature for the Kolmogorov–Smirnov test.
        public var sampleCapacity: Int
        /// Embeddings kept for the domain classifier and MMD.
        public var embeddingSampleCapacity: Int
        /// Seed of the reservoir samples.
        public var seed: UInt64

        public init(binCount: Int = 10, sampleCapacity: Int = 2_000, embeddingSampleCapacity: Int = 500, seed: UInt64 = 0x5EED) {
            self.binCount = binCount
            self.sampleCapacity = sampleCapacity
            self.embeddingSampleCapacity = embeddingSampleCapacity
            self.seed = seed
        }
    }

    /// Bumped when the stored layout changes.
    public static let currentVersion = 1
    /// The file beside a model's card (`Models/<name>/reference-profile.json`), whose colour
    /// medians the quality gate also reads (`ColourReference`).
    public static let fileName = ColourReference.profileFileName

    public var version: Int
    /// Profiles aggregated.
    public var count: Int
    public var numeric: [String: NumericReference]
    public var categorical: [String: CategoricalReference]
    public var embeddings: EmbeddingReference?
    /// The model's score calibrated on the reference labels, for CBPE; nil without labels.
    public var calibration: ReferenceCalibration?

    public init(
        version: Int = ReferenceProfile.currentVersion, count: Int, numeric: [String: NumericReference],
        categorical: [String: CategoricalReference], embeddings: EmbeddingReference?, calibration: ReferenceCalibration? = nil
    ) {
        self.version = version
        self.count = count
        self.numeric = numeric
        self.categorical = categorical
        self.embeddings = embeddings
        self.calibration = calibration
    }

    /// Aggregates profiles. Each feature's sample has its own seed, derived from the
    /// configuration's seed and the feature's name, so adding a feature changes no other's.
    /// Embeddings whose length differs from the first one's are an error.
    public init(profiles: [InputProfile], configuration: Configuration = Configuration()) throws(MonitoringError) {
        var numericValues: [String: [Double]] = [:]
        var categoryCounts: [String: [String: Int]] = [:]
        var embeddingSample: ReservoirSample<[Double]>?
        var dimension: Int?
        for profile in profiles {
            for (name, value) in profile.numeric { numericValues[name, default: []].append(value) }
            for (name, value) in profile.categorical { categoryCounts[name, default: [:]][value, default: 0] += 1 }
            if let embedding = profile.embedding {
                if let dimension, dimension != embedding.count { throw .dimensionMismatch(expected: dimension, got: embedding.count) }
                dimension = embedding.count
                if embeddingSample == nil {
                    embeddingSample = try ReservoirSample(
                        capacity: configuration.embeddingSampleCapacity,
                        seed: Self.featureSeed(configuration.seed, "embedding"))
                }
                embeddingSample?.offer(embedding)
            }
        }
        var numeric: [String: NumericReference] = [:]
        for (name, values) in numericValues where values.contains(where: \.isFinite) {
            numeric[name] = try NumericReference(
                values: values, binCount: configuration.binCount, sampleCapacity: configuration.sampleCapacity,
                seed: Self.featureSeed(configuration.seed, name))
        }
        let embeddings = embeddingSample.map { sample in
            EmbeddingReference(dimension: dimension ?? 0, count: sample.seen, sample: sample.items)
        }
        self.init(
            count: profiles.count, numeric: numeric, categorical: categoryCounts.mapValues(CategoricalReference.init),
            embeddings: embeddings)
    }

    /// Pretty-printed JSON with sorted keys, so the same profile always gives the same bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(ReferenceProfile.self, from: jsonData)
    }

    /// The seed mixed with the FNV-1a hash of a name (stable across runs, unlike `hashValue`).
    static func featureSeed(_ seed: UInt64, _ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: seed ^ hash)
        return mixer.next()
    }
}
