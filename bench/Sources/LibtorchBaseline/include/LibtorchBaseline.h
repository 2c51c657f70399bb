// The benchmark's reference: the same small conv net as ropscreen-bench builds
// with TorchNN, written directly against libtorch's C++ API (torch::nn).
#ifndef LIBTORCH_BASELINE_H
#define LIBTORCH_BASELINE_H

#ifdef __cplusplus
extern "C" {
#endif

/// Mean milliseconds per call over `iterations` (after 3 warm-up calls), or a
/// negative number when libtorch threw. `training` times forward + cross-entropy
/// + backward + SGD step; otherwise an evaluation-mode forward without grad.
double lb_conv_net_ms(int batch, int size, int iterations, int training);

#ifdef __cplusplus
}
#endif
#endif
