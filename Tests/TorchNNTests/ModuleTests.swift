import Foundation
import Testing
@testable import Torch
@testable import TorchNN

/// A small model with nesting, for naming and loading tests.
final class TinyNet: ModuleBase, Layer {
    let features: Sequential
    let head: Linear

    init(generator: RandomGenerator, classes: Int = 2) throws {
        features = Sequential([
            try Conv2d(1, 4, kernel: 3, padding: 1, generator: generator), try BatchNorm2d(4), Lambda.relu,
            try ResidualBlock(4, 8, stride: 2, generator: generator), Lambda.globalAvgPool,
        ])
        head = try Linear(8, classes, generator: generator)
    }

    var children: [(name: String, module: any Module)] { [("features", features), ("head", head)] }

    func callAsFunction(_ input: Tensor) throws -> Tensor { try head(features(input)) }
}

@Suite("Modules, parameter names and checkpoints")
struct ModuleTests {
    @Test("Parameter names are stable dotted paths, as in PyTorch")
    func dottedNames() throws {
        let net = try TinyNet(generator: RandomGenerator(seed: 1))
        let names = net.stateDict().map(\.name)
        #expect(names.prefix(2) == ["features.0.weight", "features.0.bias"])
        #expect(names.contains("features.3.conv1.weight"))
        #expect(names.contains("features.3.downsample.0.weight"))
        #expect(names.contains("features.1.running_mean"))
        #expect(names.contains("features.3.bn2.num_batches_tracked"))
        #expect(names.contains("head.bias"))
        #expect(Set(names).count == names.count)
        #expect(net.parameterCount == 4 * 9 + 4 + 8 + (8 * 4 * 9 + 16 + 8 * 8 * 9 + 16 + 8 * 4 + 16) + 8 * 2 + 2)
    }

    @Test func trainEvalReachesEveryModule() throws {
        let net = try TinyNet(generator: RandomGenerator(seed: 1))
        net.eval()
        #expect(!net.features.isTraining && !(net.features.layers[3] as! ResidualBlock).bn1.isTraining)
        net.train()
        #expect((net.features.layers[3] as! ResidualBlock).bn1.isTraining)
    }

    @Test func freezingByPrefix() throws {
        let net = try TinyNet(generator: RandomGenerator(seed: 1))
        #expect(try net.setTrainable(false, prefixes: ["features."]) == net.namedParameters().count - 2)
        #expect(net.namedParameters().filter(\.tensor.requiresGrad).map(\.name) == ["head.weight", "head.bias"])
        try net.setTrainable(true)
        #expect(net.parameters().allSatisfy { $0.requiresGrad })
    }

    @Test("Strict loading names the offending key and changes nothing on failure")
    func strictLoading() throws {
        let source = try TinyNet(generator: RandomGenerator(seed: 1))
        let target = try TinyNet(generator: RandomGenerator(seed: 2))
        var weights = Dictionary(uniqueKeysWithValues: source.stateDict().map { ($0.name, $0.tensor) })
        let before = try target.head.weight.toArray(of: Float.self)

        weights["extra.weight"] = try Tensor.zeros([1])
        #expect(throws: StateDictError.unexpectedKey("extra.weight")) { try target.load(weights) }
        weights["extra.weight"] = nil

        let bias = weights.removeValue(forKey: "head.bias")
        #expect(throws: StateDictError.missingKey("head.bias")) { try target.load(weights) }
        #expect(try target.load(weights, strict: false) == ["head.bias"])
        weights["head.bias"] = bias

        weights["head.weight"] = try Tensor.zeros([3, 8])
        #expect(throws: StateDictError.shapeMismatch(key: "head.weight", expected: [2, 8], found: [3, 8])) {
            try target.load(weights, strict: false)
        }
        #expect(try target.head.weight.toArray(of: Float.self) != before)  // the non-strict load above did copy
        let firstConv = target.features.layers[0] as! Conv2d
        let unchanged = try firstConv.weight.toArray(of: Float.self)
        #expect(throws: StateDictError.self) { try target.load(weights) }
        #expect(try firstConv.weight.toArray(of: Float.self) == unchanged)
    }

    @Test("Checkpoints round-trip through safetensors files, with key mapping")
    func safetensorsRoundTrip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try TinyNet(generator: RandomGenerator(seed: 1))
        try source.save(to: path, metadata: ["recipe": "test"])
        let file = try SafeTensors.read(path)
        #expect(file.metadata == ["recipe": "test"])
        #expect(file.order == source.stateDict().map(\.name))
        #expect(file.tensors["features.3.bn2.num_batches_tracked"]?.dtype == .int64)

        let target = try TinyNet(generator: RandomGenerator(seed: 2))
        try target.load(from: path)
        for ((name, a), (_, b)) in zip(source.stateDict(), target.stateDict()) {
            #expect(try a.to(.float64).toArray(of: Double.self) == b.to(.float64).toArray(of: Double.self), "\(name)")
        }
        // A backbone saved under one prefix loads into another model's prefix; the head stays.
        let fresh = try TinyNet(generator: RandomGenerator(seed: 3), classes: 2)
        let missing = try fresh.load(from: path, strict: false) { $0.hasPrefix("features.") ? $0 : nil }
        #expect(missing == ["head.weight", "head.bias"])
    }

    @Test("Malformed safetensors files are named errors")
    func malformedFiles() throws {
        #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.decode(Data([1, 2, 3])) }
        var huge = Data([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        huge.append(contentsOf: Array("{}".utf8))
        #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.decode(huge) }
        let hostile = #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#
        var overflowing = Data()
        withUnsafeBytes(of: UInt64(hostile.utf8.count).littleEndian) { overflowing.append(contentsOf: $0) }
        overflowing.append(contentsOf: Array(hostile.utf8))
        #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.decode(overflowing) }
        let good = try SafeTensors.encode([("w", Tensor.ones([4]))])
        #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.decode(good.prefix(good.count - 1)) }
        #expect(try SafeTensors.decode(good).tensors["w"]?.toArray(of: Float.self) == [1, 1, 1, 1])
    }
}
