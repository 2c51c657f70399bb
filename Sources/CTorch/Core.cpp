// Runtime, creation, metadata, views, autograd and in-place updates.
#include "Internal.hpp"
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/version.h>
#include <ATen/core/grad_mode.h>
#include <ATen/native/TensorFactories.h>
#include <torch/csrc/autograd/autograd.h>
#include <cmath>
#include <dlfcn.h>
#include <cstring>

using namespace ctorch;

namespace {
thread_local std::string last_error;
char *copy_string(const std::string &s) {
  char *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}
ct_dtype dtype_code(at::ScalarType s) {
  switch (s) {
    case at::kFloat: return CT_FLOAT32;
    case at::kDouble: return CT_FLOAT64;
    case at::kHalf: return CT_FLOAT16;
    case at::kBFloat16: return CT_BFLOAT16;
    case at::kLong: return CT_INT64;
    case at::kInt: return CT_INT32;
    case at::kByte: return CT_UINT8;
    case at::kBool: return CT_BOOL;
    default: return CT_FLOAT32;
  }
}
} // namespace

struct ct_generator { at::Generator g; };

namespace ctorch {
void set_error(const char *message) { last_error = message; }
void clear_error() { last_error.clear(); }
} // namespace ctorch

extern "C" {

const char *ct_last_error(void) { return last_error.c_str(); }
const char *ct_version(void) { return TORCH_VERSION; }
char *ct_build_config(void) {
  return guarded<char *>(nullptr, [] { return copy_string(at::show_config()); });
}
char *ct_parallel_info(void) {
  return guarded<char *>(nullptr, [] { return copy_string(at::get_parallel_info()); });
}
void ct_free_string(char *s) { std::free(s); }
bool ct_has_mkldnn(void) { return at::hasMKLDNN(); }
bool ct_has_cuda(void) { return at::hasCUDA(); }
int ct_cuda_device_count(void) {
  return guarded<int>(0, [] { return at::hasCUDA() ? int(at::getNumGPUs()) : 0; });
}
int ct_get_num_threads(void) { return at::get_num_threads(); }
int ct_set_num_threads(int n) { return status_call([&] { at::set_num_threads(n); }); }
int ct_set_local_num_threads(int n) {
  return status_call([&] {
    if (n <= 0) throw std::invalid_argument("thread count must be positive");
    // libtorch's OpenMP runtime, found at run time: no link-time dependency on libgomp's development files.
    using SetThreads = void (*)(int);
    static const auto set_threads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    if (!set_threads) throw std::runtime_error("libtorch is not built with OpenMP: no per-thread thread count");
    (void)at::get_num_threads();  // runs at::internal::lazy_init_num_threads for this thread
    set_threads(n);
  });
}
bool ct_is_grad_enabled(void) { return at::GradMode::is_enabled(); }
void ct_set_grad_enabled(bool enabled) { at::GradMode::set_enabled(enabled); }

ct_generator *ct_generator_new(uint64_t seed) {
  return guarded<ct_generator *>(nullptr, [&] {
    return new ct_generator{at::make_generator<at::CPUGeneratorImpl>(seed)};
  });
}
void ct_generator_free(ct_generator *g) { delete g; }

void ct_free(ct_tensor *t) { delete t; }

ct_tensor *ct_from_data(const void *data, const int64_t *shape, int ndim, ct_dtype dtype) {
  return tensor_call([&] {
    auto out = at::empty(dims(shape, ndim), at::TensorOptions().dtype(scalar_type(dtype)));
    if (out.numel() > 0) std::memcpy(out.data_ptr(), data, out.nbytes());
    return out;
  });
}
ct_tensor *ct_full(const int64_t *shape, int ndim, double value, ct_dtype dtype) {
  return tensor_call([&] {
    return at::full(dims(shape, ndim), value, at::TensorOptions().dtype(scalar_type(dtype)));
  });
}
ct_tensor *ct_arange(double start, double end, double step, ct_dtype dtype) {
  return tensor_call([&] {
    return at::arange(start, end, step, at::TensorOptions().dtype(scalar_type(dtype)));
  });
}
ct_tensor *ct_random(const int64_t *shape, int ndim, ct_dtype dtype, bool normal, ct_generator *g) {
  return tensor_call([&] {
    auto options = at::TensorOptions().dtype(scalar_type(dtype));
    c10::optional<at::Generator> gen = g ? c10::optional<at::Generator>(g->g) : c10::nullopt;
    return normal ? at::randn(dims(shape, ndim), gen, options)
                  : at::rand(dims(shape, ndim), gen, options);
  });
}
ct_tensor *ct_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, ct_generator *g) {
  return tensor_call([&] {
    c10::optional<at::Generator> gen = g ? c10::optional<at::Generator>(g->g) : c10::nullopt;
    return at::randint(low, high, dims(shape, ndim), gen, at::TensorOptions().dtype(at::kLong));
  });
}
ct_tensor *ct_randperm(int64_t n, ct_generator *g) {
  return tensor_call([&] {
    c10::optional<at::Generator> gen = g ? c10::optional<at::Generator>(g->g) : c10::nullopt;
    return at::randperm(n, gen, at::TensorOptions().dtype(at::kLong));
  });
}
ct_tensor *ct_bernoulli(const ct_tensor *p, ct_generator *g) {
  return tensor_call([&] {
    c10::optional<at::Generator> gen = g ? c10::optional<at::Generator>(g->g) : c10::nullopt;
    return at::bernoulli(p->t, gen);
  });
}
int ct_copy_to(const ct_tensor *t, void *out, size_t nbytes) {
  return status_call([&] {
    auto c = t->t.detach().to(at::kCPU).contiguous();
    TORCH_CHECK(size_t(c.nbytes()) == nbytes, "buffer of ", nbytes, " bytes for a tensor of ",
                c.nbytes(), " bytes");
    if (nbytes > 0) std::memcpy(out, c.data_ptr(), nbytes);
  });
}
int ct_item(const ct_tensor *t, double *out) {
  return status_call([&] { *out = t->t.item<double>(); });
}

