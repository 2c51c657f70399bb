import Foundation
import Testing
@testable import Torch

@Suite("Convolution, normalisation, pooling and upsampling")
struct NeuralNetworkOpsTests {
    let image = try! Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9] as [Float], shape: [1, 1, 3, 3])
    let kernel = try! Tensor([1, 2, 3, 4] as [Float], shape: [1, 1, 2, 2])

    @Test("conv2d against a hand-computed result")
    func conv2d() throws {
        let bias = try Tensor([0.5] as [Float])
        #expect(try image.conv2d(weight: kernel, bias: bias).toArray(of: Float.self) == [37.5, 47.5, 67.5, 77.5])
        // Padding 1, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1).
        #expect(try image.conv2d(weight: kernel, stride: 2, padding: 1).toArray(of: Float.self) == [4, 18, 36, 77])
        // Dilation 2 takes the corners: 1·1 + 3·2 + 7·3 + 9·4.
        #expect(try image.conv2d(weight: kernel, dilation: 2).toArray(of: Float.self) == [64])
        // Two groups: each output channel sees only its own input channel.
        let two = try Tensor.cat([image, image * 10], dim: 1)
        let k = try Tensor.ones([2, 1, 1, 1])
        #expect(try two.conv2d(weight: k, groups: 2).sum(dims: [2, 3]).toArray(of: Float.self) == [45, 450])
        #expect(throws: TorchError.self) { try image.conv2d(weight: Tensor.ones([1, 2, 2, 2])) }
    }

    @Test("conv_transpose2d spreads each input over the kernel")
    func convTranspose2d() throws {
        let x = try Tensor([1, 2, 3, 4] as [Float], shape: [1, 1, 2, 2])
        let w = try Tensor.ones([1, 1, 2, 2])
        #expect(try x.convTranspose2d(weight: w, stride: 2).toArray(of: Float.self)
                == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        #expect(try x.convTranspose2d(weight: w).toArray(of: Float.self) == [1, 3, 2, 4, 10, 6, 3, 7, 4])
    }

    @Test func batchNormEvaluationAndTraining() throws {
        let x = try Tensor([1, 3] as [Float], shape: [2, 1, 1, 1])
        let weight = try Tensor([2] as [Float]), bias = try Tensor([1] as [Float])
        let mean = try Tensor([1] as [Float]), variance = try Tensor([4] as [Float])
        let eval = try x.batchNorm(weight: weight, bias: bias, runningMean: mean, runningVariance: variance, training: false, epsilon: 0)
        #expect(try eval.toArray(of: Float.self) == [1, 3])
        let runningMean = try Tensor.zeros([1]), runningVariance = try Tensor.ones([1])
        let train = try x.batchNorm(weight: nil, bias: nil, runningMean: runningMean, runningVariance: runningVariance, training: true, momentum: 0.1, epsilon: 0)
        #expect(try train.toArray(of: Float.self) == [-1, 1])
        #expect(abs(try runningMean.item() - 0.2) < 1e-6)      // 0.9·0 + 0.1·2
        #expect(abs(try runningVariance.item() - 1.1) < 1e-6)  // 0.9·1 + 0.1·(unbiased 2)
    }

    @Test func groupNorm() throws {
        let x = try Tensor([1, 3, 5, 7] as [Float], shape: [1, 2, 1, 2])
        let y = try x.groupNorm(groups: 1, weight: nil, bias: nil, epsilon: 0).toArray(of: Float.self)
        let expected = [1, 3, 5, 7].map { Float((Double($0) - 4) / sqrt(5)) }
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        let perChannel = try x.groupNorm(groups: 2, weight: nil, bias: nil, epsilon: 0).toArray(of: Float.self)
        #expect(perChannel == [-1, 1, -1, 1])
    }

    @Test func pooling() throws {
        let x = try Tensor.arange(0, 16).reshaped([1, 1, 4, 4])
        #expect(try x.maxPool2d(kernel: 2).toArray(of: Float.self) == [5, 7, 13, 15])
        #expect(try x.avgPool2d(kernel: 2).toArray(of: Float.self) == [2.5, 4.5, 10.5, 12.5])
        #expect(try x.maxPool2d(kernel: 3, stride: 1, padding: 1).shape == [1, 1, 4, 4])
        #expect(try x.adaptiveAvgPool2d(1).item() == 7.5)
        #expect(try x.adaptiveMaxPool2d(Pair(1, 2)).toArray(of: Float.self) == [13, 15])
    }

    @Test func upsampling() throws {
        let x = try Tensor([1, 2, 3, 4] as [Float], shape: [1, 1, 2, 2])
        #expect(try x.upsample(to: 4).toArray(of: Float.self) == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let row = try Tensor([0, 1] as [Float], shape: [1, 1, 1, 2])
        #expect(try row.upsample(to: Pair(1, 3), mode: .bilinear(alignCorners: true)).toArray(of: Float.self) == [0, 0.5, 1])
        #expect(try row.upsample(to: Pair(1, 4), mode: .bilinear(alignCorners: false)).toArray(of: Float.self) == [0, 0.25, 0.75, 1])
    }

    @Test func linearAndDropout() throws {
        let x = try Tensor([1, 2] as [Float], shape: [1, 2])
        let w = try Tensor([1, 0, 1, 1, -1, 2] as [Float], shape: [3, 2])
        #expect(try x.linear(weight: w, bias: Tensor([0, 1, 0] as [Float])).toArray(of: Float.self) == [1, 4, 3])
        let ones = try Tensor.ones([10_000])
        let dropped = try ones.dropout(p: 0.25, training: true, generator: RandomGenerator(seed: 9))
        let values = Set(try dropped.toArray(of: Float.self))
        #expect(values == [0, Float(1 / 0.75)])
        #expect(abs(try dropped.mean().item() - 1) < 0.05)
        #expect(try ones.dropout(p: 0.5, training: false, generator: RandomGenerator(seed: 9)).sum().item() == 10_000)
    }
}

