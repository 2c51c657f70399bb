import Torch

/// Divides a weight by its largest singular value, estimated by power iteration
/// (Miyato et al., "Spectral normalization for generative adversarial networks", 2018).
///
/// The weight is seen as a matrix (out, everything else). In training mode every
/// forward pass runs `iterations` steps of v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖ and keeps u
/// and v (buffers `<name>_u`, `<name>_v`), so the estimate sharpens across steps;
/// in evaluation mode the kept vectors are used as they are. σ = uᵀWv carries the
/// gradient, as in PyTorch's `spectral_norm`.
public final class SpectralNormalization {
    public let u: Tensor
    public let v: Tensor
    public let iterations: Int
    static let epsilon = 1e-12

    public init(rows: Int, columns: Int, iterations: Int = 1, generator: RandomGenerator) throws {
        u = try Self.normalized(Tensor.randn([rows], generator: generator))
        v = try Self.normalized(Tensor.randn([columns], generator: generator))
        self.iterations = max(iterations, 1)
    }

    /// `weight` divided by its estimated largest singular value.
    public func normalize(_ weight: Tensor, training: Bool) throws -> Tensor {
        let matrix = try weight.reshaped([weight.shape[0], -1])
        if training {
            try withNoGrad {
                let w = try matrix.detached()
                var (left, right) = (u, v)
                for _ in 0 ..< iterations {
                    right = try Self.normalized(w.transposed(0, 1).matmul(left))
                    left = try Self.normalized(w.matmul(right))
                }
                try u.copy_(left)
                try v.copy_(right)
            }
        }
        // Copies: a later forward pass updates u and v in place, and this pass's backward needs the values it used.
        let sigma = try (u.clone() * matrix.matmul(v.clone())).sum()
        return try weight / sigma
    }

    /// The current estimate of the largest singular value of `weight` (no gradient).
    public func estimate(_ weight: Tensor) throws -> Double {
        try withNoGrad { try (u * weight.reshaped([weight.shape[0], -1]).matmul(v)).sum().item() }
    }

    static func normalized(_ vector: Tensor) throws -> Tensor {
        try vector / (vector.square().sum().sqrt() + epsilon)
    }
}
