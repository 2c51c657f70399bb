import Testing
import Torch
@testable import TorchNN

@Suite("Inference form: batch norm folded into convolutions, transposed convolutions as 1×1 convolutions")
struct InferenceFormTests {
    let generator: RandomGenerator

    init() throws { generator = try RandomGenerator(seed: 11) }

    /// Batch norm with statistics and affine parameters far from the identity.
    func trainedNorm(_ channels: Int) throws -> BatchNorm2d {
        let norm = try BatchNorm2d(channels)
        try norm.runningMean.setData(Tensor.randn([channels], generator: generator) * 0.5)
        try norm.runningVariance.setData(Tensor.rand([channels], generator: generator) * 2 + 0.1)
        try norm.weight.setData(Tensor.rand([channels], generator: generator) + 0.5)
        try norm.bias.setData(Tensor.randn([channels], generator: generator) * 0.3)
        return norm
    }

    func maxDifference(_ a: Tensor, _ b: Tensor) throws -> Double { try (a - b).abs().max().item() }

    @Test("conv–BN folded gives the same output within float tolerance, with and without a bias")
    func folding() throws {
        for bias in [false, true] {
            let conv = try Conv2d(3, 6, kernel: 3, padding: 1, bias: bias, generator: generator)
            let norm = try trainedNorm(6)
            let net = Sequential([conv, norm, Lambda.relu])
            net.eval()
            let input = try Tensor.randn([2, 3, 9, 7], generator: generator)
            let reference = try withNoGrad { try net(input) }
            let before = try net.stateDict().map { try $0.tensor.toArray(of: Float.self) }
            try net.prepareTreeForInference()
            #expect(conv.isPreparedForInference && norm.isFoldedIntoConvolution)
            let folded = try withNoGrad { try net(input) }
            #expect(folded.shape == reference.shape)
            #expect(try maxDifference(folded, reference) < 1e-5)
            // The checkpoint is unchanged.
            #expect(try net.stateDict().map { try $0.tensor.toArray(of: Float.self) } == before)
        }
    }

    @Test("A pointwise convolution and a depthwise one fold too")
    func pointwiseAndDepthwise() throws {
        let block = try InvertedResidualBlock(4, 4, kernel: 3, stride: 1, expansion: 3, generator: generator)
        for (_, module) in block.children { if let norm = module as? BatchNorm2d { try norm.runningVariance.setData(Tensor.rand(norm.runningVariance.shape, generator: generator) + 0.5); try norm.runningMean.setData(Tensor.randn(norm.runningMean.shape, generator: generator)) } }
        block.eval()
        let input = try Tensor.randn([1, 4, 6, 6], generator: generator)
        let reference = try withNoGrad { try block(input) }
        try block.prepareTreeForInference()
        #expect(try maxDifference(withNoGrad { try block(input) }, reference) < 1e-5)
    }

    @Test("A residual block folds every batch norm, the projection's included")
    func residual() throws {
        let block = try ResidualBlock(3, 5, stride: 2, generator: generator)
        block.eval()
        let input = try Tensor.randn([1, 3, 8, 8], generator: generator)
        let reference = try withNoGrad { try block(input) }
        try block.prepareTreeForInference()
        #expect(block.bn1.isFoldedIntoConvolution && block.bn2.isFoldedIntoConvolution)
        #expect(try maxDifference(withNoGrad { try block(input) }, reference) < 1e-5)
    }

    @Test("A 2×2 stride-2 transposed convolution as a 1×1 convolution: same output, NCHW or channels-last input")
    func transposedAsConvolution() throws {
        let up = try ConvTranspose2d(6, 3, kernel: 2, stride: 2, generator: generator)
        up.eval()
        let input = try Tensor.randn([2, 6, 5, 7], generator: generator)
        let reference = try withNoGrad { try up(input) }
        try up.prepareForInference()
        #expect(up.runsAsConvolution)
        for x in [input, try input.channelsLast()] {
            let out = try withNoGrad { try up(x) }
            #expect(out.shape == [2, 3, 10, 14])
            #expect(try maxDifference(out, reference) < 1e-5)
        }
        // Overlapping kernels keep libtorch's transposed convolution.
        let overlapping = try ConvTranspose2d(2, 2, kernel: 3, stride: 2, generator: generator)
        try overlapping.prepareForInference()
        #expect(!overlapping.runsAsConvolution)
    }

    @Test("A prepared module refuses to train")
    func refusesTraining() throws {
        let conv = try Conv2d(2, 2, kernel: 1, generator: generator)
        let norm = try BatchNorm2d(2)
        let net = Sequential([conv, norm])
        try net.prepareTreeForInference()
        net.train()
        #expect(throws: TorchError.self) { try net(Tensor.zeros([1, 2, 3, 3])) }
    }
}
