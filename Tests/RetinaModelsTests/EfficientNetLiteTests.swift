import Foundation
import Testing
import FundusImaging
import Torch
import TorchNN
@testable import RetinaModels

@Suite("EfficientNet-Lite")
struct EfficientNetLiteTests {
    /// The repository root, for `bench/reference` and `.build-pretrained`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Blocks end at Lite0's strides and widths, under the names the weight converter writes")
    func shapesAndNames() throws {
        let network = try EfficientNetLite(EfficientNetLiteConfiguration(classes: 2, blocks: 11), generator: RandomGenerator(seed: 1))
        network.eval()
        let x = try Tensor.rand([1, 3, 64, 96], generator: RandomGenerator(seed: 2))
        let (features, logits) = try withNoGrad { let f = try network.forwardFeatures(x); return (f, try network.forwardHead(f)) }
        #expect(features.shape == [1, 112, 4, 6])
        #expect(logits.shape == [1, 2])
        let names = Set(network.stateDict().map(\.name))
        // Block 0 has no expansion (factor 1); block 1 has; block 10 is the last kept.
        for name in ["stem.0.weight", "stem.1.running_var", "blocks.0.depthwise.weight", "blocks.0.projectNorm.bias",
                     "blocks.1.expand.weight", "blocks.1.expandNorm.weight", "blocks.10.project.weight", "head.weight"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(!names.contains("blocks.0.expand.weight") && !names.contains("blocks.11.depthwise.weight"))
        let full = try EfficientNetLite(EfficientNetLiteConfiguration(classes: 2), generator: RandomGenerator(seed: 1))
        #expect(try withNoGrad { try full.forwardFeatures(x) }.shape == [1, 320, 2, 3])
        // Lite0 without its ImageNet classifier and 1×1 head convolution: 2 998 304 values, of which the head here adds 642.
        #expect(full.parameterCount + full.namedBuffers().filter { !$0.name.hasSuffix("num_batches_tracked") }.reduce(0) { $0 + $1.tensor.count }
            == 2_998_304 + 642)
    }

    @Test("Refuses a block count Lite0 does not have")
    func refusesBlockCounts() {
        for blocks in [0, 17] {
            #expect(throws: TorchError.self) { try EfficientNetLite(EfficientNetLiteConfiguration(classes: 2, blocks: blocks), generator: RandomGenerator(seed: 1)) }
        }
    }

    @Test("The architecture round-trips through a card, and a bundle predicts as the network it was written from")
    func bundleRoundTrip() throws {
        let configuration = EfficientNetLiteConfiguration(classes: 2, blocks: 3, dropout: 0.2, evidenceMap: true)
        let json = try JSONEncoder().encode(Architecture.efficientNetLite(configuration))
        #expect(String(decoding: json, as: UTF8.self).hasPrefix("{\"efficientNetLite\":"))
        #expect(try JSONDecoder().decode(Architecture.self, from: json) == .efficientNetLite(configuration))
        #expect(Architecture.efficientNetLite(configuration).withClasses(3) == .efficientNetLite(EfficientNetLiteConfiguration(classes: 3, blocks: 3, dropout: 0.2, evidenceMap: true)))

        let network = try EfficientNetLite(configuration, generator: RandomGenerator(seed: 4))
        let card = ModelCard(name: "lesion-test", version: "0.0.1", task: .lesion, architecture: .efficientNetLite(configuration),
                             preprocessing: Preprocessing(clahe: false, normalization: .imagenet, inputSize: 48), labels: ["normal", "lesion"], threshold: 0.5)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effnet-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelBundle.write(network: network, card: card, to: dir)
        let photo = try FundusImage(SyntheticFundus(size: 80, seed: 2).draw().image)
        let a = try FundusClassifier(card: card, network: network).predict(photo)
        let b = try FundusClassifier(bundle: ModelBundle(directory: dir)).predict(photo)
        #expect(a == b)
        #expect(abs(a.probabilities.reduce(0, +) - 1) < 1e-5)
    }

