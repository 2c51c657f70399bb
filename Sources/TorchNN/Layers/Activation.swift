import Torch

/// A parameter-free layer from a tensor function: activations, pooling, reshaping.
public final class Lambda: ModuleBase, Layer {
    public let name: String
    let body: (Tensor) throws -> Tensor

    public init(_ name: String, _ body: @escaping (Tensor) throws -> Tensor) {
        self.name = name
        self.body = body
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try body(input) }

    public static var relu: Lambda { Lambda("relu") { try $0.relu() } }
    public static var relu6: Lambda { Lambda("relu6") { try $0.relu6() } }
    public static var gelu: Lambda { Lambda("gelu") { try $0.gelu() } }
    public static var sigmoid: Lambda { Lambda("sigmoid") { try $0.sigmoid() } }
    public static var tanh: Lambda { Lambda("tanh") { try $0.tanh() } }
    public static func leakyRelu(slope: Double = 0.01) -> Lambda { Lambda("leaky_relu") { try $0.leakyRelu(slope: slope) } }
    public static func maxPool(_ kernel: Pair, stride: Pair? = nil) -> Lambda { Lambda("max_pool") { try $0.maxPool2d(kernel: kernel, stride: stride) } }
    public static func avgPool(_ kernel: Pair, stride: Pair? = nil) -> Lambda { Lambda("avg_pool") { try $0.avgPool2d(kernel: kernel, stride: stride) } }
    public static var globalAvgPool: Lambda { Lambda("global_avg_pool") { try $0.adaptiveAvgPool2d(1).flattened(from: 1) } }
    public static var flatten: Lambda { Lambda("flatten") { try $0.flattened(from: 1) } }
}
