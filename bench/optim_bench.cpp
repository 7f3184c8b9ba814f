// One optimizer step over 10M float32 parameters (SGD+momentum, Adam, AMSGrad, RMSprop, Adagrad), in
// bytes per second of memory traffic, beside the machine's memory bandwidth measured here (STREAM's
// copy and triad, and an in-place axpy, whose read-modify-write pattern is the updates' own; all
// threaded like the updates). Run: build/<dir>/bench/optim_bench; for the side-by-side
// with torch.optim: /usr/bin/python3 bench/optim_vs_torch.py.
//
// Bytes per parameter and step (4-byte floats; every array is streamed once):
//   SGD+momentum  read p, g, b;        write p, b         5 × 4 = 20 B
//   Adam          read p, g, m, v;     write p, m, v      7 × 4 = 28 B
//   AMSGrad       read p, g, m, v, v̂;  write p, m, v, v̂   9 × 4 = 36 B
//   RMSprop       read p, g, s;        write p, s         5 × 4 = 20 B
//   Adagrad       read p, g, s;        write p, s         5 × 4 = 20 B
#include <benchmark/benchmark.h>

#include "memory_bandwidth.h"

#include <memory>
#include <vector>

#include <nabla/optim/adagrad.h>
#include <nabla/optim/adam.h>
#include <nabla/optim/rmsprop.h>
#include <nabla/optim/sgd.h>
#include <nabla/tensor/random.h>

namespace {

using namespace nabla;

constexpr int64_t kParams = 10'000'000;
// Streams this long (400 MB per array) outrun any cache, so they measure the DRAM bandwidth; at
// kParams the arrays may partly live in a large L3, as the optimizers' state does.
constexpr int64_t kDramElements = 100'000'000;

using nabla::bench::BM_Axpy;
using nabla::bench::BM_Copy;
using nabla::bench::BM_Triad;
BENCHMARK(BM_Copy)->Arg(kParams)->Arg(kDramElements)->UseRealTime();
BENCHMARK(BM_Triad)->Arg(kParams)->Arg(kDramElements)->UseRealTime();
BENCHMARK(BM_Axpy)->Arg(kParams)->Arg(kDramElements)->UseRealTime();

// Times optimizer.step() on one parameter of kParams floats with a fixed gradient.
template <class MakeOptimizer>
void run_step(benchmark::State& state, int64_t bytes_per_param, MakeOptimizer make) {
  Generator gen(0);
  Tensor p = randn({kParams}, gen);
  p.set_requires_grad();
  p.set_grad(randn({kParams}, gen, 0, 1e-3));
  const std::unique_ptr<optim::Optimizer> opt = make(p);
  opt->step();  // creates the state, so the loop times steady-state steps only
  for (auto _ : state) {
    opt->step();
    benchmark::DoNotOptimize(p.raw_data());
  }
  state.SetBytesProcessed(state.iterations() * kParams * bytes_per_param);
  state.counters["params"] = static_cast<double>(kParams);
}

void BM_SGDMomentum(benchmark::State& state) {
  run_step(state, 20, [](const Tensor& p) { return std::make_unique<optim::SGD>(std::vector{p}, optim::SGDOptions{.lr = 1e-3, .momentum = 0.9}); });
}
void BM_Adam(benchmark::State& state) {
  run_step(state, 28, [](const Tensor& p) { return std::make_unique<optim::Adam>(std::vector{p}, optim::AdamOptions{}); });
}
void BM_AMSGrad(benchmark::State& state) {
  run_step(state, 36, [](const Tensor& p) { return std::make_unique<optim::Adam>(std::vector{p}, optim::AdamOptions{.amsgrad = true}); });
}
void BM_RMSprop(benchmark::State& state) {
  run_step(state, 20, [](const Tensor& p) { return std::make_unique<optim::RMSprop>(std::vector{p}, optim::RMSpropOptions{}); });
}
void BM_Adagrad(benchmark::State& state) {
  run_step(state, 20, [](const Tensor& p) { return std::make_unique<optim::Adagrad>(std::vector{p}, optim::AdagradOptions{}); });
}
BENCHMARK(BM_SGDMomentum)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Adam)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AMSGrad)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RMSprop)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Adagrad)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
