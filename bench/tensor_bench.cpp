// Kernel benchmarks: matmul against the BLAS called directly, elementwise ops and reductions against the
// machine's memory bandwidth (a STREAM-like copy and triad measured here), conv2d on Fashion-MNIST
// sized batches. Run: build/release/bench/tensor_bench [--benchmark_filter=…]
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <dnnl.h>

#include <cstring>
#include <vector>

#include "memory_bandwidth.h"

#include <nabla/autograd/ops.h>
#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>
#include <nabla/tensor/random.h>

namespace {

using namespace nabla;

// The memory bandwidth the elementwise and reduction kernels are compared with (bytes per second).
using nabla::bench::BM_Triad;
BENCHMARK(BM_Triad)->Arg(1 << 20)->Arg(10 << 20)->Arg(100 << 20)->UseRealTime();

void BM_Add(benchmark::State& state) {
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n}, gen), b = randn({n}, gen);
  for (auto _ : state) benchmark::DoNotOptimize(kernels::binary(kernels::Binary::add, a, b));
  state.SetBytesProcessed(state.iterations() * n * 12);
}
BENCHMARK(BM_Add)->Arg(1 << 20)->Arg(10 << 20)->Arg(100 << 20)->UseRealTime();

void BM_Relu(benchmark::State& state) {
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n}, gen);
  for (auto _ : state) benchmark::DoNotOptimize(kernels::unary(kernels::Unary::relu, a));
  state.SetBytesProcessed(state.iterations() * n * 8);
}
BENCHMARK(BM_Relu)->Arg(1 << 20)->Arg(10 << 20)->Arg(100 << 20)->UseRealTime();

void BM_SumAll(benchmark::State& state) {
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n}, gen);
  for (auto _ : state) benchmark::DoNotOptimize(kernels::reduce(kernels::Reduce::sum, a, {}, false));
  state.SetBytesProcessed(state.iterations() * n * 4);
}
BENCHMARK(BM_SumAll)->Arg(1 << 20)->Arg(10 << 20)->Arg(100 << 20)->UseRealTime();

void BM_SumRows(benchmark::State& state) {  // (N, 1024) -> (N): a softmax-like row reduction
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n / 1024, 1024}, gen);
  const std::vector<int64_t> dims{1};
  for (auto _ : state) benchmark::DoNotOptimize(kernels::reduce(kernels::Reduce::sum, a, dims, false));
  state.SetBytesProcessed(state.iterations() * n * 4);
}
BENCHMARK(BM_SumRows)->Arg(1 << 20)->Arg(10 << 20)->Arg(100 << 20)->UseRealTime();

void BM_Matmul(benchmark::State& state) {
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n, n}, gen), b = randn({n, n}, gen);
  for (auto _ : state) benchmark::DoNotOptimize(kernels::matmul(a, b));
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Matmul)->Arg(256)->Arg(512)->Arg(1024)->Arg(2048)->UseRealTime();

// oneDNN's sgemm called directly, the kernel behind nabla's float32 matmul: the ratio to BM_Matmul is
// nabla's overhead (dispatch, allocation, its own thread split).
void BM_DnnlSgemm(benchmark::State& state) {
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n, n}, gen), b = randn({n, n}, gen);
  Tensor c = Tensor::empty({n, n});
  for (auto _ : state) {
    dnnl_sgemm('N', 'N', n, n, n, 1.f, a.data<float>(), n, b.data<float>(), n, 0.f, c.data<float>(), n);
    benchmark::DoNotOptimize(c.data<float>());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DnnlSgemm)->Arg(256)->Arg(512)->Arg(1024)->Arg(2048)->UseRealTime();

// OpenBLAS alone, with its own threads.
void BM_BlasSgemm(benchmark::State& state) {
  const int64_t n = state.range(0);
  Generator gen(0);
  const Tensor a = randn({n, n}, gen), b = randn({n, n}, gen);
  Tensor c = Tensor::empty({n, n});
  openblas_set_num_threads(0);  // 0: OpenBLAS's own default (all cores)
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.f, a.data<float>(), n, b.data<float>(), n, 0.f,
                c.data<float>(), n);
    benchmark::DoNotOptimize(c.data<float>());
  }
  openblas_set_num_threads(1);  // nabla threads its own GEMM calls
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_BlasSgemm)->Arg(256)->Arg(512)->Arg(1024)->Arg(2048)->UseRealTime();

