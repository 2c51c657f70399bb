// C API over libtorch (ATen + autograd). Every function catches C++ exceptions:
// a function returning a pointer returns NULL on failure, one returning int
// returns non-zero; `ct_last_error()` then holds libtorch's message for the
// calling thread. Tensor handles are owned by the caller and released with
// `ct_free`.
#ifndef CTORCH_H
#define CTORCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_tensor ct_tensor;
typedef struct ct_generator ct_generator;

typedef enum {
  CT_FLOAT32 = 0, CT_FLOAT64, CT_FLOAT16, CT_BFLOAT16,
  CT_INT64, CT_INT32, CT_UINT8, CT_BOOL
} ct_dtype;

typedef enum { CT_DEVICE_CPU = 0, CT_DEVICE_CUDA = 1 } ct_device_type;

typedef enum {
  CT_ADD = 0, CT_SUB, CT_MUL, CT_DIV, CT_POW, CT_MAXIMUM, CT_MINIMUM,
  CT_EQ, CT_NE, CT_LT, CT_LE, CT_GT, CT_GE, CT_LOGICAL_AND, CT_LOGICAL_OR,
  CT_REMAINDER
} ct_binary_op;

typedef enum {
  CT_NEG = 0, CT_ABS, CT_EXP, CT_LOG, CT_SQRT, CT_RSQRT, CT_SIN, CT_COS,
  CT_RELU, CT_SIGMOID, CT_TANH, CT_GELU, CT_FLOOR, CT_CEIL, CT_ROUND,
  CT_SIGN, CT_LOGICAL_NOT, CT_SQUARE, CT_LOG1P, CT_RECIPROCAL
} ct_unary_op;

typedef enum {
  CT_SUM = 0, CT_MEAN, CT_AMAX, CT_AMIN, CT_PROD, CT_VAR, CT_STD, CT_ANY, CT_ALL
} ct_reduce_op;

/// Loss reductions, as libtorch numbers them.
typedef enum { CT_REDUCTION_NONE = 0, CT_REDUCTION_MEAN = 1, CT_REDUCTION_SUM = 2 } ct_reduction;

// Errors and runtime -------------------------------------------------------
const char *ct_last_error(void);
const char *ct_version(void);
/// libtorch's build configuration (`at::show_config`); caller frees with `ct_free_string`.
char *ct_build_config(void);
/// Threading and CPU capability summary (`at::get_parallel_info`); caller frees.
char *ct_parallel_info(void);
void ct_free_string(char *s);
bool ct_has_mkldnn(void);
bool ct_has_cuda(void);
int ct_cuda_device_count(void);
int ct_get_num_threads(void);
int ct_set_num_threads(int n);
/// Sets libtorch's intra-op thread count for the calling thread only (OpenMP's
/// per-thread setting), after libtorch's own lazy per-thread initialisation so
/// that it is not overwritten; other threads keep theirs.
int ct_set_local_num_threads(int n);
bool ct_is_grad_enabled(void);
void ct_set_grad_enabled(bool enabled);

// Generators ---------------------------------------------------------------
ct_generator *ct_generator_new(uint64_t seed);
void ct_generator_free(ct_generator *g);

// Creation and data --------------------------------------------------------
void ct_free(ct_tensor *t);
ct_tensor *ct_from_data(const void *data, const int64_t *shape, int ndim, ct_dtype dtype);
ct_tensor *ct_full(const int64_t *shape, int ndim, double value, ct_dtype dtype);
ct_tensor *ct_arange(double start, double end, double step, ct_dtype dtype);
/// Uniform [0, 1) (`normal` false) or standard normal (`normal` true).
ct_tensor *ct_random(const int64_t *shape, int ndim, ct_dtype dtype, bool normal, ct_generator *g);
ct_tensor *ct_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, ct_generator *g);
ct_tensor *ct_randperm(int64_t n, ct_generator *g);
ct_tensor *ct_bernoulli(const ct_tensor *p, ct_generator *g);
int ct_copy_to(const ct_tensor *t, void *out, size_t nbytes);
int ct_item(const ct_tensor *t, double *out);

// Metadata ----------------------------------------------------------------
int ct_ndim(const ct_tensor *t);
void ct_shape(const ct_tensor *t, int64_t *out);
int64_t ct_numel(const ct_tensor *t);
ct_dtype ct_get_dtype(const ct_tensor *t);
ct_device_type ct_get_device(const ct_tensor *t);
bool ct_is_contiguous(const ct_tensor *t);

