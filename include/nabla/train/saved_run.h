// A finished run read back from its folder: config, data description (with the training set's
// normalisation) and model weights, so that `nabla eval` scores it on any data of the same shape.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/data/labeled_data.h>
#include <nabla/data/normalization.h>
#include <nabla/loss/loss_factory.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/nn/sequential.h>
#include <nabla/tensor/random.h>
#include <nabla/train/evaluate.h>
#include <nabla/train/train_config.h>

namespace nabla::train {

// The model and loss a config describes, for data of this sample shape and class count.
struct ModelAndLoss {
  std::shared_ptr<nn::Sequential> model;
  loss::Loss loss;
  std::string spec;  // the spec the model was built from (model_spec_of)
};
// The spec a run builds: config.model, a preset expanded. A preset's last linear, and with reset_head any
// spec's, has `outputs` outputs (the data's classes, or 1 for a binary loss): a preset names an
// architecture for any number of classes, and reset_head resizes the head it re-initialises.
[[nodiscard]] std::string model_spec_of(const TrainConfig& config, int64_t outputs);
[[nodiscard]] ModelAndLoss build_model_and_loss(const TrainConfig& config, const Shape& sample_shape,
                                                int64_t num_classes, std::shared_ptr<Generator> dropout_gen);

// data.json of a run: where the data came from, its shape, classes and the normalisation applied.
[[nodiscard]] nlohmann::json data_description(const data::LabeledData& train, const data::Normalization& norm,
                                              const std::string& source);

struct EvalOutcome {
  Evaluation evaluation;
  std::filesystem::path metrics_file;
  nlohmann::json metrics;  // what metrics_file holds
};

// Which weights of a run folder to evaluate: the model's (model.safetensors) or the last checkpoint's
// (checkpoint.safetensors, of a run that was stopped, or whose best weights were restored).
enum class SavedWeights { model, checkpoint };

// Loads the run in dir and evaluates its weights on the test set of `data` (default: the run's own
// data), normalised with the run's training statistics; writes metrics.json (with "run", the absolute
// path of dir) into out (default: dir/eval), creating it; curves thinned as `curves` says.
// (`nabla eval` then renders that folder's report.)
[[nodiscard]] EvalOutcome evaluate_saved_run(const std::filesystem::path& dir, const std::optional<std::string>& data,
                                             const std::optional<std::filesystem::path>& out,
                                             const metrics::ScoreReportJsonOptions& curves = {},
                                             SavedWeights weights = SavedWeights::model);

}  // namespace nabla::train
