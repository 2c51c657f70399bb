import Torch

/// Floating-point operations of one forward pass, counted from the architecture:
/// every `Conv2d`, `ConvTranspose2d` and `Linear` of a module tree reports the
/// shapes it ran on while `count` runs the pass. A multiply-add counts as two
/// operations; bias, batch norm, activations and pooling are left out (under 1 %
/// of a convolutional network's arithmetic). The bytes each layer moves at least
/// (input, weights and output, once each) give its arithmetic intensity, which says
/// whether memory bandwidth or arithmetic bounds it.
public final class FLOPCounter {
    public enum Kind: String, Sendable { case convolution, transposedConvolution = "transposed convolution", linear }

    public struct Entry: Sendable {
        /// Dotted name of the layer in the tree (`encoder.0.conv1`).
        public var name: String
        public var kind: Kind
        public var input: [Int]
        public var output: [Int]
        public var flops: Double
        /// Input, weight and output bytes, each read or written once.
        public var bytes: Double
    }

    /// What a counted layer holds while the pass runs.
    struct Recorder {
        let counter: FLOPCounter
        let name: String
    }

    public private(set) var entries: [Entry] = []

    public var total: Double { entries.reduce(0) { $0 + $1.flops } }
    public var totalBytes: Double { entries.reduce(0) { $0 + $1.bytes } }

    init() {}

    /// Runs `forward` (one pass of `module` at the input size to count) with every
    /// counted layer of `module` reporting, and returns the count. The layers stop
    /// reporting when it returns, whether or not `forward` threw.
    public static func count(_ module: any Module, _ forward: () throws -> Void) throws -> FLOPCounter {
        let counter = FLOPCounter()
        let layers = counted(module, prefix: "")
        for (name, layer) in layers { layer.flopRecorder = Recorder(counter: counter, name: name) }
        defer { for (_, layer) in layers { layer.flopRecorder = nil } }
        try forward()
        return counter
    }

    private static func counted(_ module: any Module, prefix: String) -> [(String, ModuleBase)] {
        let isCounted = module is Conv2d || module is ConvTranspose2d || module is Linear
        let own = isCounted ? (module as? ModuleBase).map { [(prefix, $0)] } ?? [] : []
        return own + module.children.flatMap { counted($0.module, prefix: prefix.isEmpty ? $0.name : prefix + "." + $0.name) }
    }

    func record(_ name: String, _ kind: Kind, input: Tensor, weight: Tensor, output: Tensor) {
        let flops: Double = switch kind {
        case .convolution: Self.convolution(output: output.shape, weight: weight.shape)
        case .transposedConvolution: Self.transposedConvolution(input: input.shape, weight: weight.shape)
        case .linear: Self.linear(input: input.shape, weight: weight.shape)
        }
        let elementBytes = Double(input.dtype.byteSize)
        let bytes = Double(input.count + weight.count + output.count) * elementBytes
        entries.append(Entry(name: name, kind: kind, input: input.shape, output: output.shape, flops: flops, bytes: bytes))
    }

    /// 2 × every output element × the inputs one output sees: weight (out, in / groups, kH, kW).
    public static func convolution(output: [Int], weight: [Int]) -> Double {
        2 * Double(output.reduce(1, *)) * Double(weight.dropFirst().reduce(1, *))
    }

    /// 2 × every input element × the outputs it reaches: weight (in, out / groups, kH, kW).
    public static func transposedConvolution(input: [Int], weight: [Int]) -> Double {
        2 * Double(input.reduce(1, *)) * Double(weight.dropFirst().reduce(1, *))
    }

    /// 2 × input rows × in × out features: weight (out, in).
    public static func linear(input: [Int], weight: [Int]) -> Double {
        2 * Double(input.reduce(1, *)) * Double(weight.first ?? 0)
    }
}
