/// How the weights were made: enough to make them again.
public struct TrainingRecord: Codable, Sendable, Equatable {
    public var recipe: String
    public var seed: UInt64
    public var data: [String]
    public var split: String
    public var steps: Int
    public var durationSeconds: Double
    public var parameterCount: Int
    public var libtorch: String
    /// The weights training started from (nil: from scratch), with their source.
    public var initialWeights: String?

    public init(recipe: String, seed: UInt64, data: [String], split: String, steps: Int,
                durationSeconds: Double, parameterCount: Int, libtorch: String, initialWeights: String? = nil) {
        self.recipe = recipe
        self.seed = seed
        self.data = data
        self.split = split
        self.steps = steps
        self.durationSeconds = durationSeconds
        self.parameterCount = parameterCount
        self.libtorch = libtorch
        self.initialWeights = initialWeights
    }
}
