import Foundation
import Testing
import FundusImaging
import Torch
import TorchNN
@testable import RetinaModels

@Suite("U-Net, model cards and the vessel segmenter")
struct UNetTests {
    let configuration = UNetConfiguration(inputChannels: 3, outputChannels: 1, baseWidth: 4, depth: 2)

    /// `net` with batch norm running statistics far from the identity, as a trained network has.
    static func withTrainedStatistics(_ net: UNet, seed: UInt64) throws -> UNet {
        let g = try RandomGenerator(seed: seed)
        for (name, tensor) in net.stateDict() {
            if name.hasSuffix("running_var") { try tensor.setData(Tensor.rand(tensor.shape, generator: g) + 0.5) }
            if name.hasSuffix("running_mean") { try tensor.setData(Tensor.randn(tensor.shape, generator: g) * 0.3) }
        }
        return net
    }

    @Test func shapesAndNames() throws {
        let net = try UNet(configuration, generator: RandomGenerator(seed: 1))
        let out = try net(Tensor.randn([2, 3, 16, 24], generator: RandomGenerator(seed: 2)))
        #expect(out.shape == [2, 1, 16, 24])
        #expect(throws: TorchError.self) { try net(Tensor.zeros([1, 3, 15, 16])) }
        let names = net.stateDict().map(\.name)
        #expect(names.contains("encoder.0.conv1.weight") && names.contains("bottleneck.bn2.running_var"))
        #expect(names.contains("upsample.1.weight") && names.contains("decoder.1.conv2.weight") && names.contains("head.bias"))
    }

