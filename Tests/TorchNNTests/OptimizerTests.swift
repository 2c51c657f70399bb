import Foundation
import Testing
@testable import Torch
@testable import TorchNN

@Suite("Optimisers and schedules")
struct OptimizerTests {
    /// A parameter with the gradient `g` already accumulated (loss = Σ g·p).
    func parameter(_ values: [Float], gradient g: [Float]) throws -> Tensor {
        let p = try Tensor(values).requiringGrad()
        try (p * Tensor(g)).sum().backward()
        return p
    }

    @Test func sgdPlainMomentumNesterovAndDecay() throws {
        let p = try parameter([1, 2], gradient: [0.5, -1])
        try SGD(parameters: [p], learningRate: 0.1).step()
        #expect(try p.toArray(of: Float.self) == [0.95, 2.1])

        let q = try parameter([1], gradient: [1])
        let momentum = try SGD(parameters: [q], learningRate: 0.1, momentum: 0.9)
        try momentum.step()  // buffer 1 → 0.9
        try momentum.step()  // buffer 0.9·1 + 1 = 1.9 → 0.71
        #expect(abs(try q.item() - 0.71) < 1e-6)

        let n = try parameter([1], gradient: [1])
        let nesterov = try SGD(parameters: [n], learningRate: 0.1, momentum: 0.9, nesterov: true)
        try nesterov.step()  // g + 0.9·1 = 1.9 → 0.81
        #expect(abs(try n.item() - 0.81) < 1e-6)

        let d = try parameter([2], gradient: [0])
        try SGD(parameters: [d], learningRate: 0.1, weightDecay: 0.5).step()  // g = 0 + 0.5·2 = 1 → 1.9
        #expect(abs(try d.item() - 1.9) < 1e-6)
        #expect(throws: TorchError.self) { try SGD(parameters: [d], learningRate: 0.1, nesterov: true) }
    }

    @Test func adamWFirstStepsMatchTheDefinition() throws {
        let p = try parameter([1, -1], gradient: [0.2, -3])
        let adam = AdamW(parameters: [p], learningRate: 0.01, weightDecay: 0.1)
        try adam.step()
        // Decay first: p·(1 − lr·wd); the bias-corrected first step is lr·g/(|g| + ε).
        let expected = [1.0, -1.0].map { $0 * (1 - 0.001) }.enumerated().map { $1 - 0.01 * ($0 == 0 ? 1 : -1) }
        let got = try p.toArray(of: Float.self)
        #expect(zip(got, expected).allSatisfy { abs(Double($0) - $1) < 1e-6 })
        try adam.step()  // same gradient again: m̂ = g, v̂ = g², same step size
        #expect(abs(Double(try p.toArray(of: Float.self)[0]) - (expected[0] * 0.999 - 0.01)) < 1e-6)
    }

    @Test func parameterGroupsKeepTheirRates() throws {
        let a = try parameter([1], gradient: [1])
        let b = try parameter([1], gradient: [1])
        let sgd = try SGD([ParameterGroup([a], learningRate: 0.1), ParameterGroup([b], learningRate: 0.01)])
        try sgd.step()
        let (va, vb) = (try a.item(), try b.item())
        #expect(abs(va - 0.9) < 1e-6 && abs(vb - 0.99) < 1e-6)
        sgd.setLearningRates(LearningRateSchedule.step(stepSize: 1, gamma: 0.5).rates([0.1, 0.01], at: 1))
        #expect(sgd.learningRates == [0.05, 0.005])
        try sgd.zeroGrad()
        #expect(try a.grad == nil)
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.constant.factor(at: 100) == 1)
        #expect(LearningRateSchedule.step(stepSize: 10, gamma: 0.1).factor(at: 25) == Foundation.pow(0.1, 2))
        let cosine = LearningRateSchedule.cosine(totalSteps: 100, minimumFactor: 0.1)
        #expect(cosine.factor(at: 0) == 1)
        #expect(abs(cosine.factor(at: 50) - 0.55) < 1e-12)
        #expect(abs(cosine.factor(at: 100) - 0.1) < 1e-12 && abs(cosine.factor(at: 500) - 0.1) < 1e-12)
        let warm = LearningRateSchedule.warmup(warmupSteps: 10, startFactor: 0, then: cosine)
        #expect(warm.factor(at: 0) == 0 && warm.factor(at: 5) == 0.5 && warm.factor(at: 10) == 1)
    }
}
