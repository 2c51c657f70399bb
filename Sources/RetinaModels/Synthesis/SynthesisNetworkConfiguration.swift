/// The shape of a conditional generator and its projection discriminator.
public struct SynthesisNetworkConfiguration: Codable, Sendable, Equatable {
    /// Side of the square photographs, 4·2ᵏ (e.g. 128).
    public var resolution: Int
    /// Length of the noise vector z.
    public var latentDimension: Int
    /// Channels at the full resolution; each halving of the resolution doubles them, up to `maximumChannels`.
    public var width: Int
    public var maximumChannels: Int
    /// Number of values of each conditioning factor, in order (e.g. [2, 2]: diagnosis, camera).
    public var conditions: [Int]

    public init(resolution: Int, latentDimension: Int, width: Int, maximumChannels: Int, conditions: [Int]) {
        self.resolution = resolution
        self.latentDimension = latentDimension
        self.width = width
        self.maximumChannels = maximumChannels
        self.conditions = conditions
    }

    /// How many times 4×4 doubles to reach `resolution`; nil when it is not 4·2ᵏ with k ≥ 1.
    public var doublings: Int? {
        var (side, count) = (4, 0)
        while side < resolution { (side, count) = (side * 2, count + 1) }
        return side == resolution && count >= 1 ? count : nil
    }

    /// Channels at feature side `side`.
    public func channels(atSide side: Int) -> Int {
        min(maximumChannels, width * max(resolution / side, 1))
    }

    /// Length of the concatenated one-hot condition vector.
    public var conditionLength: Int { conditions.reduce(0, +) }

    func validated() throws -> Int {
        guard let doublings else { throw SynthesisError("resolution \(resolution) is not 4·2ᵏ (8, 16, …, 128, 256)") }
        guard latentDimension >= 1, width >= 1, maximumChannels >= width, !conditions.isEmpty, conditions.allSatisfy({ $0 >= 1 }) else {
            throw SynthesisError("a generator needs a latent dimension, width ≤ maximum channels and ≥ 1 value per condition, got \(self)")
        }
        return doublings
    }
}
