import Testing
import Torch
@testable import TorchNN

@Suite("FLOP counter: a forward pass counted from the layers it runs")
struct FLOPCounterTests {
    let generator: RandomGenerator

    init() throws { generator = try RandomGenerator(seed: 3) }

    @Test("A 3×3 convolution: 2 × outputs × (in × 3 × 3)")
    func convolution() throws {
        let conv = try Conv2d(3, 8, kernel: 3, padding: 1, generator: generator)
        let counter = try FLOPCounter.count(conv) { _ = try conv(Tensor.zeros([1, 3, 10, 10])) }
        #expect(counter.total == Double(2 * (8 * 10 * 10) * (3 * 9) as Int))
        #expect(counter.entries.map(\.name) == [""] && counter.entries[0].kind == .convolution)
        // Bytes: input 300, weight 216, output 800 floats.
        #expect(counter.totalBytes == Double((300 + 216 + 800) * 4 as Int))
    }

    @Test("Strided and depthwise convolutions count what they compute")
    func stridedAndDepthwise() throws {
        let strided = try Conv2d(4, 6, kernel: 3, stride: 2, padding: 1, bias: false, generator: generator)
        let count = try FLOPCounter.count(strided) { _ = try strided(Tensor.zeros([2, 4, 8, 8])) }
        #expect(count.total == Double(2 * (2 * 6 * 4 * 4) * (4 * 9) as Int))
        let depthwise = try Conv2d(6, 6, kernel: 3, padding: 1, groups: 6, generator: generator)
        let dw = try FLOPCounter.count(depthwise) { _ = try depthwise(Tensor.zeros([1, 6, 5, 5])) }
        #expect(dw.total == Double(2 * (6 * 5 * 5) * 9 as Int))
    }

    @Test("A 2×2 stride-2 transposed convolution: 2 × inputs × (out × 2 × 2)")
    func transposed() throws {
        let up = try ConvTranspose2d(4, 2, kernel: 2, stride: 2, generator: generator)
        let counter = try FLOPCounter.count(up) { _ = try up(Tensor.zeros([1, 4, 5, 5])) }
        #expect(counter.total == Double(2 * (4 * 5 * 5) * (2 * 4) as Int))
        #expect(counter.entries[0].kind == .transposedConvolution && counter.entries[0].output == [1, 2, 10, 10])
    }

    @Test("Linear: 2 × rows × in × out")
    func linear() throws {
        let linear = try Linear(10, 5, generator: generator)
        let counter = try FLOPCounter.count(linear) { _ = try linear(Tensor.zeros([3, 10])) }
        #expect(counter.total == Double(2 * 3 * 10 * 5 as Int))
    }

    @Test("A tree: every counted layer by its dotted name, batch norm and activations left out; recording stops afterwards")
    func tree() throws {
        let net = Sequential([
            try Conv2d(1, 4, kernel: 3, padding: 1, generator: generator), try BatchNorm2d(4), Lambda.relu,
            try ResidualBlock(4, 8, stride: 2, generator: generator), Lambda.globalAvgPool, try Linear(8, 2, generator: generator),
        ])
        net.eval()
        let counter = try FLOPCounter.count(net) { _ = try withNoGrad { try net(Tensor.zeros([1, 1, 8, 8])) } }
        let stem: Int = 2 * (4 * 64) * 9
        let conv1: Int = 2 * (8 * 16) * (4 * 9)
        let conv2: Int = 2 * (8 * 16) * (8 * 9)
        let projection: Int = 2 * (8 * 16) * 4
        let linear: Int = 2 * 8 * 2
        #expect(counter.total == Double(stem + conv1 + conv2 + projection + linear))
        #expect(counter.entries.map(\.name) == ["0", "3.conv1", "3.conv2", "3.downsample.0", "5"])
        let again = try FLOPCounter.count(Linear(1, 1, generator: generator)) { _ = try withNoGrad { try net(Tensor.zeros([1, 1, 8, 8])) } }
        #expect(again.total == 0)
    }

    @Test("The inference form counts the same operations")
    func inferenceFormCountsAlike() throws {
        let up = try ConvTranspose2d(4, 2, kernel: 2, stride: 2, generator: generator)
        up.eval()
        try up.prepareForInference()
        let counter = try FLOPCounter.count(up) { _ = try withNoGrad { try up(Tensor.zeros([1, 4, 5, 5])) } }
        #expect(counter.total == Double(2 * (4 * 5 * 5) * (2 * 4) as Int))
    }
}
