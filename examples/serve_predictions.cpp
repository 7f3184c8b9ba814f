// Serving a trained run from C++: one Predictor, loaded once, answers requests from several threads at
// once (here four "clients", each classifying its share of the inputs), as a server's worker threads would.
//   example_serve_predictions RUN_DIR INPUT…     (INPUT: PNG files, folders of them, CSV files of rows)
// prints one line per input, "path  class-name probability", as `nabla predict RUN_DIR INPUT…` does.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nabla/data/prediction_inputs.h>
#include <nabla/nabla.h>
#include <nabla/tensor/shape.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s RUN_DIR INPUT...\n", argv[0]);
    return 2;
  }
  try {
    // One OpenMP thread per call: the four client threads share the cores instead of each taking all.
    const nabla::Predictor predictor = nabla::Predictor::load(argv[1], {.threads = 1});
    const std::vector<std::filesystem::path> paths(argv + 2, argv + argc);
    const nabla::data::PredictionInputs inputs = nabla::data::load_prediction_inputs(paths, predictor.sample_shape());
    const auto n = static_cast<int64_t>(inputs.names.size());
    const int64_t sample = nabla::shape_numel(predictor.sample_shape());
    const auto classes = static_cast<int64_t>(predictor.class_names().size());

    constexpr int64_t kClients = 4;
    std::vector<float> probabilities(static_cast<std::size_t>(n * classes));
    std::vector<std::thread> clients;
    for (int64_t c = 0; c < kClients; ++c)
      clients.emplace_back([&, c] {  // client c classifies inputs [begin, end) in one request
        const int64_t begin = n * c / kClients, end = n * (c + 1) / kClients;
        if (begin == end) return;
        nabla::Shape shape{end - begin};
        shape.insert(shape.end(), predictor.sample_shape().begin(), predictor.sample_shape().end());
        const std::vector<float> batch(inputs.features.begin() + begin * sample, inputs.features.begin() + end * sample);
        const std::vector<float> p = predictor.predict(nabla::Tensor::from_vector(batch, shape)).to_vector<float>();
        std::copy(p.begin(), p.end(), probabilities.begin() + begin * classes);
      });
    for (auto& client : clients) client.join();

    for (int64_t i = 0; i < n; ++i) {
      const std::span<const float> row(probabilities.data() + i * classes, static_cast<std::size_t>(classes));
      const int64_t best = predictor.top_classes(row, 1)[0];
      std::printf("%s  %s %.4f\n", inputs.names[i].c_str(), predictor.class_names()[best].c_str(),
                  static_cast<double>(row[best]));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
