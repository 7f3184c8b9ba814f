// Freezing parameters by name prefix, finding the head that reset_head re-initialises, and the model of a
// run that init_from names.
#include <nabla/train/fine_tuning.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nabla/io/printable.h>
#include <nabla/nn/linear.h>

namespace nabla::train {

std::vector<std::string> parse_prefix_list(const std::string& text) {
  std::vector<std::string> prefixes;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, comma - start);
    if (item.empty())
      throw std::invalid_argument("must be a comma-separated list of parameter name prefixes such as 0.,3., not \"" +
                                  io::printable(text) + "\" (an item is empty)");
    if (std::find(prefixes.begin(), prefixes.end(), item) != prefixes.end())
      throw std::invalid_argument("lists \"" + io::printable(item) + "\" twice: \"" + io::printable(text) + "\"");
    prefixes.push_back(std::move(item));
    if (comma == text.size()) return prefixes;
    start = comma + 1;
  }
}

ParameterCounts freeze_parameters(nn::Module& model, const std::vector<std::string>& prefixes) {
  const nn::NamedTensors params = model.named_parameters();
  for (const std::string& prefix : prefixes) {
    if (std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first.starts_with(prefix); }))
      continue;
    std::string names;
    for (const auto& [name, t] : params) names += (names.empty() ? "" : ", ") + name;
    throw std::invalid_argument("freeze: prefix \"" + io::printable(prefix) +
                                "\" matches no parameter; the parameters are " + names);
  }
  for (auto param : params)  // a copy: the handle is const in the list, the tensor is not
    if (std::any_of(prefixes.begin(), prefixes.end(),
                    [&](const std::string& p) { return param.first.starts_with(p); }))
      param.second.set_requires_grad(false);
  return parameter_counts(model);
}

ParameterCounts parameter_counts(const nn::Module& model) {
  ParameterCounts counts;
  for (const auto& [name, t] : model.named_parameters()) (t.requires_grad() ? counts.trainable : counts.frozen) += t.numel();
  return counts;
}

std::string head_prefix(const nn::Module& model) {
  const auto& children = model.children();
  for (auto it = children.rbegin(); it != children.rend(); ++it)
    if (dynamic_cast<const nn::Linear*>(it->second.get())) return it->first + ".";
  throw std::invalid_argument("reset_head: the model has no Linear layer to re-initialise");
}

std::optional<ConfigLayer> init_run_model_layer(const std::vector<ConfigLayer>& layers) {
  std::string source;
  for (const ConfigLayer& layer : layers) {
    if (layer.values.contains("model")) return std::nullopt;
    if (const auto it = layer.values.find("init_from"); it != layer.values.end() && it->is_string())
      source = it->get<std::string>();
  }
  const std::filesystem::path file = std::filesystem::path(source) / "config.json";
  if (source.empty() || !std::filesystem::is_regular_file(file)) return std::nullopt;
  std::ifstream in(file);
  const nlohmann::json saved = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (saved.is_discarded() || !saved.is_object())
    throw std::invalid_argument("init_from: " + file.string() + " is not a JSON object (a run folder's config)");
  const auto model = saved.find("model");
  if (model == saved.end()) return std::nullopt;  // a run of a version that always trained the default
  if (!model->is_string())
    throw std::invalid_argument("init_from: " + file.string() + ": model must be a model spec text");
  return json_layer({{"model", *model}}, file.string(), ConfigOrigin::saved);
}

}  // namespace nabla::train