// Conversion and views ----------------------------------------------------
ct_tensor *ct_to_dtype(const ct_tensor *t, ct_dtype dtype);
ct_tensor *ct_to_device(const ct_tensor *t, ct_device_type device, int index);
ct_tensor *ct_contiguous(const ct_tensor *t);
/// The tensor in channels-last (NHWC) memory order; same shape and values.
ct_tensor *ct_contiguous_channels_last(const ct_tensor *t);
/// Replaces a tensor's data (dtype, memory order) in place, as `param.data = …` does.
int ct_set_data(ct_tensor *t, const ct_tensor *data);
ct_tensor *ct_clone(const ct_tensor *t);
ct_tensor *ct_detach(const ct_tensor *t);
ct_tensor *ct_reshape(const ct_tensor *t, const int64_t *shape, int ndim);
ct_tensor *ct_permute(const ct_tensor *t, const int64_t *dims, int ndim);
ct_tensor *ct_transpose(const ct_tensor *t, int64_t d0, int64_t d1);
ct_tensor *ct_expand(const ct_tensor *t, const int64_t *shape, int ndim);
ct_tensor *ct_squeeze(const ct_tensor *t, int64_t dim);
ct_tensor *ct_unsqueeze(const ct_tensor *t, int64_t dim);
ct_tensor *ct_flatten(const ct_tensor *t, int64_t start, int64_t end);
ct_tensor *ct_flip(const ct_tensor *t, const int64_t *dims, int ndim);
ct_tensor *ct_slice(const ct_tensor *t, int64_t dim, int64_t start, int64_t end, int64_t step);
ct_tensor *ct_select(const ct_tensor *t, int64_t dim, int64_t index);
ct_tensor *ct_index_select(const ct_tensor *t, int64_t dim, const ct_tensor *index);
ct_tensor *ct_masked_select(const ct_tensor *t, const ct_tensor *mask);
ct_tensor *ct_masked_fill(const ct_tensor *t, const ct_tensor *mask, double value);
ct_tensor *ct_where(const ct_tensor *cond, const ct_tensor *a, const ct_tensor *b);
ct_tensor *ct_gather(const ct_tensor *t, int64_t dim, const ct_tensor *index);
ct_tensor *ct_cat(const ct_tensor *const *ts, int n, int64_t dim);
ct_tensor *ct_stack(const ct_tensor *const *ts, int n, int64_t dim);

// Elementwise --------------------------------------------------------------
ct_tensor *ct_binary(const ct_tensor *a, const ct_tensor *b, ct_binary_op op);
ct_tensor *ct_binary_scalar(const ct_tensor *a, double s, ct_binary_op op);
/// `s op a`, for non-commutative ops with a scalar on the left.
ct_tensor *ct_scalar_binary(double s, const ct_tensor *a, ct_binary_op op);
ct_tensor *ct_unary(const ct_tensor *a, ct_unary_op op);
ct_tensor *ct_leaky_relu(const ct_tensor *a, double slope);
ct_tensor *ct_clamp(const ct_tensor *a, double lo, double hi, bool has_lo, bool has_hi);

// Reductions and selection ------------------------------------------------
/// Reduces over `dims` (all dimensions when ndims == 0).
ct_tensor *ct_reduce(const ct_tensor *t, ct_reduce_op op, const int64_t *dims, int ndims, bool keepdim);
/// Argmax/argmin over `dim`, or over the flattened tensor when `has_dim` is false.
ct_tensor *ct_argmax(const ct_tensor *t, int64_t dim, bool has_dim, bool keepdim, bool min);
int ct_topk(const ct_tensor *t, int64_t k, int64_t dim, bool largest, ct_tensor **values, ct_tensor **indices);
int ct_sort(const ct_tensor *t, int64_t dim, bool descending, ct_tensor **values, ct_tensor **indices);

// Linear algebra and neural-network functions -----------------------------
ct_tensor *ct_matmul(const ct_tensor *a, const ct_tensor *b);
ct_tensor *ct_linear(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b);
ct_tensor *ct_conv2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b,
                     const int64_t stride[2], const int64_t padding[2],
                     const int64_t dilation[2], int64_t groups);
ct_tensor *ct_conv_transpose2d(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b,
                               const int64_t stride[2], const int64_t padding[2],
                               const int64_t output_padding[2], const int64_t dilation[2],
                               int64_t groups);
