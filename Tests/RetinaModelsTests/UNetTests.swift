import Foundation
import Testing
import FundusImaging
import Torch
import TorchNN
@testable import RetinaModels

@Suite("U-Net, model cards and the vessel segmenter")
struct UNetTests {
    let configuration = UNetConfiguration(inputChannels: 3, outputChannels: 1, baseWidth: 4, depth: 2)

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
