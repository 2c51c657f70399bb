import Foundation
import Testing
@testable import Torch

@Suite("Tensor creation, dtypes and views")
struct TensorBasicsTests {
    @Test func roundTripsValuesAndShape() throws {
        let t = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(t.shape == [2, 3])
        #expect(t.dtype == .float32)
        #expect(try t.toArray(of: Float.self) == [1, 2, 3, 4, 5, 6])
        #expect(throws: TorchError.self) { try Tensor([1, 2, 3] as [Float], shape: [2, 2]) }
    }

    @Test("Every dtype converts and reads back", arguments: DType.allCases)
    func dtypes(dtype: DType) throws {
        let t = try Tensor([0, 1, 2, 3] as [Float]).to(dtype)
        #expect(t.dtype == dtype)
        #expect(try t.bytes().count == 4 * dtype.byteSize)
        let back = try t.to(.float32).toArray(of: Float.self)
        #expect(back == (dtype == .bool ? [0, 1, 1, 1] : [0, 1, 2, 3]))
    }

    @Test func factories() throws {
        #expect(try Tensor.zeros([2, 2]).toArray(of: Float.self) == [0, 0, 0, 0])
        #expect(try Tensor.ones([3], dtype: .int64).toArray(of: Int64.self) == [1, 1, 1])
        #expect(try Tensor.arange(0, 5, step: 2).toArray(of: Float.self) == [0, 2, 4])
        #expect(try Tensor.full([2], value: 7, dtype: .uint8).toArray(of: UInt8.self) == [7, 7])
    }

    @Test("Seeded generators repeat exactly")
    func seededRandom() throws {
        let a = try Tensor.randn([100], generator: RandomGenerator(seed: 42)).toArray(of: Float.self)
        let b = try Tensor.randn([100], generator: RandomGenerator(seed: 42)).toArray(of: Float.self)
        let c = try Tensor.randn([100], generator: RandomGenerator(seed: 43)).toArray(of: Float.self)
        #expect(a == b)
        #expect(a != c)
        let u = try Tensor.rand([1000], generator: RandomGenerator(seed: 1))
        #expect(try u.min().item() >= 0 && u.max().item() < 1)
        let perm = try RandomGenerator(seed: 3).permutation(10)
        #expect(perm.sorted() == Array(0 ..< 10))
        let ints = try Tensor.randint(5 ..< 8, shape: [200], generator: RandomGenerator(seed: 4)).toArray(of: Int64.self)
        #expect(Set(ints) == [5, 6, 7])
        let g = try RandomGenerator(seed: 5)
        let indices = try (0 ..< 300).map { _ in try g.index(below: 3) }
        #expect(Set(indices) == [0, 1, 2])
        let picks = try (0 ..< 50).map { _ in try g.element(of: ["a", "b"]) }
        #expect(Set(picks) == ["a", "b"])
        #expect(try g.element(of: ["only"]) == "only")
        #expect(throws: TorchError.self) { try g.element(of: [String]()) }
    }

    @Test func viewsAndShapes() throws {
        let t = try Tensor.arange(0, 6).reshaped([2, 3])
        #expect(try t.transposed(0, 1).contiguous().toArray(of: Float.self) == [0, 3, 1, 4, 2, 5])
        #expect(try t.permuted([1, 0]).shape == [3, 2])
        #expect(try t.unsqueezed(0).shape == [1, 2, 3])
        #expect(try t.unsqueezed(0).squeezed(0).shape == [2, 3])
        #expect(try t.flattened().shape == [6])
        #expect(try t.reshaped([-1]).shape == [6])
        #expect(try t.flipped([1]).toArray(of: Float.self) == [2, 1, 0, 5, 4, 3])
        #expect(try Tensor([1, 2] as [Float], shape: [2, 1]).expanded(to: [2, 3]).toArray(of: Float.self) == [1, 1, 1, 2, 2, 2])
    }

