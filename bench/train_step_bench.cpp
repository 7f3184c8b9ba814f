// One training step of the default ConvNet (batch 64, 1x28x28 inputs, cross-entropy, Adam): zero_grad,
// forward, loss, backward, step. BM_ConvNetStep runs the model as Sequential does (ReLU followed by
// MaxPool2d fused into one op); BM_ConvNetStepLayerByLayer calls each layer's forward in turn, so the
// pair measures what the fusion saves. Run: build/<dir>/bench/train_step_bench [--threads via
// NABLA_BENCH_THREADS, default 2]. For the side-by-side with PyTorch: bench/train_vs_torch.py.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include <nabla/autograd/engine.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/sequential.h>
#include <nabla/optim/adam.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>

namespace {

using namespace nabla;

struct ConvNetStep {
  Generator gen{0};
  std::shared_ptr<nn::Sequential> model = nn::build_model("convnet", {1, 28, 28}, 10, gen, nullptr);
  optim::Adam adam{model->parameters()};
  Tensor x = randn({64, 1, 28, 28}, gen);
  Tensor y = labels();

  static Tensor labels() {
    std::vector<int64_t> v(64);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>(i % 10);
    return Tensor::from_vector(v, {64});
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

void BM_ConvNetStep(benchmark::State& state) {
  set_threads();
  ConvNetStep step;
  for (auto _ : state) step.run(false);
  state.SetItemsProcessed(state.iterations() * 64);
}

void BM_ConvNetStepLayerByLayer(benchmark::State& state) {
  set_threads();
  ConvNetStep step;
  for (auto _ : state) step.run(true);
  state.SetItemsProcessed(state.iterations() * 64);
}

BENCHMARK(BM_ConvNetStep)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ConvNetStepLayerByLayer)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
