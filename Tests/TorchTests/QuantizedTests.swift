import Testing
@testable import Torch

@Suite("int8: quantized tensors, packed convolutions and joins against float32")
struct QuantizedTests {
    @Test("Quantize and dequantize: the 8-bit grid of scale and zero point, values outside clamped")
    func roundTrip() throws {
        guard Runtime.hasQuantizedEngine else { return }
        let x = try Tensor([-1.0, -0.26, 0, 0.5, 3.0] as [Float], shape: [5])
        let q = try x.quantized(scale: 0.01, zeroPoint: 100)
        #expect(q.isQuantized && !x.isQuantized)
        // -1.0 → 0 (clamped: -1.0 / 0.01 + 100 = 0), -0.26 → 74, 0 → 100, 0.5 → 150, 3.0 → 255 (clamped: 1.55).
        let back = try q.dequantized().toArray(of: Float.self)
        let expected: [Float] = [-1.0, -0.26, 0, 0.5, 1.55]
        #expect(zip(back, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(back)")
    }

    @Test("A packed 3×3 convolution with fused ReLU matches float32 within its quantization error")
    func convolution() throws {
        guard Runtime.selectQuantizedEngine() != nil else { return }
        let g = try RandomGenerator(seed: 11)
        let input = try Tensor.randn([1, 8, 12, 10], generator: g).channelsLast()
        let weight = try Tensor.randn([16, 8, 3, 3], generator: g) * 0.2
        let bias = try Tensor.randn([16], generator: g) * 0.1
        let reference = try input.conv2d(weight: weight, bias: bias, padding: 1).relu()
        let top = try reference.max().item()
        let conv = try QuantizedConvolution(weight: weight, bias: bias, padding: 1)
        let output = try conv(input.quantized(scale: 8.0 / 255, zeroPoint: 128), scale: top / 255, zeroPoint: 0, relu: true)
        #expect(output.isQuantized && output.shape == [1, 16, 12, 10])
        let worst = try (output.dequantized() - reference).abs().max().item()
        // Input steps of 0.031, weight steps of |w|max / 127, output steps of top / 255: a few percent of the range.
        #expect(worst < 0.06 * top, "largest error \(worst) of range \(top)")
        #expect(try output.dequantized().min().item() >= 0, "ReLU fused")
    }

    @Test("A join requantizes both parts to one scale and zero point")
    func join() throws {
        guard Runtime.selectQuantizedEngine() != nil else { return }
        let a = try Tensor([0, 1, 2, 3] as [Float], shape: [1, 1, 2, 2]).quantized(scale: 0.02, zeroPoint: 0)
        let b = try Tensor([-1, 0, 0.5, 1] as [Float], shape: [1, 1, 2, 2]).quantized(scale: 0.01, zeroPoint: 128)
        let joined = try Tensor.quantizedCat([a, b], dim: 1, scale: 4.0 / 255, zeroPoint: 64)
        #expect(joined.shape == [1, 2, 2, 2])
        let values = try joined.dequantized().toArray(of: Float.self)
        let expected: [Float] = [0, 1, 2, 3, -1, 0, 0.5, 1]
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 2.0 / 255 + 1e-6 }, "\(values)")
    }
}
