import RetinaTraining
import Testing
import Torch
import TorchNN

@Suite("FedProx's proximal term")
struct ProximalTermTests {
    @Test("μ/2·‖w − w_global‖² by value, and its gradient μ·(w − w_global) reaches the parameters")
    func valueAndGradient() throws {
        let layer = try Linear(2, 1, generator: RandomGenerator(seed: 1))
        try withNoGrad {
            try layer.weight.copy_(Tensor([Float(1), 2], shape: [1, 2]))
            try layer.bias!.copy_(Tensor([Float(0.5)]))
        }
        let term = try ProximalTerm(model: layer, mu: 0.1)
        #expect(try term().item() == 0, "at the global weights the term is zero")
        try withNoGrad {
            try layer.weight.copy_(Tensor([Float(4), -2], shape: [1, 2]))  // moved by (3, −4): squared distance 25
            try layer.bias!.copy_(Tensor([Float(1.5)]))                    // moved by 1: 1
        }
        let value = try term()
        #expect(abs(try value.item() - 0.1 / 2 * 26) < 1e-5)
        try value.backward()
        let weightGradient = try #require(try layer.weight.grad).toArray(of: Float.self)
        #expect(abs(weightGradient[0] - 0.3) < 1e-5 && abs(weightGradient[1] + 0.4) < 1e-5)
        #expect(abs(try #require(try layer.bias!.grad).item() - 0.1) < 1e-5)
    }

    @Test("μ = 0 is plain FedAvg: no term")
    func zeroMu() throws {
        let layer = try Linear(3, 2, generator: RandomGenerator(seed: 2))
        let term = try ProximalTerm(model: layer, mu: 0)
        try withNoGrad { try layer.weight.add_(1) }
        #expect(try term().item() == 0)
    }
}
