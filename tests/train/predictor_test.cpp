// Predictor: a run folder loaded for inference. The run's standardisation, then softmax (or [1 − σ, σ])
// of the eval-mode model; the same bits from many threads at once; z ≥ 0 predicts class 1.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <thread>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/model_spec.h>
#include <nabla/predictor.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/safetensors.h>

#include "../common/error_of.h"
#include "../common/train_fixtures.h"

namespace nabla {
namespace {

struct WrittenRun {
  std::filesystem::path dir;
  std::shared_ptr<nn::Sequential> model;  // what model.safetensors holds, in eval mode
};

// A run folder written by hand: config.json (spec, loss), data.json (shape, classes, normalisation) and
// the seeded model's weights. BatchNorm layers get running statistics from one training-mode pass.
WrittenRun write_run(const std::string& name, const std::string& spec, const std::string& loss,
                     const Shape& sample_shape, int64_t classes, const std::string& normalization) {
  const auto dir = train::testing::fresh_dir(name);
  Generator gen(3);
  const int64_t outputs = loss == "bce" ? 1 : classes;
  auto model = nn::build_model(spec, sample_shape, outputs, gen, std::make_shared<Generator>(4));
  Shape batch{16};
  batch.insert(batch.end(), sample_shape.begin(), sample_shape.end());
  {
    NoGradGuard no_grad;
    (void)(*model)(randn(batch, gen, 0.5, 2.0));
  }
  model->eval();
  train::save_safetensors(dir / "model.safetensors", model->state_dict());
  std::ofstream(dir / "config.json") << R"({"model": ")" << spec << R"(", "loss": ")" << loss << R"("})";
  std::string shape = "[";
  for (std::size_t i = 0; i < sample_shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(sample_shape[i]);
  std::ofstream(dir / "data.json") << R"({"sample_shape": )" << shape << "], \"num_classes\": " << classes
                                   << (normalization.empty() ? "" : ", \"normalization\": " + normalization) << "}";
  return {dir, model};
}

// Raw rows (1, 3) and (-1, 0) standardised to (0, 10) and (-1, 4) before the model sees them.
TEST(Predictor, SoftmaxOfTheStandardisedInputs) {
  const auto run = write_run("predictor_softmax", "linear(4)-tanh-linear(3)", "cross_entropy", {2}, 3,
                             R"({"mean": [1, -2], "std": [2, 0.5]})");
  const Predictor predictor = Predictor::load(run.dir);
  EXPECT_EQ(predictor.sample_shape(), (Shape{2}));
  EXPECT_EQ(predictor.class_names(), (std::vector<std::string>{"0", "1", "2"}));
  const std::vector<float> expected = [&] {
    NoGradGuard no_grad;
    return softmax((*run.model)(Tensor::from_vector(std::vector<float>{0, 10, -1, 4}, {2, 2})), -1).to_vector<float>();
  }();
  const std::vector<double> raw{1, 3, -1, 0};
  for (const Tensor& x : {Tensor::from_vector(raw, {2, 2}), Tensor::from_vector(raw, {2, 2}).to(DType::f32)}) {
    const Tensor p = predictor.predict(x);
    ASSERT_EQ(p.shape(), (Shape{2, 3}));
    const std::vector<float> actual = p.to_vector<float>();
    for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-6) << i;
    EXPECT_EQ(x.to_vector<double>(), raw) << "the caller's input is not standardised in place";
  }
}

// A run trained with --tta flip: the softmax of the mean logits on each image and its mirror image.
TEST(Predictor, TestTimeFlipOfTheRunAveragesTheImageAndItsMirror) {
  const auto run = write_run("predictor_tta", "flatten-linear(3)", "cross_entropy", {1, 2, 3}, 3, "");
  std::ofstream(run.dir / "config.json") << R"j({"model": "flatten-linear(3)", "tta": "flip"})j";
  const std::vector<float> image{1, 2, 3, -4, 5, 0.5}, mirror{3, 2, 1, 0.5, 5, -4};
  const std::vector<float> expected = [&] {
    NoGradGuard no_grad;
    const Tensor a = (*run.model)(Tensor::from_vector(image, {1, 1, 2, 3}));
    const Tensor b = (*run.model)(Tensor::from_vector(mirror, {1, 1, 2, 3}));
    return softmax((a + b) * 0.5, -1).to_vector<float>();
  }();
  const Tensor raw = Tensor::from_vector(image, {1, 1, 2, 3});
  const std::vector<float> actual = Predictor::load(run.dir).predict(raw).to_vector<float>();
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-6) << i;
  const std::vector<float> alone = [&] {
    NoGradGuard no_grad;
    return softmax((*run.model)(raw), -1).to_vector<float>();
  }();
  EXPECT_GT(std::abs(alone[0] - expected[0]) + std::abs(alone[1] - expected[1]), 1e-4) << "the mirror changes nothing";
}

// Another weights file with the run's config: the checkpoint's weights, not model.safetensors'.
TEST(Predictor, WeightsFilePlusConfig) {
  const auto run = write_run("predictor_weights", "linear(3)", "cross_entropy", {2}, 3, "");
  std::map<std::string, Tensor> zeros;
  for (const auto& [name, t] : run.model->state_dict()) zeros[name] = Tensor::zeros(t.shape());
  train::save_safetensors(run.dir / "zeros.safetensors", zeros);
  const Predictor predictor = Predictor::load(run.dir / "zeros.safetensors", run.dir / "config.json");
  const std::vector<float> p = predictor.predict(Tensor::from_vector(std::vector<float>{5, -7}, {1, 2})).to_vector<float>();
  for (float v : p) EXPECT_NEAR(v, 1.0 / 3, 1e-7) << "zero weights give equal logits";
  EXPECT_EQ(test::error_of([&] { (void)Predictor::load(run.dir / "none.safetensors", run.dir / "config.json"); }),
            (run.dir / "none.safetensors").string() + " does not exist");
}

// A convolutional net with BatchNorm (running statistics) and dropout: N threads × M calls, each on a
// batch size of its own (so oneDNN plans are built concurrently), match a serial call bit for bit, also
// from a thread whose own OpenMP thread count differs.
TEST(Predictor, ConcurrentCallsMatchASerialCallBitForBit) {
  const auto run = write_run("predictor_threads", "conv(4,3,pad=1)-batchnorm-relu-maxpool(2)-dropout(0.5)-flatten-linear(5)",
                             "cross_entropy", {1, 12, 12}, 5, R"({"mean": [0.3], "std": [0.2]})");
  const Predictor predictor = Predictor::load(run.dir);
  Generator gen(7);
  const Tensor images = rand({40, 1, 12, 12}, gen);
  constexpr int kThreads = 6, kCalls = 4;
  std::vector<std::vector<float>> serial;
  for (int t = 0; t < kThreads; ++t)
    serial.push_back(predictor.predict(slice(images, 0, 0, 30 + t)).to_vector<float>());
  std::vector<std::vector<std::vector<float>>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      if (t % 2 == 1) set_num_threads(1);
      for (int call = 0; call < kCalls; ++call)
        results[t].push_back(predictor.predict(slice(images, 0, 0, 30 + t)).to_vector<float>());
    });
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t)
    for (int call = 0; call < kCalls; ++call) EXPECT_EQ(results[t][call], serial[t]) << "thread " << t << " call " << call;
}

