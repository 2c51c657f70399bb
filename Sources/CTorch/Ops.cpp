// Elementwise maths, reductions, neural-network functions and losses.
#include "Internal.hpp"

using namespace ctorch;

namespace {
at::Tensor binary(const at::Tensor &a, const at::Tensor &b, ct_binary_op op) {
  switch (op) {
    case CT_ADD: return a + b;
    case CT_SUB: return a - b;
    case CT_MUL: return a * b;
    case CT_DIV: return a / b;
    case CT_POW: return a.pow(b);
    case CT_MAXIMUM: return at::maximum(a, b);
    case CT_MINIMUM: return at::minimum(a, b);
    case CT_EQ: return a.eq(b);
    case CT_NE: return a.ne(b);
    case CT_LT: return a.lt(b);
    case CT_LE: return a.le(b);
    case CT_GT: return a.gt(b);
    case CT_GE: return a.ge(b);
    case CT_LOGICAL_AND: return a.logical_and(b);
    case CT_LOGICAL_OR: return a.logical_or(b);
    case CT_REMAINDER: return a.remainder(b);
  }
  TORCH_CHECK(false, "unknown binary op ", int(op));
}
/// A 0-dimensional tensor holding `s` in the dtype that type promotion would pick.
at::Tensor scalar_like(double s, const at::Tensor &like) {
  return at::scalar_tensor(s, like.options().dtype(
      at::isFloatingType(like.scalar_type()) ? like.scalar_type() : at::kDouble));
}
at::Tensor unary(const at::Tensor &a, ct_unary_op op) {
  switch (op) {
    case CT_NEG: return a.neg();
    case CT_ABS: return a.abs();
    case CT_EXP: return a.exp();
    case CT_LOG: return a.log();
    case CT_SQRT: return a.sqrt();
    case CT_RSQRT: return a.rsqrt();
    case CT_SIN: return a.sin();
    case CT_COS: return a.cos();
    case CT_RELU: return a.relu();
    case CT_SIGMOID: return a.sigmoid();
    case CT_TANH: return a.tanh();
    case CT_GELU: return at::gelu(a);
    case CT_FLOOR: return a.floor();
    case CT_CEIL: return a.ceil();
    case CT_ROUND: return a.round();
    case CT_SIGN: return a.sign();
    case CT_LOGICAL_NOT: return a.logical_not();
    case CT_SQUARE: return a.square();
    case CT_LOG1P: return a.log1p();
    case CT_RECIPROCAL: return a.reciprocal();
  }
  TORCH_CHECK(false, "unknown unary op ", int(op));
}
} // namespace