    @Test func slicingAndIndexing() throws {
        let t = try Tensor.arange(0, 12).reshaped([3, 4])
        #expect(try t.slice(dim: 1, start: 1, end: 3).toArray(of: Float.self) == [1, 2, 5, 6, 9, 10])
        #expect(try t.slice(dim: 0, start: 0, step: 2).toArray(of: Float.self) == [0, 1, 2, 3, 8, 9, 10, 11])
        #expect(try t.select(dim: 0, index: 1).toArray(of: Float.self) == [4, 5, 6, 7])
        #expect(try t.indexSelect(dim: 0, indices: Tensor([2, 0] as [Int64])).toArray(of: Float.self) == [8, 9, 10, 11, 0, 1, 2, 3])
        let mask = try t.gt(8)
        #expect(try t.masked(by: mask).toArray(of: Float.self) == [9, 10, 11])
        #expect(try t.maskedFill(t.lt(10), with: -1).toArray(of: Float.self) == Array(repeating: -1, count: 10) + [10, 11])
        #expect(try Tensor.where(t.ge(6), t, t * 0).sum().item() == 6 + 7 + 8 + 9 + 10 + 11)
        #expect(try t.gather(dim: 1, indices: Tensor([0, 3, 1] as [Int64], shape: [3, 1])).toArray(of: Float.self) == [0, 7, 9])
        let a = try Tensor.ones([2, 2])
        #expect(try Tensor.cat([a, a * 2], dim: 1).toArray(of: Float.self) == [1, 1, 2, 2, 1, 1, 2, 2])
        #expect(try Tensor.stack([a, a], dim: 0).shape == [2, 2, 2])
    }

    @Test("libtorch errors become Swift errors with libtorch's message")
    func errorsAreThrown() throws {
        let a = try Tensor.ones([2, 3])
        let b = try Tensor.ones([4, 5])
        let error = #expect(throws: TorchError.self) { try a.matmul(b) }
        #expect(error?.message.contains("cannot be multiplied") == true || error?.message.contains("shape") == true)
        #expect(throws: TorchError.self) { try a + b }
        #expect(throws: TorchError.self) { try a.reshaped([7]) }
        #expect(throws: TorchError.self) { try a.select(dim: 5, index: 0) }
        #expect(throws: TorchError.self) { try a.to(.cuda(0)) }
        #expect(throws: TorchError.self) { try Runtime.setThreadCount(0) }
        // The failing calls left nothing behind: the thread can go on.
        #expect(try (a * 2).sum().item() == 12)
    }
}

@Suite("Element-wise maths, reductions and selection")
struct ArithmeticTests {
    @Test func broadcastingArithmetic() throws {
        let a = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        let row = try Tensor([10, 20] as [Float], shape: [1, 2])
        #expect(try (a + row).toArray(of: Float.self) == [11, 22, 13, 24])
        #expect(try (a - row).toArray(of: Float.self) == [-9, -18, -7, -16])
        #expect(try (a * row).toArray(of: Float.self) == [10, 40, 30, 80])
        #expect(try (row / a).toArray(of: Float.self) == [10, 10, 10 / 3, 5])
        #expect(try (2 - a).toArray(of: Float.self) == [1, 0, -1, -2])
        #expect(try (1 / a).toArray(of: Float.self) == [1, 0.5, Float(1) / 3, 0.25])
        #expect(try (-a).pow(2).toArray(of: Float.self) == [1, 4, 9, 16])
        #expect(try Tensor.maximum(a, row / 5).toArray(of: Float.self) == [2, 4, 3, 4])
        #expect(try a.clamped(min: 2, max: 3).toArray(of: Float.self) == [2, 2, 3, 3])
    }

