import CTorch

/// How a loss folds its per-element values.
public enum Reduction: Sendable {
    case none, mean, sum

    var code: ct_reduction {
        switch self {
        case .none: CT_REDUCTION_NONE
        case .mean: CT_REDUCTION_MEAN
        case .sum: CT_REDUCTION_SUM
        }
    }
}

/// Loss functions, with PyTorch's definitions.
public enum Loss {
    /// Cross-entropy of `logits` (N, C, …) against class indices (N, …, int64).
    /// `classWeights` (C) rescales each class; `labelSmoothing` mixes the
    /// one-hot target with the uniform distribution.
    public static func crossEntropy(
        logits: Tensor, targets: Tensor, classWeights: Tensor? = nil, labelSmoothing: Double = 0,
        ignoreIndex: Int = -100, reduction: Reduction = .mean
    ) throws -> Tensor {
        try checked(ct_cross_entropy(
            logits.handle, targets.handle, classWeights?.handle, reduction.code, Int64(ignoreIndex),
            labelSmoothing))
    }

    /// Binary cross-entropy on logits; `positiveWeight` multiplies the positive
    /// term (per class), the usual answer to rare positives.
    public static func binaryCrossEntropyWithLogits(
        logits: Tensor, targets: Tensor, weight: Tensor? = nil, positiveWeight: Tensor? = nil,
        reduction: Reduction = .mean
    ) throws -> Tensor {
        try checked(ct_bce_with_logits(
            logits.handle, targets.handle, weight?.handle, positiveWeight?.handle, reduction.code))
    }

    /// Soft Dice loss, 1 − (2·Σpt + ε) / (Σp + Σt + ε) per sample, averaged over
    /// the batch; `p` = sigmoid(`logits`), sums over every non-batch dimension.
    public static func dice(logits: Tensor, targets: Tensor, epsilon: Double = 1) throws -> Tensor {
        let p = try logits.sigmoid()
        let dims = Array(1..<Swift.max(logits.rank, 2))
        let intersection = try (p * targets).sum(dims: dims)
        let total = try p.sum(dims: dims) + targets.sum(dims: dims)
        return try (1 - (2 * intersection + epsilon) / (total + epsilon)).mean()
    }

    public static func meanSquaredError(_ a: Tensor, _ b: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try checked(ct_mse_loss(a.handle, b.handle, reduction.code))
    }

    public static func l1(_ a: Tensor, _ b: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try checked(ct_l1_loss(a.handle, b.handle, reduction.code))
    }
}