@Suite("Losses")
struct LossTests {
    @Test func crossEntropyWithWeightsAndSmoothing() throws {
        let logits = try Tensor([0, Float(log(3.0)), 0, Float(log(3.0))] as [Float], shape: [2, 2])
        let targets = try Tensor([0, 1] as [Int64])
        let plain = try Loss.crossEntropy(logits: logits, targets: targets).item()
        #expect(abs(plain - (log(4) + log(4.0 / 3)) / 2) < 1e-6)
        let weighted = try Loss.crossEntropy(logits: logits, targets: targets, classWeights: Tensor([1, 3] as [Float])).item()
        #expect(abs(weighted - (log(4) + 3 * log(4.0 / 3)) / 4) < 1e-6)
        let one = try logits.slice(dim: 0, start: 1, end: 2)
        let smoothed = try Loss.crossEntropy(logits: one, targets: Tensor([1] as [Int64]), labelSmoothing: 0.1).item()
        #expect(abs(smoothed - (0.9 * log(4.0 / 3) + 0.1 * (log(4) + log(4.0 / 3)) / 2)) < 1e-6)
        let none = try Loss.crossEntropy(logits: logits, targets: targets, reduction: .none)
        #expect(none.shape == [2])
    }

    @Test func binaryCrossEntropyWithPositiveWeight() throws {
        let logits = try Tensor([0, 0] as [Float])
        let targets = try Tensor([1, 0] as [Float])
        let loss = try Loss.binaryCrossEntropyWithLogits(logits: logits, targets: targets, positiveWeight: Tensor([3] as [Float])).item()
        #expect(abs(loss - 2 * log(2)) < 1e-6)  // (3 ln 2 + ln 2) / 2
        #expect(abs(try Loss.binaryCrossEntropyWithLogits(logits: logits, targets: targets, reduction: .sum).item() - 2 * log(2)) < 1e-6)
    }

    @Test func regressionAndDice() throws {
        let a = try Tensor([1, 2] as [Float]), b = try Tensor([3, 5] as [Float])
        #expect(try Loss.meanSquaredError(a, b).item() == 6.5)
        #expect(try Loss.l1(a, b).item() == 2.5)
        #expect(try Loss.l1(a, b, reduction: .sum).item() == 5)
        let targets = try Tensor.ones([1, 1, 2, 2])
        #expect(abs(try Loss.dice(logits: Tensor.full([1, 1, 2, 2], value: 50), targets: targets).item()) < 1e-6)
        #expect(abs(try Loss.dice(logits: Tensor.full([1, 1, 2, 2], value: -50), targets: targets).item() - 0.8) < 1e-6)
    }
}
