// Inference throughput of a trained run through nabla::Predictor on the 10000 Fashion-MNIST test images
// (raw pixels, the run's standardisation applied inside), in batches of 256. BM_Predict: one caller
// whose calls use NABLA_BENCH_THREADS OpenMP threads (default 2). BM_PredictFromClients: one caller per
// core, each call on one OpenMP thread, as a server's worker threads would share a Predictor.
// Run: NABLA_BENCH_RUN=runs/x build/<dir>/bench/predict_bench [NABLA_FASHION_MNIST=dir]; for the
// side-by-side with PyTorch: bench/predict_vs_torch.py.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <nabla/data/fashion_mnist.h>
#include <nabla/predictor.h>
#include <nabla/tensor/threads.h>

namespace {

using namespace nabla;

constexpr int64_t kBatch = 256;

int bench_threads() {
  const char* env = std::getenv("NABLA_BENCH_THREADS");
  return env ? std::atoi(env) : 2;
}

// The test images as batches of kBatch [B, 1, 28, 28] tensors (the last one shorter), loaded once.
const std::vector<Tensor>& test_batches() {
  static const std::vector<Tensor> batches = [] {
    const char* dir = std::getenv("NABLA_FASHION_MNIST");
    const data::LabeledData test = data::load_fashion_mnist(dir ? dir : "/usr/share/datasets/fashion-mnist").test;
    std::vector<Tensor> out;
    const int64_t n = test.size(), sample = test.sample_size();
    for (int64_t start = 0; start < n; start += kBatch) {
      const int64_t rows = std::min(kBatch, n - start);
      const auto first = test.features.begin() + start * sample;
      out.push_back(Tensor::from_vector(std::vector<float>(first, first + rows * sample), {rows, 1, 28, 28}));
    }
    return out;
  }();
  return batches;
}

int64_t image_count() {
  int64_t n = 0;
  for (const Tensor& b : test_batches()) n += b.size(0);
  return n;
}

std::optional<Predictor> load_or_skip(benchmark::State& state, int threads) {
  const char* run = std::getenv("NABLA_BENCH_RUN");
  if (!run) {
    state.SkipWithError("set NABLA_BENCH_RUN to a run folder of `nabla train --model convnet`");
    return std::nullopt;
  }
  return Predictor::load(run, {.threads = threads});
}

void BM_Predict(benchmark::State& state) {
  set_num_threads(bench_threads());
  const std::optional<Predictor> predictor = load_or_skip(state, bench_threads());
  if (!predictor) return;
  for (auto _ : state)
    for (const Tensor& batch : test_batches()) benchmark::DoNotOptimize(predictor->predict(batch));
  state.SetItemsProcessed(state.iterations() * image_count());
}

// Each benchmark thread predicts every kThreads-th batch, so together they classify the test set once.
void BM_PredictFromClients(benchmark::State& state) {
  static std::optional<Predictor> predictor;
  if (state.thread_index() == 0) predictor = load_or_skip(state, 1);
  (void)test_batches();
  for (auto _ : state) {
    if (!predictor) break;
    const auto& batches = test_batches();
    for (std::size_t i = static_cast<std::size_t>(state.thread_index()); i < batches.size();
         i += static_cast<std::size_t>(state.threads()))
      benchmark::DoNotOptimize(predictor->predict(batches[i]));
  }
  if (state.thread_index() == 0) state.SetItemsProcessed(state.iterations() * image_count());
}

BENCHMARK(BM_Predict)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PredictFromClients)->Threads(bench_threads())->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
