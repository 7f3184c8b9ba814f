// Rebuilding a run's model from its folder with the run's own config, and loading its weights.
#include <nabla/train/run_model.h>

#include <stdexcept>

#include <nabla/train/fine_tuning.h>
#include <nabla/train/safetensors.h>
#include <nabla/train/saved_run.h>

namespace nabla::train {

RunModel load_run_model(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw std::invalid_argument("run folder " + dir.string() + " does not exist");
  for (const char* file : {"config.json", "data.json", "model.safetensors"})
    if (!std::filesystem::exists(dir / file))
      throw std::invalid_argument(dir.string() + " is not the folder of a training run: it has no " + file);
  return load_run_model(dir / "model.safetensors", dir / "config.json");
}

RunModel load_run_model(const std::filesystem::path& weights, const std::filesystem::path& config) {
  const std::filesystem::path data = config.parent_path() / "data.json";
  for (const auto& file : {weights, config, data})
    if (!std::filesystem::is_regular_file(file)) throw std::invalid_argument(file.string() + " does not exist");
  RunModel run{.config = config_from_layers({file_layer(config, ConfigOrigin::saved)}),
               .model = nullptr, .sample_shape = {}, .class_names = {}, .normalization = {}, .spec = {}};
  const nlohmann::json described = read_config_file(data);
  run.sample_shape = described.at("sample_shape").get<Shape>();
  const auto num_classes = described.at("num_classes").get<int64_t>();
  run.class_names = described.value("class_names", std::vector<std::string>{});
  if (run.class_names.empty())
    for (int64_t c = 0; c < num_classes; ++c) run.class_names.push_back(std::to_string(c));
  if (described.contains("normalization"))
    run.normalization = {described["normalization"].at("mean").get<std::vector<float>>(),
                         described["normalization"].at("std").get<std::vector<float>>()};
  ModelAndLoss built = build_model_and_loss(run.config, run.sample_shape, num_classes, std::make_shared<Generator>(0));
  run.model = std::move(built.model);
  run.spec = std::move(built.spec);
  run.model->load_state_dict(load_safetensors(weights));
  if (!run.config.freeze.empty()) (void)freeze_parameters(*run.model, parse_prefix_list(run.config.freeze));
  run.model->eval();
  return run;
}

}  // namespace nabla::train