extern "C" {

ct_tensor *ct_binary(const ct_tensor *a, const ct_tensor *b, ct_binary_op op) {
  return tensor_call([&] { return binary(a->t, b->t, op); });
}
ct_tensor *ct_binary_scalar(const ct_tensor *a, double s, ct_binary_op op) {
  return tensor_call([&] { return binary(a->t, scalar_like(s, a->t), op); });
}
ct_tensor *ct_scalar_binary(double s, const ct_tensor *a, ct_binary_op op) {
  return tensor_call([&] { return binary(scalar_like(s, a->t), a->t, op); });
}
ct_tensor *ct_unary(const ct_tensor *a, ct_unary_op op) {
  return tensor_call([&] { return unary(a->t, op); });
}
ct_tensor *ct_leaky_relu(const ct_tensor *a, double slope) {
  return tensor_call([&] { return at::leaky_relu(a->t, slope); });
}
ct_tensor *ct_clamp(const ct_tensor *a, double lo, double hi, bool has_lo, bool has_hi) {
  return tensor_call([&] {
    return at::clamp(a->t, has_lo ? c10::optional<at::Scalar>(lo) : c10::nullopt,
                     has_hi ? c10::optional<at::Scalar>(hi) : c10::nullopt);
  });
}

ct_tensor *ct_reduce(const ct_tensor *t, ct_reduce_op op, const int64_t *d, int ndims, bool keepdim) {
  return tensor_call([&] {
    const at::Tensor &x = t->t;
    auto all = ndims == 0;
    std::vector<int64_t> every(size_t(x.dim()));
    for (size_t i = 0; i < every.size(); ++i) every[i] = int64_t(i);
    at::IntArrayRef over = all ? at::IntArrayRef(every) : dims(d, ndims);
    switch (op) {
      case CT_SUM: return x.sum(over, keepdim);
      case CT_MEAN: return x.mean(over, keepdim);
      case CT_AMAX: return x.amax(over, keepdim);
      case CT_AMIN: return x.amin(over, keepdim);
      case CT_VAR: return x.var(at::OptionalIntArrayRef(over), 1, keepdim);
      case CT_STD: return x.std(at::OptionalIntArrayRef(over), 1, keepdim);
      case CT_PROD: {
        auto out = x;
        std::vector<int64_t> sorted(over.begin(), over.end());
        for (auto &v : sorted) if (v < 0) v += x.dim();
        std::sort(sorted.rbegin(), sorted.rend());
        for (auto dim : sorted) out = out.prod(dim, keepdim);
        return out;
      }
      case CT_ANY: case CT_ALL: {
        auto out = x;
        std::vector<int64_t> sorted(over.begin(), over.end());
        for (auto &v : sorted) if (v < 0) v += x.dim();
        std::sort(sorted.rbegin(), sorted.rend());
        for (auto dim : sorted) out = op == CT_ANY ? out.any(dim, keepdim) : out.all(dim, keepdim);
        return out;
      }
    }
    TORCH_CHECK(false, "unknown reduction ", int(op));
  });
}
ct_tensor *ct_argmax(const ct_tensor *t, int64_t dim, bool has_dim, bool keepdim, bool min) {
  return tensor_call([&] {
    auto d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
    return min ? t->t.argmin(d, keepdim) : t->t.argmax(d, keepdim);
  });
}
int ct_topk(const ct_tensor *t, int64_t k, int64_t dim, bool largest, ct_tensor **values,
            ct_tensor **indices) {
  return status_call([&] {
    auto r = t->t.topk(k, dim, largest, true);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}
int ct_sort(const ct_tensor *t, int64_t dim, bool descending, ct_tensor **values, ct_tensor **indices) {
  return status_call([&] {
    auto r = t->t.sort(dim, descending);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

ct_tensor *ct_matmul(const ct_tensor *a, const ct_tensor *b) {
  return tensor_call([&] { return at::matmul(a->t, b->t); });
}
ct_tensor *ct_linear(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b) {
  return tensor_call([&] { return at::linear(x->t, w->t, opt(b)); });
}
ct_tensor *ct_conv2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b,
                     const int64_t stride[2], const int64_t padding[2],
                     const int64_t dilation[2], int64_t groups) {
  return tensor_call([&] {
    return at::conv2d(x->t, w->t, opt(b), dims(stride, 2), dims(padding, 2), dims(dilation, 2),
                      groups);
  });
}
ct_tensor *ct_conv_transpose2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b,
                               const int64_t stride[2], const int64_t padding[2],
                               const int64_t output_padding[2], const int64_t dilation[2],
                               int64_t groups) {
  return tensor_call([&] {
    return at::conv_transpose2d(x->t, w->t, opt(b), dims(stride, 2), dims(padding, 2),
                                dims(output_padding, 2), groups, dims(dilation, 2));
  });
}
ct_tensor *ct_batch_norm(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b,
                         ct_tensor *running_mean, ct_tensor *running_var, bool training,
                         double momentum, double eps) {
  return tensor_call([&] {
    return at::batch_norm(x->t, opt(w), opt(b), opt(running_mean), opt(running_var), training,
                          momentum, eps, true);
  });
}
ct_tensor *ct_group_norm(const ct_tensor *x, int64_t groups, const ct_tensor *w,
                         const ct_tensor *b, double eps) {
  return tensor_call([&] { return at::group_norm(x->t, groups, opt(w), opt(b), eps, true); });
}
ct_tensor *ct_max_pool2d(const ct_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                         const int64_t padding[2]) {
  return tensor_call([&] {
    // Dilation spelled out: the quantized kernel reads two values.
    const int64_t dilation[2] = {1, 1};
    return at::max_pool2d(x->t, dims(kernel, 2), dims(stride, 2), dims(padding, 2), dims(dilation, 2));
  });
}
ct_tensor *ct_avg_pool2d(const ct_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                         const int64_t padding[2]) {
  return tensor_call([&] {
    return at::avg_pool2d(x->t, dims(kernel, 2), dims(stride, 2), dims(padding, 2));
  });
}
ct_tensor *ct_adaptive_pool2d(const ct_tensor *x, const int64_t size[2], bool max) {
  return tensor_call([&] {
    return max ? std::get<0>(at::adaptive_max_pool2d(x->t, dims(size, 2)))
               : at::adaptive_avg_pool2d(x->t, dims(size, 2));
  });
}
ct_tensor *ct_upsample_nearest2d(const ct_tensor *x, const int64_t size[2]) {
  return tensor_call([&] { return at::upsample_nearest2d(x->t, dims(size, 2)); });
}
ct_tensor *ct_upsample_bilinear2d(const ct_tensor *x, const int64_t size[2], bool align_corners) {
  return tensor_call([&] { return at::upsample_bilinear2d(x->t, dims(size, 2), align_corners); });
}
ct_tensor *ct_softmax(const ct_tensor *x, int64_t dim, bool log) {
  return tensor_call([&] { return log ? x->t.log_softmax(dim) : x->t.softmax(dim); });
}
ct_tensor *ct_dropout(const ct_tensor *x, double p, bool training) {
  return tensor_call([&] { return at::dropout(x->t, p, training); });
}

ct_tensor *ct_cross_entropy(const ct_tensor *logits, const ct_tensor *target, const ct_tensor *w,
                            ct_reduction reduction, int64_t ignore_index, double label_smoothing) {
  return tensor_call([&] {
    return at::cross_entropy_loss(logits->t, target->t, opt(w), int64_t(reduction), ignore_index,
                                  label_smoothing);
  });
}
ct_tensor *ct_bce_with_logits(const ct_tensor *logits, const ct_tensor *target, const ct_tensor *w,
                              const ct_tensor *pos_weight, ct_reduction reduction) {
  return tensor_call([&] {
    return at::binary_cross_entropy_with_logits(logits->t, target->t, opt(w), opt(pos_weight),
                                                int64_t(reduction));
  });
}
ct_tensor *ct_mse_loss(const ct_tensor *a, const ct_tensor *b, ct_reduction reduction) {
  return tensor_call([&] { return at::mse_loss(a->t, b->t, int64_t(reduction)); });
}
ct_tensor *ct_l1_loss(const ct_tensor *a, const ct_tensor *b, ct_reduction reduction) {
  return tensor_call([&] { return at::l1_loss(a->t, b->t, int64_t(reduction)); });
}

} // extern "C"