int ct_ndim(const ct_tensor *t) { return int(t->t.dim()); }
void ct_shape(const ct_tensor *t, int64_t *out) {
  auto s = t->t.sizes();
  std::copy(s.begin(), s.end(), out);
}
int64_t ct_numel(const ct_tensor *t) { return t->t.numel(); }
ct_dtype ct_get_dtype(const ct_tensor *t) { return dtype_code(t->t.scalar_type()); }
ct_device_type ct_get_device(const ct_tensor *t) {
  return t->t.is_cuda() ? CT_DEVICE_CUDA : CT_DEVICE_CPU;
}
bool ct_is_contiguous(const ct_tensor *t) { return t->t.is_contiguous(); }

ct_tensor *ct_to_dtype(const ct_tensor *t, ct_dtype dtype) {
  return tensor_call([&] { return t->t.to(scalar_type(dtype)); });
}
ct_tensor *ct_to_device(const ct_tensor *t, ct_device_type device, int index) {
  return tensor_call([&] {
    return t->t.to(at::Device(device == CT_DEVICE_CUDA ? at::kCUDA : at::kCPU,
                              device == CT_DEVICE_CUDA ? index : -1));
  });
}
ct_tensor *ct_contiguous(const ct_tensor *t) { return tensor_call([&] { return t->t.contiguous(); }); }
ct_tensor *ct_contiguous_channels_last(const ct_tensor *t) {
  return tensor_call([&] { return t->t.contiguous(at::MemoryFormat::ChannelsLast); });
}
int ct_set_data(ct_tensor *t, const ct_tensor *data) { return status_call([&] { t->t.set_data(data->t); }); }
ct_tensor *ct_clone(const ct_tensor *t) { return tensor_call([&] { return t->t.clone(); }); }
ct_tensor *ct_detach(const ct_tensor *t) { return tensor_call([&] { return t->t.detach(); }); }
ct_tensor *ct_reshape(const ct_tensor *t, const int64_t *shape, int ndim) {
  return tensor_call([&] { return t->t.reshape(dims(shape, ndim)); });
}
ct_tensor *ct_permute(const ct_tensor *t, const int64_t *d, int ndim) {
  return tensor_call([&] { return t->t.permute(dims(d, ndim)); });
}
ct_tensor *ct_transpose(const ct_tensor *t, int64_t d0, int64_t d1) {
  return tensor_call([&] { return t->t.transpose(d0, d1); });
}
ct_tensor *ct_expand(const ct_tensor *t, const int64_t *shape, int ndim) {
  return tensor_call([&] { return t->t.expand(dims(shape, ndim)); });
}
ct_tensor *ct_squeeze(const ct_tensor *t, int64_t dim) {
  return tensor_call([&] { return t->t.squeeze(dim); });
}
ct_tensor *ct_unsqueeze(const ct_tensor *t, int64_t dim) {
  return tensor_call([&] { return t->t.unsqueeze(dim); });
}
ct_tensor *ct_flatten(const ct_tensor *t, int64_t start, int64_t end) {
  return tensor_call([&] { return t->t.flatten(start, end); });
}
ct_tensor *ct_flip(const ct_tensor *t, const int64_t *d, int ndim) {
  return tensor_call([&] { return t->t.flip(dims(d, ndim)); });
}
ct_tensor *ct_slice(const ct_tensor *t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  return tensor_call([&] { return t->t.slice(dim, start, end, step); });
}
ct_tensor *ct_select(const ct_tensor *t, int64_t dim, int64_t index) {
  return tensor_call([&] { return t->t.select(dim, index); });
}
ct_tensor *ct_index_select(const ct_tensor *t, int64_t dim, const ct_tensor *index) {
  return tensor_call([&] { return t->t.index_select(dim, index->t); });
}
ct_tensor *ct_masked_select(const ct_tensor *t, const ct_tensor *mask) {
  return tensor_call([&] { return t->t.masked_select(mask->t); });
}
ct_tensor *ct_masked_fill(const ct_tensor *t, const ct_tensor *mask, double value) {
  return tensor_call([&] { return t->t.masked_fill(mask->t, value); });
}
ct_tensor *ct_where(const ct_tensor *cond, const ct_tensor *a, const ct_tensor *b) {
  return tensor_call([&] { return at::where(cond->t, a->t, b->t); });
}
ct_tensor *ct_gather(const ct_tensor *t, int64_t dim, const ct_tensor *index) {
  return tensor_call([&] { return t->t.gather(dim, index->t); });
}
static std::vector<at::Tensor> tensor_list(const ct_tensor *const *ts, int n) {
  std::vector<at::Tensor> list;
  list.reserve(size_t(n));
  for (int i = 0; i < n; ++i) list.push_back(ts[i]->t);
  return list;
}
ct_tensor *ct_cat(const ct_tensor *const *ts, int n, int64_t dim) {
  return tensor_call([&] { return at::cat(tensor_list(ts, n), dim); });
}
ct_tensor *ct_stack(const ct_tensor *const *ts, int n, int64_t dim) {
  return tensor_call([&] { return at::stack(tensor_list(ts, n), dim); });
}

