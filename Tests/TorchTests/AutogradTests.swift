import Testing
@testable import Torch

@Suite("Autograd")
struct AutogradTests {
    @Test func backwardAccumulatesAndZeroes() throws {
        let x = try Tensor([1, 2, 3] as [Float]).requiringGrad()
        #expect(x.requiresGrad)
        #expect(try x.grad == nil)
        try (x * x).sum().backward()
        #expect(try x.grad?.toArray(of: Float.self) == [2, 4, 6])
        try (x * 3).sum().backward()
        #expect(try x.grad?.toArray(of: Float.self) == [5, 7, 9])
        try x.zeroGrad()
        #expect(try x.grad == nil)
    }

    @Test func noGradScopeRecordsNothing() throws {
        let x = try Tensor([1, 2] as [Float]).requiringGrad()
        let y = try withNoGrad { try x * 2 }
        #expect(!y.requiresGrad)
        #expect(Runtime.isGradEnabled)
        #expect(throws: TorchError.self) { try y.sum().backward() }
        #expect(try withNoGrad { try withGrad { try (x * 2).requiresGrad } })
    }

    @Test func threadCount() throws {
        let before = Runtime.threadCount
        try Runtime.setThreadCount(1)
        #expect(Runtime.threadCount == 1)
        try Runtime.setThreadCount(before)
    }
}

/// Compares autograd's gradient with central finite differences, in float64.
func checkGradient(
    _ inputs: [(values: [Double], shape: [Int])], tolerance: Double = 1e-5,
    _ f: ([Tensor]) throws -> Tensor
) throws -> Double {
    let tensors = try inputs.map { try Tensor($0.values, shape: $0.shape).requiringGrad() }
    try f(tensors).backward()
    var worst = 0.0
    for (i, input) in inputs.enumerated() {
        let analytic = try tensors[i].grad!.toArray(of: Double.self)
        for j in input.values.indices {
            let h = 1e-6
            func value(_ delta: Double) throws -> Double {
                var perturbed = inputs.map { try! Tensor($0.values, shape: $0.shape) }
                var v = input.values
                v[j] += delta
                perturbed[i] = try Tensor(v, shape: input.shape)
                return try f(perturbed).item()
            }
            let numeric = try (value(h) - value(-h)) / (2 * h)
            worst = max(worst, abs(numeric - analytic[j]) / max(1, abs(numeric)))
        }
    }
    return worst
}

@Suite("Gradients against finite differences")
struct GradientCheckTests {
    let rng = try! RandomGenerator(seed: 11)
    func random(_ shape: [Int]) throws -> (values: [Double], shape: [Int]) {
        (try Tensor.randn(shape, dtype: .float64, generator: rng).toArray(of: Double.self), shape)
    }

    @Test func conv2d() throws {
        let error = try checkGradient([random([1, 2, 5, 5]), random([3, 2, 3, 3]), random([3])]) {
            try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: 2, padding: 1).square().sum()
        }
        #expect(error < 1e-6)
    }

    @Test func convTranspose2d() throws {
        let error = try checkGradient([random([1, 2, 3, 3]), random([2, 1, 2, 2])]) {
            try $0[0].convTranspose2d(weight: $0[1], stride: 2).square().sum()
        }
        #expect(error < 1e-6)
    }

    @Test func linear() throws {
        let error = try checkGradient([random([4, 3]), random([2, 3]), random([2])]) {
            try $0[0].linear(weight: $0[1], bias: $0[2]).tanh().sum()
        }
        #expect(error < 1e-6)
    }

    @Test func batchNormTraining() throws {
        let error = try checkGradient([random([3, 2, 2, 2]), random([2]), random([2])]) {
            try $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: nil, runningVariance: nil, training: true)
                .pow(3).sum()
        }
        #expect(error < 1e-5)
    }

    @Test func upsampleBilinear() throws {
        let error = try checkGradient([random([1, 1, 3, 3])]) {
            try $0[0].upsample(to: 5, mode: .bilinear(alignCorners: false)).square().sum()
        }
        #expect(error < 1e-6)
    }

    @Test func crossEntropy() throws {
        let weights = try Tensor([1, 3, 0.5] as [Double])
        let error = try checkGradient([random([4, 3])]) {
            try Loss.crossEntropy(logits: $0[0], targets: Tensor([0, 2, 1, 2] as [Int64]), classWeights: weights, labelSmoothing: 0.1)
        }
        #expect(error < 1e-6)
    }

    @Test func binaryCrossEntropy() throws {
        let error = try checkGradient([random([6])]) {
            try Loss.binaryCrossEntropyWithLogits(
                logits: $0[0], targets: Tensor([1, 0, 1, 1, 0, 0] as [Double]), positiveWeight: Tensor([2.5] as [Double]))
        }
        #expect(error < 1e-6)
    }

    @Test func dice() throws {
        let error = try checkGradient([random([2, 1, 3, 3])]) {
            try Loss.dice(logits: $0[0], targets: Tensor([1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1] as [Double], shape: [2, 1, 3, 3]))
        }
        #expect(error < 1e-6)
    }

    @Test func regressionLosses() throws {
        let target = try Tensor([0.5, -1, 2, 0] as [Double])
        #expect(try checkGradient([random([4])]) { try Loss.meanSquaredError($0[0], target) } < 1e-6)
        #expect(try checkGradient([random([4])]) { try Loss.l1($0[0], target) } < 1e-6)
    }
}
