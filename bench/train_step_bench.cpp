// One training step (1x28x28 inputs, cross-entropy, Adam): zero_grad, forward, loss, backward, step.
// BM_ConvNetStep runs the default ConvNet at batch 64 as Sequential does (ReLU followed by MaxPool2d fused
// into one op); BM_ConvNetStepLayerByLayer calls each layer's forward in turn, so the pair measures what
// the fusion saves. BM_ResNet20Step runs the resnet20 preset at batch 128 and reports the peak memory. The
// steps of ConvNet and ResNet-20 run in float32 (/bf16:0) and in mixed precision (/bf16:1, where the CPU has
// bfloat16 instructions). Run: build/<dir>/bench/train_step_bench [threads via NABLA_BENCH_THREADS, default 2].
// For the side-by-side with PyTorch: bench/train_vs_torch.py.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nabla/autograd/engine.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/sequential.h>
#include <nabla/optim/adam.h>
#include <nabla/tensor/precision.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>

namespace {

using namespace nabla;

struct TrainStep {
  TrainStep(const std::string& preset, int64_t batch)
      : model(nn::build_model(preset, {1, 28, 28}, 10, gen, nullptr)), x(randn({batch, 1, 28, 28}, gen)),
        y(labels(batch)) {}

  Generator gen{0};
  std::shared_ptr<nn::Sequential> model;
  optim::Adam adam{model->parameters()};
  Tensor x;
  Tensor y;

  static Tensor labels(int64_t batch) {
    std::vector<int64_t> v(static_cast<std::size_t>(batch));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>(i % 10);
    return Tensor::from_vector(v, {batch});
  }

  void run(bool layer_by_layer) {
    adam.zero_grad();
    Tensor out = x;
    if (layer_by_layer) {
      for (std::size_t i = 0; i < model->size(); ++i) out = (*model)[i].forward(out);
    } else {
      out = (*model)(x);
    }
    backward(loss::cross_entropy(out, y));
    adam.step();
  }
};

void set_threads() {
  const char* env = std::getenv("NABLA_BENCH_THREADS");
  set_num_threads(env ? std::atoi(env) : 2);
}

// The precision benchmark argument 1 asks for: bf16, or nothing (and a skipped benchmark) where the CPU lacks it.
std::optional<Precision> precision_of(benchmark::State& state) {
  if (state.range(0) == 0) return Precision::f32;
  if (cpu_has_bf16()) return Precision::bf16;
  state.SkipWithError("this CPU has no bfloat16 instructions");
  return std::nullopt;
}

void BM_ConvNetStep(benchmark::State& state) {
  set_threads();
  const auto precision = precision_of(state);
  if (!precision) return;
  const PrecisionGuard guard(*precision);
  TrainStep step("convnet", 64);
  for (auto _ : state) step.run(false);
  state.SetItemsProcessed(state.iterations() * 64);
}

void BM_ConvNetStepLayerByLayer(benchmark::State& state) {
  set_threads();
  TrainStep step("convnet", 64);
  for (auto _ : state) step.run(true);
  state.SetItemsProcessed(state.iterations() * 64);
}

void BM_ResNet20Step(benchmark::State& state) {
  set_threads();
  const auto precision = precision_of(state);
  if (!precision) return;
  const PrecisionGuard guard(*precision);
  TrainStep step("resnet20", 128);
  for (auto _ : state) step.run(false);
  state.SetItemsProcessed(state.iterations() * 128);
  // The process's peak resident memory: run this benchmark alone (--benchmark_filter=ResNet20) to read
  // it as that of ResNet-20 training.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024;
}

BENCHMARK(BM_ConvNetStep)->ArgName("bf16")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ConvNetStepLayerByLayer)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ResNet20Step)->ArgName("bf16")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
