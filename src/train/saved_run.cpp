// Rebuilding a run's model from its folder and evaluating it.
#include <nabla/train/saved_run.h>

#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/io/json_text.h>
#include <nabla/nn/model_spec.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/run_metrics.h>
#include <nabla/train/safetensors.h>

namespace nabla::train {

ModelAndLoss build_model_and_loss(const TrainConfig& config, const Shape& sample_shape, int64_t num_classes,
                                  std::shared_ptr<Generator> dropout_gen) {
  ModelAndLoss m{.model = nullptr,
                 .loss = loss::make_loss(config.loss, loss::Reduction::mean, config.label_smoothing),
                 .spec = {}};
  int64_t outputs = num_classes;
  // Binary losses score one output per sample; the others one per class.
  if (m.loss.target == loss::Target::zero_one || m.loss.target == loss::Target::plus_minus_one) {
    if (num_classes != 2)
      throw std::invalid_argument("loss " + m.loss.name + " is for two classes, but the data has " +
                                  std::to_string(num_classes));
    outputs = 1;
  }
  Generator init(config.seed);
  m.spec = model_spec_of(config, outputs);
  m.model = nn::build_model(m.spec, sample_shape, outputs, init, std::move(dropout_gen),
                            {.init = nn::init::weight_init_from_name(config.init)});
  return m;
}

std::string model_spec_of(const TrainConfig& config, int64_t outputs) {
  const bool preset = config.model != nn::expand_model_spec(config.model);
  return preset || config.reset_head ? nn::with_head_outputs(config.model, outputs) : config.model;
}

nlohmann::json data_description(const data::LabeledData& train, const data::Normalization& norm,
                                const std::string& source) {
  return {{"source", source},
          {"sample_shape", train.sample_shape},
          {"num_classes", train.num_classes},
          {"class_names", train.class_names},
          {"normalization", {{"mean", norm.mean}, {"std", norm.std}}}};
}

EvalOutcome evaluate_saved_run(const std::filesystem::path& dir, const std::optional<std::string>& data,
                               const std::optional<std::filesystem::path>& out,
                               const metrics::ScoreReportJsonOptions& curves, SavedWeights weights) {
  TrainConfig config = config_from_layers({file_layer(dir / "config.json", ConfigOrigin::saved)});
  const nlohmann::json described = read_config_file(dir / "data.json");
  if (data) config.data = *data;
  config.normalize = false;  // the run's own statistics are applied below, never refitted on test data
  DataSplits splits = load_data_splits(config);
  const Shape shape = described.at("sample_shape").get<Shape>();
  if (splits.test.sample_shape != shape)
    throw std::invalid_argument("eval: " + config.data + " has samples of shape " + shape_str(splits.test.sample_shape) +
                                " but the model in " + dir.string() + " was trained on " + shape_str(shape));
  const data::Normalization norm{described.at("normalization").at("mean").get<std::vector<float>>(),
                                 described.at("normalization").at("std").get<std::vector<float>>()};
  if (!norm.mean.empty()) data::apply_normalization(splits.test, norm);
  ModelAndLoss m = build_model_and_loss(config, shape, described.at("num_classes").get<int64_t>(),
                                        std::make_shared<Generator>(0));
  m.model->load_state_dict(weights == SavedWeights::checkpoint ? load_checkpoint(dir).model
                                                               : load_safetensors(dir / "model.safetensors"));
  EvalOutcome outcome{.evaluation = evaluate(*m.model, m.loss, splits.test, {.mirror = config.tta == "flip"}),
                      .metrics_file = {},
                      .metrics = {}};
  const std::filesystem::path target = out ? *out : dir / "eval";
  std::filesystem::create_directories(target);
  outcome.metrics_file = target / "metrics.json";
  outcome.metrics = {{"test", evaluation_json(outcome.evaluation, curves)},
                     {"data", config.data},
                     {"run", std::filesystem::absolute(dir).lexically_normal().string()},
                     {"class_names", described.at("class_names")}};
  io::write_file_atomic(outcome.metrics_file, io::json_text(outcome.metrics) + "\n");
  return outcome;
}

}  // namespace nabla::train