// The default ConvNet's layers on a batch of 64 Fashion-MNIST images: float32 layer 1 runs on im2col, layer 2
// on oneDNN (the rule is in src/tensor/conv.cpp). Backward is both gradients; training needs only layer 1's
// weight gradient, since its input is the images.
enum class ConvPass { forward, backward, backward_input, backward_weight };
void conv_bench(benchmark::State& state, const Shape& x_shape, const Shape& w_shape, ConvPass pass) {
  Generator gen(0);
  const Tensor x = randn(x_shape, gen), w = randn(w_shape, gen);
  const kernels::Conv2dGeometry g{.padding = 1};
  const Tensor out = kernels::conv2d(x, w, Tensor(), g);
  const bool input = pass == ConvPass::backward || pass == ConvPass::backward_input;
  const bool weight = pass == ConvPass::backward || pass == ConvPass::backward_weight;
  for (auto _ : state) {
    if (pass == ConvPass::forward) benchmark::DoNotOptimize(kernels::conv2d(x, w, Tensor(), g));
    if (input) benchmark::DoNotOptimize(kernels::conv2d_backward_input(out, w, x.shape(), g));
    if (weight) benchmark::DoNotOptimize(kernels::conv2d_backward_weight(out, x, w.shape(), g));
  }
  const double passes = pass == ConvPass::backward ? 2 : 1;
  const double flops = 2.0 * shape_numel(out.shape()) * w_shape[1] * w_shape[2] * w_shape[3] * passes;
  state.counters["GFLOP/s"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
}
const Shape kConv1X{64, 1, 28, 28}, kConv1W{32, 1, 3, 3}, kConv2X{64, 32, 14, 14}, kConv2W{64, 32, 3, 3};
void BM_Conv1Forward(benchmark::State& s) { conv_bench(s, kConv1X, kConv1W, ConvPass::forward); }
void BM_Conv1Backward(benchmark::State& s) { conv_bench(s, kConv1X, kConv1W, ConvPass::backward); }
void BM_Conv1BackwardWeight(benchmark::State& s) { conv_bench(s, kConv1X, kConv1W, ConvPass::backward_weight); }
void BM_Conv2Forward(benchmark::State& s) { conv_bench(s, kConv2X, kConv2W, ConvPass::forward); }
void BM_Conv2Backward(benchmark::State& s) { conv_bench(s, kConv2X, kConv2W, ConvPass::backward); }
void BM_Conv2BackwardInput(benchmark::State& s) { conv_bench(s, kConv2X, kConv2W, ConvPass::backward_input); }
void BM_Conv2BackwardWeight(benchmark::State& s) { conv_bench(s, kConv2X, kConv2W, ConvPass::backward_weight); }
BENCHMARK(BM_Conv1Forward)->UseRealTime();
BENCHMARK(BM_Conv1Backward)->UseRealTime();
BENCHMARK(BM_Conv1BackwardWeight)->UseRealTime();
BENCHMARK(BM_Conv2Forward)->UseRealTime();
BENCHMARK(BM_Conv2Backward)->UseRealTime();
BENCHMARK(BM_Conv2BackwardInput)->UseRealTime();
BENCHMARK(BM_Conv2BackwardWeight)->UseRealTime();

// Batch norm with the fused ReLU on ResNet-20's first stage (batch 128, 16 channels, 28x28, channels-last), as
// training runs it: statistics and the affine forward, the gradient backward. Bytes are those of one read of
// x (and g) and one write per pass, to compare with the triad's bandwidth.
void batch_norm_bench(benchmark::State& state, bool backward) {
  Generator gen(0);
  const Tensor x = to_channels_last(randn({128, 16, 28, 28}, gen)), g = to_channels_last(randn(x.shape(), gen));
  const Tensor weight = randn({16}, gen), bias = randn({16}, gen);
  const auto [mean, var] = kernels::batch_norm_stats(x);
  const Tensor inv_std = 1.0 / kernels::unary(kernels::Unary::sqrt, var + 1e-5);
  const Tensor scale = weight * inv_std, shift = bias - mean * scale;
  for (auto _ : state) {
    if (backward) {
      benchmark::DoNotOptimize(kernels::batch_norm_backward(g, x, mean, inv_std, weight, scale, shift));
    } else {
      benchmark::DoNotOptimize(kernels::batch_norm_stats(x));
      benchmark::DoNotOptimize(kernels::channel_affine(x, scale, shift, true));
    }
  }
  state.SetBytesProcessed(state.iterations() * x.numel() * 4 * (backward ? 3 : 2));
}
void BM_BatchNormReluForward(benchmark::State& s) { batch_norm_bench(s, false); }
void BM_BatchNormReluBackward(benchmark::State& s) { batch_norm_bench(s, true); }
BENCHMARK(BM_BatchNormReluForward)->UseRealTime();
BENCHMARK(BM_BatchNormReluBackward)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