    @Test func unaryAndActivations() throws {
        let x = try Tensor([-2, -0.5, 0, 1] as [Float])
        #expect(try x.relu().toArray(of: Float.self) == [0, 0, 0, 1])
        #expect(try x.leakyRelu(slope: 0.1).toArray(of: Float.self) == [-0.2, -0.05, 0, 1])
        #expect(try x.abs().toArray(of: Float.self) == [2, 0.5, 0, 1])
        #expect(try x.sign().toArray(of: Float.self) == [-1, -1, 0, 1])
        let s = try x.sigmoid().toArray(of: Float.self)
        #expect(abs(s[2] - 0.5) < 1e-7 && abs(s[3] - 0.7310586) < 1e-6)
        let g = try x.gelu().toArray(of: Float.self)
        #expect(abs(g[3] - 0.8413447) < 1e-5 && g[2] == 0)
        #expect(abs(try x.tanh().toArray(of: Float.self)[3] - 0.7615942) < 1e-6)
        #expect(try Tensor([1, 4, 9] as [Float]).sqrt().toArray(of: Float.self) == [1, 2, 3])
        #expect(abs(try Tensor([1] as [Float]).exp().item() - 2.718281828) < 1e-6)
    }

    @Test func softmaxRows() throws {
        let logits = try Tensor([0, 0, Float(log(2.0)), 0] as [Float], shape: [2, 2])
        let p = try logits.softmax(dim: 1).toArray(of: Float.self)
        #expect(abs(p[0] - 0.5) < 1e-6 && abs(p[2] - 2.0 / 3) < 1e-6)
        let lp = try logits.logSoftmax(dim: 1).toArray(of: Float.self)
        #expect(abs(lp[3] - Float(log(1.0 / 3))) < 1e-6)
    }

    @Test func reductions() throws {
        let t = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(try t.sum().item() == 21)
        #expect(try t.sum(dims: [0]).toArray(of: Float.self) == [5, 7, 9])
        #expect(try t.mean(dims: [1], keepDims: true).shape == [2, 1])
        #expect(try t.mean(dims: [1]).toArray(of: Float.self) == [2, 5])
        #expect(try t.max().item() == 6 && t.min().item() == 1)
        #expect(try t.max(dims: [1]).toArray(of: Float.self) == [3, 6])
        #expect(try t.product(dims: [1]).toArray(of: Float.self) == [6, 120])
        #expect(try t.product().item() == 720)
        #expect(abs(try t.variance().item() - 3.5) < 1e-6)
        #expect(abs(try t.standardDeviation(dims: [1]).toArray(of: Float.self)[0] - 1) < 1e-6)
        #expect(try t.gt(5).any().item() == 1 && t.gt(5).all().item() == 0)
    }

    @Test func argmaxTopKSort() throws {
        let t = try Tensor([3, 9, 1, 7, 2, 8] as [Float], shape: [2, 3])
        #expect(try t.argmax().item() == 1)
        #expect(try t.argmax(dim: 1).toArray(of: Int64.self) == [1, 2])
        #expect(try t.argmin(dim: 0).toArray(of: Int64.self) == [0, 1, 0])
        let top = try t.flattened().topK(2)
        #expect(try top.values.toArray(of: Float.self) == [9, 8])
        #expect(try top.indices.toArray(of: Int64.self) == [1, 5])
        #expect(try t.sorted(dim: 1, descending: true).values.toArray(of: Float.self) == [9, 3, 1, 8, 7, 2])
    }

    @Test func comparisonsAndLogic() throws {
        let a = try Tensor([1, 2, 3] as [Float])
        let b = try Tensor([3, 2, 1] as [Float])
        #expect(try a.eq(b).toArray(of: Bool.self) == [false, true, false])
        #expect(try a.lt(b).toArray(of: Bool.self) == [true, false, false])
        #expect(try a.ge(2).logicalAnd(b.ge(2)).toArray(of: Bool.self) == [false, true, false])
        #expect(try a.ge(3).logicalOr(b.ge(3)).logicalNot().toArray(of: Bool.self) == [false, true, false])
    }

    @Test func matmulExact() throws {
        let a = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let b = try Tensor([7, 8, 9, 10, 11, 12] as [Float], shape: [3, 2])
        #expect(try a.matmul(b).toArray(of: Float.self) == [58, 64, 139, 154])
    }
}