    @Test("The benchmark's PyTorch reference computes the same logits from the same weights")
    func matchesPyTorchReference() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python), try Self.run(python, ["-c", "import torch, cv2, flask"]) == 0 else {
            print("skipped: /usr/bin/python3 with torch, cv2 and flask not found (scripts/setup.sh --bench installs them)")
            return
        }
        let configuration = EfficientNetLiteConfiguration(classes: 3, blocks: 5, evidenceMap: true)
        let network = try EfficientNetLite(configuration, generator: RandomGenerator(seed: 8))
        // Running statistics away from 0 and 1, so that batch norm in evaluation mode is exercised.
        _ = try withNoGrad { try network(Tensor.randn([4, 3, 40, 56], generator: RandomGenerator(seed: 10)) * 3 + 1) }
        network.eval()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effnet-ref-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = try Tensor.rand([2, 3, 40, 56], generator: RandomGenerator(seed: 9))
        let logits = try withNoGrad { try network(x) }.toArray(of: Float.self)
        try network.save(to: dir.appendingPathComponent("weights.safetensors").path)
        try SafeTensors.write([("input", x)], to: dir.appendingPathComponent("input.safetensors").path)
        let script = """
            import sys, json, torch
            sys.path.insert(0, sys.argv[1])
            from server import EfficientNetLite, read_safetensors
            net = EfficientNetLite(inputChannels=3, classes=3, blocks=5, evidenceMap=True)
            net.load_state_dict(read_safetensors(sys.argv[2] + "/weights.safetensors"))
            net.eval()
            x = read_safetensors(sys.argv[2] + "/input.safetensors")["input"]
            with torch.no_grad():
                print(json.dumps(net(x).flatten().tolist()))
            """
        let output = try Self.output(python, ["-c", script, Self.root.appendingPathComponent("bench/reference").path, dir.path])
        let reference = try JSONDecoder().decode([Float].self, from: Data(output.utf8))
        #expect(reference.count == logits.count)
        let worst = zip(reference, logits).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-4, "largest logit difference \(worst)")
    }

    @Test("ImageNet weights from the converter load into every block (when they have been fetched)")
    func pretrainedWeightsLoad() throws {
        let path = Self.root.appendingPathComponent(".build-pretrained/efficientnet-lite0.safetensors").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: \(path) is absent (python3 scripts/pretrained/efficientnet_lite0.py fetches it)")
            return
        }
        let network = try EfficientNetLite(EfficientNetLiteConfiguration(classes: 2), generator: RandomGenerator(seed: 1))
        let weights = try SafeTensors.read(path).tensors
        let missing = try network.load(weights, strict: false)
        // Only the new head and the batch counters are not in the file.
        #expect(missing.allSatisfy { $0.hasPrefix("head.") || $0.hasSuffix("num_batches_tracked") }, "\(missing)")
        let stem = Dictionary(uniqueKeysWithValues: network.stateDict().map { ($0.name, $0.tensor) })["stem.1.running_var"]
        #expect(try stem?.toArray(of: Float.self) == weights["stem.1.running_var"]?.toArray(of: Float.self))
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func output(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("Inference form of both classifier families: the same probabilities within float tolerance")
    func inferenceForm() throws {
        let networks: [any ClassifierNetwork] = [
            try EfficientNetLite(EfficientNetLiteConfiguration(classes: 2, blocks: 11), generator: RandomGenerator(seed: 4)),
            try ResNet(ResNetConfiguration(classes: 3, widths: [8, 16], blocksPerStage: 1, dropout: 0.2), generator: RandomGenerator(seed: 5)),
        ]
        let g = try RandomGenerator(seed: 6)
        for network in networks {
            for (name, tensor) in network.stateDict() {
                if name.hasSuffix("running_var") { try tensor.setData(Tensor.rand(tensor.shape, generator: g) + 0.5) }
                if name.hasSuffix("running_mean") { try tensor.setData(Tensor.randn(tensor.shape, generator: g) * 0.2) }
            }
            network.eval()
            let x = try Tensor.rand([2, 3, 64, 64], generator: g)
            let reference = try withNoGrad { try network(x).softmax(dim: 1).toArray(of: Float.self) }
            #expect(try network.prepareTreeForInference() > 0)
            let prepared = try withNoGrad { try network(x).softmax(dim: 1).toArray(of: Float.self) }
            #expect(zip(reference, prepared).allSatisfy { abs($0 - $1) < 1e-4 }, "\(reference) against \(prepared)")
        }
    }
}
