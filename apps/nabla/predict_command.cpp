// `nabla predict RUN INPUT… [--top-k K] [--json] [--batch-size B]`: a trained run's model applied to
// PNG files, folders of PNG files or CSV rows, printing per input its most probable classes.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/data/prediction_inputs.h>
#include <nabla/predictor.h>
#include <nabla/tensor/shape.h>

#include "boolean_flag.h"
#include "commands.h"
#include "run_folder.h"

namespace nabla::cli {
namespace {

struct PredictFlags {
  std::string run;
  std::vector<std::string> inputs;
  int64_t top_k = 1;
  bool json = false;
  int64_t batch_size = 256;
};

// A probability as JSON with the 7 significant digits a float holds, not its double's noise.
double json_probability(float p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.7g", static_cast<double>(p));
  return std::stod(text);
}

// {"predictions": [ … ]}, one prediction per line: input, class, label, probabilities, and "top" (the
// K most probable classes) with --top-k above 1.
void print_json(const Predictor& predictor, const data::PredictionInputs& inputs,
                const std::vector<float>& probabilities, int64_t top_k) {
  const std::vector<std::string>& names = predictor.class_names();
  const std::size_t classes = names.size();
  std::cout << "{\"predictions\": [";
  for (std::size_t i = 0; i < inputs.names.size(); ++i) {
    const std::vector<float> row(probabilities.begin() + i * classes, probabilities.begin() + (i + 1) * classes);
    const std::vector<int64_t> top = predictor.top_classes(row, top_k);
    nlohmann::ordered_json entry{{"input", inputs.names[i]}, {"class", top[0]}, {"label", names[top[0]]}};
    for (float p : row) entry["probabilities"].push_back(json_probability(p));
    for (std::size_t k = 0; top_k > 1 && k < top.size(); ++k)
      entry["top"].push_back({{"class", top[k]}, {"label", names[top[k]]},
                              {"probability", json_probability(row[top[k]])}});
    std::cout << (i ? ",\n  " : "\n  ") << entry.dump();
  }
  std::cout << "\n]}\n";
}

// One line per input: its name, then its top classes as "index label probability", most probable first.
void print_text(const Predictor& predictor, const data::PredictionInputs& inputs,
                const std::vector<float>& probabilities, int64_t top_k) {
  const std::vector<std::string>& names = predictor.class_names();
  const std::size_t classes = names.size();
  for (std::size_t i = 0; i < inputs.names.size(); ++i) {
    const std::vector<float> row(probabilities.begin() + i * classes, probabilities.begin() + (i + 1) * classes);
    std::cout << inputs.names[i];
    for (int64_t c : predictor.top_classes(row, top_k)) {
      char probability[32];
      std::snprintf(probability, sizeof probability, "%.4f", static_cast<double>(row[c]));
      std::cout << "  " << c << " " << names[c] << " " << probability;
    }
    std::cout << '\n';
  }
}

// The class probabilities of every input, N × C row-major, from forward passes of batch_size inputs.
std::vector<float> predict_in_batches(const Predictor& predictor, const std::vector<float>& features,
                                      int64_t batch_size) {
  const auto sample = static_cast<std::size_t>(shape_numel(predictor.sample_shape()));
  const std::size_t n = features.size() / sample;  // whole samples: the inputs were read for this shape
  std::vector<float> probabilities;
  probabilities.reserve(n * predictor.class_names().size());
  for (std::size_t start = 0; start < n; start += static_cast<std::size_t>(batch_size)) {
    const std::size_t rows = std::min(static_cast<std::size_t>(batch_size), n - start);
    Shape shape{static_cast<int64_t>(rows)};
    shape.insert(shape.end(), predictor.sample_shape().begin(), predictor.sample_shape().end());
    const std::span<const float> batch(features.data() + start * sample, rows * sample);
    const std::vector<float> p = predictor.predict(Tensor::from_vector(batch, shape)).to_vector<float>();
    probabilities.insert(probabilities.end(), p.begin(), p.end());
  }
  return probabilities;
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto flags = std::make_shared<PredictFlags>();
  CLI::App* cmd = app.add_subcommand("predict", "Classify PNG images, folders of them or CSV rows with a trained run");
  add_run_folder_argument(cmd, flags->run);
  cmd->add_option("inputs", flags->inputs, "PNG files, folders of PNG files, CSV files of feature rows")
      ->required();
  cmd->add_option("--top-k", flags->top_k, "how many of the most probable classes to show per input")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  add_boolean_flag(cmd, "--json", flags->json, "print {\"predictions\": [...]} with every class's probability");
  cmd->add_option("--batch-size", flags->batch_size, "inputs per forward pass")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  cmd->callback([flags] {
    check_run_folder(flags->run, {"config.json", "data.json", "model.safetensors"});
    const Predictor predictor = Predictor::load(flags->run);
    const std::vector<std::filesystem::path> paths(flags->inputs.begin(), flags->inputs.end());
    const data::PredictionInputs inputs = data::load_prediction_inputs(paths, predictor.sample_shape());
    const std::vector<float> probabilities = predict_in_batches(predictor, inputs.features, flags->batch_size);
    const int64_t top_k = std::min<int64_t>(flags->top_k, static_cast<int64_t>(predictor.class_names().size()));
    (flags->json ? print_json : print_text)(predictor, inputs, probabilities, top_k);
  });
}

}  // namespace nabla::cli
