import Foundation

/// A bounded sample of a reference data set's embeddings, for the domain classifier and MMD.
public struct EmbeddingReference: Sendable, Hashable, Codable {
    public var dimension: Int
    /// Embeddings the reference had.
    public var count: Int
    public var sample: [[Double]]

    public init(dimension: Int, count: Int, sample: [[Double]]) {
        self.dimension = dimension
        self.count = count
        self.sample = sample
    }
}
