#include "LibtorchBaseline.h"
#include <torch/torch.h>
#include <chrono>

namespace {
/// conv–BN–ReLU ×3 (the middle one strided), global average pool, linear: as SmallConvNet in the Swift bench.
struct SmallConvNetImpl : torch::nn::Module {
  torch::nn::Sequential features;
  torch::nn::Linear head{nullptr};

  SmallConvNetImpl() {
    using namespace torch::nn;
    features = register_module("features", Sequential(
        Conv2d(Conv2dOptions(3, 16, 3).padding(1).bias(false)), BatchNorm2d(16), ReLU(),
        Conv2d(Conv2dOptions(16, 32, 3).padding(1).stride(2).bias(false)), BatchNorm2d(32), ReLU(),
        Conv2d(Conv2dOptions(32, 32, 3).padding(1).bias(false)), BatchNorm2d(32), ReLU(),
        AdaptiveAvgPool2d(AdaptiveAvgPool2dOptions(1)), Flatten()));
    head = register_module("head", Linear(32, 2));
  }

  torch::Tensor forward(torch::Tensor x) { return head(features->forward(x)); }
};
TORCH_MODULE(SmallConvNet);
} // namespace

extern "C" double lb_conv_net_ms(int batch, int size, int iterations, int training) {
  try {
    torch::manual_seed(0);
    SmallConvNet net;
    auto x = torch::randn({batch, 3, size, size});
    auto y = torch::randint(0, 2, {batch}, torch::kLong);
    torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    auto once = [&] {
      if (training) {
        optimizer.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(net->forward(x), y);
        loss.backward();
        optimizer.step();
      } else {
        torch::NoGradGuard guard;
        net->forward(x);
      }
    };
    net->train(training != 0);
    for (int i = 0; i < 3; ++i) once();
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iterations; ++i) once();
    std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / iterations;
  } catch (...) {
    return -1;
  }
}