/// Batch norm; in training mode it updates `running_mean`/`running_var` in place.
ct_tensor *ct_batch_norm(const ct_tensor *x, const ct_tensor *w, const ct_tensor *b,
                         ct_tensor *running_mean, ct_tensor *running_var, bool training,
                         double momentum, double eps);
ct_tensor *ct_group_norm(const ct_tensor *x, int64_t groups, const ct_tensor *w,
                         const ct_tensor *b, double eps);
ct_tensor *ct_max_pool2d(const ct_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                         const int64_t padding[2]);
ct_tensor *ct_avg_pool2d(const ct_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                         const int64_t padding[2]);
ct_tensor *ct_adaptive_pool2d(const ct_tensor *x, const int64_t size[2], bool max);
ct_tensor *ct_upsample_nearest2d(const ct_tensor *x, const int64_t size[2]);
ct_tensor *ct_upsample_bilinear2d(const ct_tensor *x, const int64_t size[2], bool align_corners);
ct_tensor *ct_softmax(const ct_tensor *x, int64_t dim, bool log);
ct_tensor *ct_dropout(const ct_tensor *x, double p, bool training);

// Losses (w / pos_weight may be NULL) -------------------------------------
ct_tensor *ct_cross_entropy(const ct_tensor *logits, const ct_tensor *target, const ct_tensor *w,
                            ct_reduction reduction, int64_t ignore_index, double label_smoothing);
ct_tensor *ct_bce_with_logits(const ct_tensor *logits, const ct_tensor *target, const ct_tensor *w,
                              const ct_tensor *pos_weight, ct_reduction reduction);
ct_tensor *ct_mse_loss(const ct_tensor *a, const ct_tensor *b, ct_reduction reduction);
ct_tensor *ct_l1_loss(const ct_tensor *a, const ct_tensor *b, ct_reduction reduction);

// Autograd -----------------------------------------------------------------
int ct_set_requires_grad(ct_tensor *t, bool requires);
bool ct_requires_grad(const ct_tensor *t);
/// Backward from `t`; `grad` may be NULL for a scalar.
int ct_backward(const ct_tensor *t, const ct_tensor *grad, bool retain_graph);
/// The accumulated gradient, or NULL with an empty error when there is none.
ct_tensor *ct_grad(const ct_tensor *t);
int ct_zero_grad(ct_tensor *t);

// In place (parameter updates; run under no-grad) -------------------------
int ct_inplace_binary(ct_tensor *a, const ct_tensor *b, ct_binary_op op, double alpha);
int ct_inplace_scalar(ct_tensor *a, double s, ct_binary_op op);
int ct_addcmul_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value);
int ct_addcdiv_(ct_tensor *a, const ct_tensor *b, const ct_tensor *c, double value);
int ct_copy_(ct_tensor *dst, const ct_tensor *src);
int ct_fill_(ct_tensor *a, double value);


// 8-bit quantized inference (oneDNN's quantized engine) -------------------
/// A convolution whose weights are packed for int8 arithmetic: symmetric per output
/// channel, from float32 weights; its bias stays float32. Released with `ct_qconv_free`.
typedef struct ct_qconv ct_qconv;

/// Whether this libtorch has a quantized CPU engine that runs int8 convolutions fast on x86
/// (FBGEMM or oneDNN; QNNPACK is for ARM), its name in `name`; `select` makes it the current one.
bool ct_quantized_engine(bool select, const char **name);
/// Quantises to unsigned 8 bits: round(x / scale) + zero_point, clamped to 0…255.
ct_tensor *ct_quantize(const ct_tensor *t, double scale, int64_t zero_point);
ct_tensor *ct_dequantize(const ct_tensor *t);
bool ct_is_quantized(const ct_tensor *t);
ct_qconv *ct_qconv_prepack(const ct_tensor *weight, const ct_tensor *bias, const int64_t stride[2],
                           const int64_t padding[2], const int64_t dilation[2], int64_t groups);
void ct_qconv_free(ct_qconv *conv);
/// The quantized convolution of a quantized channels-last input, its output quantized
/// with `scale` / `zero_point`, ReLU fused when `relu`.
ct_tensor *ct_qconv_run(const ct_tensor *x, const ct_qconv *conv, double scale, int64_t zero_point,
                        bool relu);
/// Concatenation of quantized tensors, requantized to one `scale` / `zero_point`.
ct_tensor *ct_qcat(const ct_tensor *const *ts, int n, int64_t dim, double scale, int64_t zero_point);

#ifdef __cplusplus
}
#endif
#endif