    @Test("Reduced precision: bfloat16 channels-last weights, float32 output close to the float32 network's")
    func reducedPrecision() throws {
        let net = try UNet(configuration, generator: RandomGenerator(seed: 5))
        net.eval()
        let input = try Tensor.randn([1, 3, 32, 48], generator: RandomGenerator(seed: 6))
        let reference = try withNoGrad { try net(input).sigmoid().toArray(of: Float.self) }
        try net.useReducedPrecision()
        #expect(net.reducedPrecision)
        let weights = Dictionary(uniqueKeysWithValues: net.stateDict().map { ($0.name, $0.tensor) })
        #expect(weights["encoder.0.conv1.weight"]?.dtype == .bfloat16)
        #expect(weights["bottleneck.bn1.num_batches_tracked"]?.dtype == .int64)
        // The transposed convolutions' own weights are left alone: a 1×1 convolution stands in for them.
        #expect(weights["upsample.0.weight"]?.dtype == .float32)
        let output = try withNoGrad { try net(input) }
        #expect(output.dtype == .float32 && output.shape == [1, 1, 32, 48])
        let reduced = try output.sigmoid().toArray(of: Float.self)
        let worst = zip(reference, reduced).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 0.05, "largest probability change \(worst)")
        #expect(worst > 0, "the computation did not change precision")
    }

    @Test("Float32 inference form: batch norm folded, channels-last, 1×1 upsampling; the same logits within float tolerance; FLOPs as counted by hand")
    func inferenceForm() throws {
        let net = try Self.withTrainedStatistics(UNet(configuration, generator: RandomGenerator(seed: 7)), seed: 8)
        net.eval()
        let input = try Tensor.randn([1, 3, 32, 48], generator: RandomGenerator(seed: 9))
        let reference = try withNoGrad { try net(input) }
        let counted = try FLOPCounter.count(net) { _ = try withNoGrad { try net(input) } }
        try net.prepareForInference()
        #expect(net.preparedForInference)
        let prepared = try withNoGrad { try net(input) }
        #expect(prepared.shape == [1, 1, 32, 48])
        let worst = try (prepared - reference).abs().max().item()
        #expect(worst < 1e-4, "largest logit change \(worst)")
        #expect(throws: TorchError.self) { try net.useReducedPrecision() }
        // Widths 4, 8, 16 at 32×48, 16×24, 8×12 (depth 2): encoder, bottleneck, 2×2 upsampling, decoder, head.
        // Multiply-adds per pixel of each level (× 9 for a 3×3 kernel), then pixels per level.
        let level0: Int = 4 * 3 * 9 + 4 * 4 * 9 + 4 * 8 * 9 + 4 * 4 * 9 + 4 * 1   // encoder.0, decoder.1, head
        let level1: Int = 8 * 4 * 9 + 8 * 8 * 9 + 8 * 16 * 9 + 8 * 8 * 9          // encoder.1, decoder.0
        let level2: Int = 16 * 8 * 9 + 16 * 16 * 9                                // bottleneck
        let upsampling: Int = (8 * 16 * 4) * (8 * 12) + (4 * 8 * 4) * (16 * 24)     // per input pixel × input pixels
        let expected: Int = 2 * (level0 * (32 * 48) + level1 * (16 * 24) + level2 * (8 * 12) + upsampling)
        #expect(counted.total == Double(expected))
        #expect(counted.entries.count == 5 * 2 + 2 + 1)  // 5 conv blocks, 2 upsamplings, the head
    }

    @Test("int8: ranges observed on the float32 inference form, every activation named; probabilities close to float32's")
    func int8Form() throws {
        guard Runtime.hasQuantizedEngine else { return }
        let net = try Self.withTrainedStatistics(UNet(configuration, generator: RandomGenerator(seed: 12)), seed: 13)
        net.eval()
        #expect(throws: TorchError.self) { try net.observe(ActivationObserver()) }  // only on the inference form
        try net.prepareForInference()
        let observer = ActivationObserver()
        try net.observe(observer)
        let inputs = try (0 ..< 4).map { try Tensor.randn([1, 3, 32, 48], generator: RandomGenerator(seed: 20 + UInt64($0))) }
        let reference = try withNoGrad { try inputs.map { try net($0).sigmoid().toArray(of: Float.self) } }
        net.stopObserving()
        let ranges = observer.ranges(source: "constructed")
        #expect(ranges.inputs == 4)
        // Depth 2: input, 5 blocks × 2 convolutions, 2 upsamplings, 2 joins.
        #expect(ranges.ranges.count == 1 + 10 + 2 + 2)
        #expect(ranges.ranges["encoder.0.conv1"]?[0] == 0, "after ReLU")
        #expect((ranges.ranges["upsample.0"]?[0] ?? 0) < 0, "an upsampling has no ReLU")

        var missing = ranges
        missing.ranges["concat.1"] = nil
        #expect(throws: TorchError.self) { try UNet(configuration, generator: RandomGenerator(seed: 12)).useInt8(missing) }
        try net.useInt8(ranges)
        #expect(net.runsInInt8)
        let quantized = try withNoGrad { try inputs.map { try net($0) } }
        #expect(quantized.allSatisfy { $0.shape == [1, 1, 32, 48] && !$0.isQuantized })
        let probabilities = try quantized.map { try $0.sigmoid().toArray(of: Float.self) }
        let errors = zip(reference.joined(), probabilities.joined()).map { abs($0 - $1) }
        let mean = errors.reduce(0, +) / Float(errors.count)
        #expect(mean < 0.02, "mean probability change \(mean)")
        #expect((errors.max() ?? 1) < 0.15, "largest probability change \(errors.max() ?? 1)")
        #expect(mean > 0, "the computation did not change arithmetic")
    }

    @Test("Activation ranges: scale and zero point by hand; the file round-trips")
    func activationRanges() throws {
        let ranges = UNetActivationRanges(ranges: ["input": [-2, 2], "relu": [0, 5.1], "positive": [0.5, 2.55]], inputs: 3, source: "hand")
        let input = try ranges.parameters("input")
        #expect(abs(input.scale - 4.0 / 255) < 1e-12 && input.zeroPoint == 128)  // 2 / (4 / 255) = 127.5 → 128
        let relu = try ranges.parameters("relu")
        #expect(abs(relu.scale - 0.02) < 1e-12 && relu.zeroPoint == 0)
        let positive = try ranges.parameters("positive")  // 0 is kept inside the range
        #expect(abs(positive.scale - 0.01) < 1e-12 && positive.zeroPoint == 0)
        #expect(throws: TorchError.self) { try ranges.parameters("absent") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ranges-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try UNetActivationRanges.read(from: dir) == nil)
        try ranges.write(to: dir)
        #expect(try UNetActivationRanges.read(from: dir) == ranges)
    }

    @Test("A bundle written and read back predicts the same, on any image size")
    func bundleRoundTrip() throws {
        let net = try UNet(configuration, generator: RandomGenerator(seed: 3))
        let card = ModelCard(name: "vessels-test", version: "0.0.1", task: .vessels, architecture: .unet(configuration),
                             preprocessing: Preprocessing(clahe: true, normalization: .imagenet), labels: ["background", "vessel"], threshold: 0.5)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelBundle.write(network: net, card: card, to: dir)
        let bundle = try ModelBundle(directory: dir)
        #expect(bundle.card == card)
        let image = try SyntheticFundus(size: 37, seed: 1).draw().image   // 37 is not a multiple of 4: padded and cropped
        let a = try Segmenter(card: card, network: net).probabilities(for: image)
        let b = try Segmenter(bundle: bundle).probabilities(for: image)
        #expect(a.width == 37 && a.height == 37 && a.values.count == 37 * 37)
        #expect(a.values == b.values)
        #expect(a.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        let mask = try a.mask(threshold: 0.5)
        #expect(mask.pixels.allSatisfy { $0 == 0 || $0 == 255 })
    }

    @Test func architectureJSON() throws {
        let json = try JSONEncoder().encode(Architecture.unet(configuration))
        #expect(String(decoding: json, as: UTF8.self).hasPrefix("{\"unet\":"))
        #expect(try JSONDecoder().decode(Architecture.self, from: json) == .unet(configuration))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Architecture.self, from: Data("{\"vit\":{}}".utf8)) }
    }
}
