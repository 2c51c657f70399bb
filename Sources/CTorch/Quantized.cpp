// int8 inference through libtorch's quantized CPU operators, called by schema
// through the dispatcher (they have no C++ function in ATen's public API).
#include "Internal.hpp"
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/native/quantized/PackedParams.h>
#include <torch/library.h>

using namespace ctorch;
using Packed = c10::intrusive_ptr<ConvPackedParamsBase<2>>;

struct ct_qconv { Packed packed; };

namespace {
c10::Dispatcher &dispatcher() { return c10::Dispatcher::singleton(); }
} // namespace

bool ct_quantized_engine(bool select, const char **name) {
  return guarded<bool>(false, [&] {
    auto &context = at::globalContext();
    for (auto engine : {at::QEngine::FBGEMM, at::QEngine::ONEDNN}) {
      const auto &supported = context.supportedQEngines();
      if (std::find(supported.begin(), supported.end(), engine) == supported.end()) continue;
      if (select) context.setQEngine(engine);
      if (name) *name = engine == at::QEngine::FBGEMM ? "fbgemm" : "onednn";
      return true;
    }
    return false;
  });
}

ct_tensor *ct_quantize(const ct_tensor *t, double scale, int64_t zero_point) {
  return tensor_call([&] { return at::quantize_per_tensor(t->t, scale, zero_point, at::kQUInt8); });
}
ct_tensor *ct_dequantize(const ct_tensor *t) { return tensor_call([&] { return t->t.dequantize(); }); }
bool ct_is_quantized(const ct_tensor *t) { return t->t.is_quantized(); }

ct_qconv *ct_qconv_prepack(const ct_tensor *weight, const ct_tensor *bias, const int64_t stride[2],
                           const int64_t padding[2], const int64_t dilation[2], int64_t groups) {
  return guarded<ct_qconv *>(nullptr, [&] {
    auto w = weight->t.detach().to(at::kFloat).contiguous();
    auto channels = w.size(0);
    auto scales = (w.abs().reshape({channels, -1}).amax(1) / 127.0).clamp_min(1e-8).to(at::kDouble);
    auto q = at::quantize_per_channel(w, scales, at::zeros({channels}, at::kLong), 0, at::kQInt8);
    static auto prepack = dispatcher().findSchemaOrThrow("quantized::conv2d_prepack", "")
        .typed<Packed(at::Tensor, c10::optional<at::Tensor>, torch::List<int64_t>, torch::List<int64_t>,
                      torch::List<int64_t>, int64_t)>();
    auto list = [](const int64_t *p) { return torch::List<int64_t>({p[0], p[1]}); };
    c10::optional<at::Tensor> b = bias ? c10::optional<at::Tensor>(bias->t.detach().to(at::kFloat).contiguous()) : c10::nullopt;
    return new ct_qconv{prepack.call(q, b, list(stride), list(padding), list(dilation), groups)};
  });
}
void ct_qconv_free(ct_qconv *conv) { delete conv; }

ct_tensor *ct_qconv_run(const ct_tensor *x, const ct_qconv *conv, double scale, int64_t zero_point,
                        bool relu) {
  return tensor_call([&] {
    using Signature = at::Tensor(at::Tensor, const Packed &, double, int64_t);
    static auto plain = dispatcher().findSchemaOrThrow("quantized::conv2d", "new").typed<Signature>();
    static auto fused = dispatcher().findSchemaOrThrow("quantized::conv2d_relu", "new").typed<Signature>();
    return (relu ? fused : plain).call(x->t, conv->packed, scale, zero_point);
  });
}

ct_tensor *ct_qcat(const ct_tensor *const *ts, int n, int64_t dim, double scale, int64_t zero_point) {
  return tensor_call([&] {
    static auto cat = dispatcher().findSchemaOrThrow("quantized::cat", "")
        .typed<at::Tensor(const c10::List<at::Tensor> &, int64_t, c10::optional<double>, c10::optional<int64_t>)>();
    c10::List<at::Tensor> list;
    for (int i = 0; i < n; ++i) list.push_back(ts[i]->t);
    // The dispatcher finds no tensor in a List argument to choose the kernel by: name it.
    return cat.redispatch(c10::DispatchKeySet(c10::DispatchKey::QuantizedCPU), list, dim, scale, zero_point);
  });
}
