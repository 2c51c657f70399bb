// Shared by the CTorch sources: the handle type and the exception barrier.
#pragma once
#include "CTorch.h"
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <string>

struct ct_tensor { at::Tensor t; };

namespace ctorch {

void set_error(const char *message);
void clear_error();

inline ct_tensor *wrap(at::Tensor t) { return new ct_tensor{std::move(t)}; }
inline at::ScalarType scalar_type(ct_dtype d) {
  switch (d) {
    case CT_FLOAT32: return at::kFloat;
    case CT_FLOAT64: return at::kDouble;
    case CT_FLOAT16: return at::kHalf;
    case CT_BFLOAT16: return at::kBFloat16;
    case CT_INT64: return at::kLong;
    case CT_INT32: return at::kInt;
    case CT_UINT8: return at::kByte;
    case CT_BOOL: return at::kBool;
  }
  throw std::invalid_argument("unknown dtype code " + std::to_string(int(d)));
}
inline at::IntArrayRef dims(const int64_t *p, int n) { return at::IntArrayRef(p, size_t(n)); }
inline c10::optional<at::Tensor> opt(const ct_tensor *t) {
  return t ? c10::optional<at::Tensor>(t->t) : c10::nullopt;
}

/// Runs `body`, turning any C++ exception into the thread's last error and `fail`.
template <typename R, typename F> R guarded(R fail, F &&body) noexcept {
  try {
    clear_error();
    return body();
  } catch (const c10::Error &e) {
    set_error(e.what_without_backtrace());
  } catch (const std::exception &e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown C++ exception");
  }
  return fail;
}
template <typename F> ct_tensor *tensor_call(F &&body) noexcept {
  return guarded<ct_tensor *>(nullptr, [&] { return wrap(body()); });
}
template <typename F> int status_call(F &&body) noexcept {
  return guarded<int>(1, [&] { body(); return 0; });
}

} // namespace ctorch
