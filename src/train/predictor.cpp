// Predictor: a run's model behind a const, thread-safe predict() on raw inputs.
//
// Why concurrent calls are safe: grad mode is thread-local (NoGradGuard affects only the caller), the
// model is in eval mode so no layer writes its buffers (BatchNorm reads its running statistics, dropout is
// the identity), oneDNN's cached convolution plans sit behind a mutex and run with a scratchpad and stream
// per call, and every call allocates its own tensors.
#include <nabla/predictor.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/labeled_data.h>
#include <nabla/tensor/shape.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/evaluate.h>
#include <nabla/train/run_model.h>

namespace nabla {
namespace {

// Runs a scope with the calling thread's OpenMP thread count set to n, then restores it.
class ThreadCountScope {
 public:
  explicit ThreadCountScope(int n) : saved_(num_threads()) {
    if (n != saved_) set_num_threads(n);
  }
  ~ThreadCountScope() {
    if (num_threads() != saved_) set_num_threads(saved_);
  }
  ThreadCountScope(const ThreadCountScope&) = delete;
  ThreadCountScope& operator=(const ThreadCountScope&) = delete;

 private:
  int saved_;
};

// raw's values as float32, standardised with the run's per-channel statistics.
Tensor standardised(const train::RunModel& run, const Tensor& raw) {
  if (run.normalization.mean.empty()) return raw.dtype() == DType::f32 ? raw : raw.to(DType::f32);
  data::LabeledData rows{.features = raw.to_vector<float>(), .sample_shape = run.sample_shape, .labels = {},
                         .num_classes = 0, .class_names = {}};
  rows.labels.assign(static_cast<std::size_t>(raw.size(0)), 0);  // apply_normalization counts samples by them
  data::apply_normalization(rows, run.normalization);
  return Tensor::from_vector(rows.features, raw.shape());
}

}  // namespace

Predictor Predictor::load(const std::filesystem::path& run_dir, const PredictorOptions& options) {
  return {std::make_shared<const train::RunModel>(train::load_run_model(run_dir)), options};
}

Predictor Predictor::load(const std::filesystem::path& weights, const std::filesystem::path& config,
                          const PredictorOptions& options) {
  return {std::make_shared<const train::RunModel>(train::load_run_model(weights, config)), options};
}

Predictor::Predictor(std::shared_ptr<const train::RunModel> run, const PredictorOptions& options)
    : run_(std::move(run)), threads_(options.threads > 0 ? options.threads : num_threads()) {
  if (options.threads < 0)
    throw std::invalid_argument("PredictorOptions::threads must be >= 0 (0: the loading thread's), got " +
                                std::to_string(options.threads));
  // The output width tells a one-logit (binary) model from a softmax one; a zero sample shows it.
  NoGradGuard no_grad;
  Shape one{1};
  one.insert(one.end(), run_->sample_shape.begin(), run_->sample_shape.end());
  one_logit_ = (*run_->model)(Tensor::zeros(one)).numel() == 1;
}

Tensor Predictor::predict(const Tensor& raw) const {
  Shape expected{raw.dim() > 0 ? raw.size(0) : 0};
  expected.insert(expected.end(), run_->sample_shape.begin(), run_->sample_shape.end());
  if (raw.dim() == 0 || raw.shape() != expected)
    throw std::invalid_argument("Predictor::predict: input of shape " + shape_str(raw.shape()) +
                                " is not a batch [N, " + shape_str(run_->sample_shape).substr(1) +
                                " of the run's samples");
  if (raw.dtype() != DType::f32 && raw.dtype() != DType::f64)
    throw std::invalid_argument("Predictor::predict: input of dtype " + std::string(dtype_name(raw.dtype())) +
                                " must be float32 or float64");
  const ThreadCountScope threads(threads_);
  NoGradGuard no_grad;
  const Tensor logits = train::scored_output(*run_->model, standardised(*run_, raw), run_->config.tta == "flip");
  if (!one_logit_) return softmax(logits, -1);
  const std::vector<float> p1 = sigmoid(logits).to_vector<float>();
  std::vector<float> both;
  both.reserve(2 * p1.size());
  for (float p : p1) both.insert(both.end(), {1 - p, p});
  return Tensor::from_vector(both, {raw.size(0), 2});
}

std::vector<int64_t> Predictor::top_classes(std::span<const float> probabilities, int64_t k) const {
  std::vector<int64_t> order(probabilities.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return probabilities[a] > probabilities[b]; });
  // σ(z) = 0.5 exactly: both classes tie, and z ≥ 0 predicts class 1 (1 − σ(z) ≥ σ(z) otherwise, exact in float).
  if (one_logit_ && order.size() == 2 && probabilities[0] == probabilities[1]) std::swap(order[0], order[1]);
  order.resize(std::min(order.size(), static_cast<std::size_t>(std::max<int64_t>(k, 0))));
  return order;
}

const Shape& Predictor::sample_shape() const { return run_->sample_shape; }
const std::vector<std::string>& Predictor::class_names() const { return run_->class_names; }

}  // namespace nabla
