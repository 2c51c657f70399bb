/// How a training run proceeds: length, validation, clipping, early stopping.
public struct TrainerConfiguration: Codable, Sendable, Equatable {
    /// Optimiser steps in the whole run.
    public var steps: Int
    /// Validate (and maybe keep the best checkpoint) every this many steps.
    public var validateEvery: Int
    /// Write a log line every this many steps.
    public var logEvery: Int
    /// Clip the global gradient norm to this (nil: no clipping).
    public var gradientClipNorm: Double?
    /// Stop after this many validations without improvement (nil: never).
    public var earlyStoppingPatience: Int?
    /// The validation metric that decides the best checkpoint.
    public var monitor: String
    public var higherIsBetter: Bool
    /// Keep the weights of the last validation instead of the best one (nil: false).
    /// For a validation set too small to choose between checkpoints (a few dozen
    /// photographs): the choice then follows its noise, while a schedule that decays
    /// to a small rate ends where training has settled. No early stopping then.
    public var keepLast: Bool?

    public init(steps: Int, validateEvery: Int, logEvery: Int = 50, gradientClipNorm: Double? = nil,
                earlyStoppingPatience: Int? = nil, monitor: String, higherIsBetter: Bool = true) {
        self.steps = steps
        self.validateEvery = validateEvery
        self.logEvery = logEvery
        self.gradientClipNorm = gradientClipNorm
        self.earlyStoppingPatience = earlyStoppingPatience
        self.monitor = monitor
        self.higherIsBetter = higherIsBetter
    }
}
