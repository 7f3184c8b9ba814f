// nabla::Predictor: a trained model that classifies raw inputs, for programs that serve predictions. It
// loads a run folder of `nabla train`, applies the run's standardisation itself and runs the model in
// eval mode without recording a graph; one Predictor may be called from several threads at once.
//
//   const nabla::Predictor predictor = nabla::Predictor::load("runs/fashion");
//   const nabla::Tensor probabilities = predictor.predict(images);  // [N, 1, 28, 28] pixels in [0, 1]
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

namespace train {
struct RunModel;
}

struct PredictorOptions {
  // OpenMP threads each predict() uses; 0 takes nabla::num_threads() of the thread that loads. Results
  // depend on the thread count (the order of sums), so one count makes them the same from every thread.
  int threads = 0;
};

class Predictor {
 public:
  // requires: run_dir holds config.json, data.json and model.safetensors (a folder of `nabla train`).
  // Throws std::invalid_argument naming the folder or the missing file, and the errors of the config,
  // the model spec and the weights as they come.
  [[nodiscard]] static Predictor load(const std::filesystem::path& run_dir, const PredictorOptions& options = {});
  // The model the run's config.json describes with the weights of another safetensors file (PyTorch's
  // state-dict names, as model.safetensors); data.json is read from beside config.
  [[nodiscard]] static Predictor load(const std::filesystem::path& weights, const std::filesystem::path& config,
                                      const PredictorOptions& options = {});

  // requires: raw has shape [N, sample_shape()…] and holds inputs as `nabla predict` reads them (pixels in
  //   [0, 1], CSV fields), not standardised; float32 or float64.
  // ensures: N × C class probabilities, float32: the softmax of the logits, or [1 − σ(z), σ(z)] for a model
  //   with one logit (a binary loss); for a run trained with tta "flip", of the mean logits on each image
  //   and its mirror image, as the run's validation and test scored them. raw is not changed; nothing is
  //   shared between calls but the weights.
  // Throws std::invalid_argument naming both shapes when raw's is not a batch of samples.
  [[nodiscard]] Tensor predict(const Tensor& raw) const;

  // The classes of one row of predict()'s probabilities, most probable first, at most k of them. Ties go
  // to the lower index, except that a one-logit model predicts class 1 at σ(z) = 0.5 (z ≥ 0 → class 1,
  // as `nabla eval` and the metrics' threshold count it).
  [[nodiscard]] std::vector<int64_t> top_classes(std::span<const float> probabilities, int64_t k) const;

  [[nodiscard]] const Shape& sample_shape() const;               // of one raw input, e.g. {1, 28, 28}
  [[nodiscard]] const std::vector<std::string>& class_names() const;  // data.json's, or "0", "1", …
  [[nodiscard]] int threads() const { return threads_; }

 private:
  Predictor(std::shared_ptr<const train::RunModel> run, const PredictorOptions& options);

  std::shared_ptr<const train::RunModel> run_;  // shared by copies; read-only after load
  int threads_ = 1;
  bool one_logit_ = false;
};

}  // namespace nabla