// z = 0 gives σ(z) = 0.5 for both classes: z ≥ 0 predicts class 1, as `nabla eval` counts it; a
// two-class softmax model's tie stays with the lower index.
TEST(Predictor, OneLogitAtZeroIsClassOne) {
  const auto run = write_run("predictor_binary", "linear(1)", "bce", {2}, 2, "");
  std::map<std::string, Tensor> zero{{"0.weight", Tensor::zeros({1, 2})}, {"0.bias", Tensor::zeros({1})}};
  train::save_safetensors(run.dir / "model.safetensors", zero);
  const Predictor binary = Predictor::load(run.dir);
  const std::vector<float> p = binary.predict(Tensor::from_vector(std::vector<float>{1, 2}, {1, 2})).to_vector<float>();
  ASSERT_EQ(p, (std::vector<float>{0.5f, 0.5f}));
  EXPECT_EQ(binary.top_classes(p, 2), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(binary.top_classes(std::vector<float>{0.5000001f, 0.4999999f}, 1), (std::vector<int64_t>{0}));

  const auto softmax_run = write_run("predictor_two_classes", "linear(2)", "cross_entropy", {2}, 2, "");
  const Predictor two = Predictor::load(softmax_run.dir);
  EXPECT_EQ(two.top_classes(p, 2), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(two.top_classes(std::vector<float>{0.1f, 0.4f, 0.1f, 0.4f}, 3), (std::vector<int64_t>{1, 3, 0}));
}

TEST(Predictor, WrongShapesAndOptionsAreRefused) {
  const auto run = write_run("predictor_errors", "flatten-linear(3)", "cross_entropy", {1, 2, 2}, 3, "");
  const Predictor predictor = Predictor::load(run.dir);
  EXPECT_EQ(test::error_of([&] { (void)predictor.predict(Tensor::zeros({2, 4})); }),
            "Predictor::predict: input of shape [2, 4] is not a batch [N, 1, 2, 2] of the run's samples");
  EXPECT_EQ(test::error_of([&] { (void)predictor.predict(Tensor::zeros({1, 2, 2})); }),
            "Predictor::predict: input of shape [1, 2, 2] is not a batch [N, 1, 2, 2] of the run's samples");
  EXPECT_EQ(test::error_of([&] { (void)predictor.predict(Tensor::zeros({1, 1, 2, 2}, DType::i64)); }),
            "Predictor::predict: input of dtype int64 must be float32 or float64");
  EXPECT_EQ(test::error_of([&] { (void)Predictor::load(run.dir, {.threads = -1}); }),
            "PredictorOptions::threads must be >= 0 (0: the loading thread's), got -1");
  EXPECT_EQ(test::error_of([&] { (void)Predictor::load(run.dir / "missing"); }),
            "run folder " + (run.dir / "missing").string() + " does not exist");
}

}  // namespace
}  // namespace nabla