int ct_set_requires_grad(ct_tensor *t, bool requires) {
  return status_call([&] { t->t.requires_grad_(requires); });
}
bool ct_requires_grad(const ct_tensor *t) { return t->t.requires_grad(); }
int ct_backward(const ct_tensor *t, const ct_tensor *grad, bool retain_graph) {
  return status_call([&] {
    t->t.backward(grad ? grad->t : at::Tensor(), retain_graph);
  });
}
ct_tensor *ct_grad(const ct_tensor *t) {
  return guarded<ct_tensor *>(nullptr, [&]() -> ct_tensor * {
    const auto &g = t->t.grad();
    return g.defined() ? wrap(g) : nullptr;
  });
}
int ct_zero_grad(ct_tensor *t) {
  return status_call([&] {
    auto &g = t->t.mutable_grad();
    if (g.defined()) g = at::Tensor();
  });
}

int ct_inplace_binary(ct_tensor *a, const ct_tensor *b, ct_binary_op op, double alpha) {
  return status_call([&] {
    switch (op) {
      case CT_ADD: a->t.add_(b->t, alpha); break;
      case CT_SUB: a->t.sub_(b->t, alpha); break;
      case CT_MUL: a->t.mul_(b->t); break;
      case CT_DIV: a->t.div_(b->t); break;
      case CT_MAXIMUM: at::maximum_out(a->t, a->t, b->t); break;
      case CT_MINIMUM: at::minimum_out(a->t, a->t, b->t); break;
      default: TORCH_CHECK(false, "in-place op ", int(op), " is not supported");
    }
  });
}
int ct_inplace_scalar(ct_tensor *a, double value, ct_binary_op op) {
  return status_call([&] {
    // An integral tensor takes a whole-number scalar as an integer (as `t += 1` does in Python).
    bool integral = !at::isFloatingType(a->t.scalar_type()) && value == std::trunc(value);
    at::Scalar s = integral ? at::Scalar(int64_t(value)) : at::Scalar(value);
    switch (op) {
      case CT_ADD: a->t.add_(s); break;
      case CT_SUB: a->t.sub_(s); break;
      case CT_MUL: a->t.mul_(s); break;
      case CT_DIV: a->t.div_(s); break;
      case CT_POW: a->t.pow_(s); break;
      default: TORCH_CHECK(false, "in-place scalar op ", int(op), " is not supported");
    }
  });
}
int ct_addcmul_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value) {
  return status_call([&] { a->t.addcmul_(b->t, c->t, value); });
}
int ct_addcdiv_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value) {
  return status_call([&] { a->t.addcdiv_(b->t, c->t, value); });
}
int ct_copy_(ct_tensor *dst, const ct_tensor *src) {
  return status_call([&] { dst->t.copy_(src->t); });
}
int ct_fill_(ct_tensor *a, double value) { return status_call([&] { a->t.fill_(value); }); }

} // extern "C"
