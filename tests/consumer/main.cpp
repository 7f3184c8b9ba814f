// Uses the installed library: fits y = 2x + 1 with one Linear layer and SGD, prints the weights, then
// serves the layer as a binary run's model through nabla::Predictor.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nabla/nabla.h>
#include <nabla/train/safetensors.h>

int main() {
  using namespace nabla;
  Generator gen(0);
  nn::Linear layer(1, 1, gen);
  optim::SGD sgd(layer.parameters(), {.lr = 0.1});
  const Tensor x = tensor({{-1.0}, {0.0}, {1.0}, {2.0}});
  const Tensor y = tensor({{-1.0}, {1.0}, {3.0}, {5.0}});
  for (int step = 0; step < 200; ++step) {
    sgd.zero_grad();
    const Tensor diff = layer(x) - y;
    backward(mean(diff * diff));
    sgd.step();
  }
  const double w = layer.parameters()[0].item(), b = layer.parameters()[1].item();
  std::printf("w = %.4f, b = %.4f\n", w, b);

  // A run folder holding the layer as a one-logit model: P(class 1 | x = 1.5) = σ(1.5 w + b).
  const auto run = std::filesystem::temp_directory_path() / "nabla_consumer_run";
  std::filesystem::create_directories(run);
  train::save_safetensors(run / "model.safetensors", {{"0.weight", layer.parameters()[0]}, {"0.bias", layer.parameters()[1]}});
  std::ofstream(run / "config.json") << R"j({"model": "linear(1)", "loss": "bce"})j";
  std::ofstream(run / "data.json") << R"({"sample_shape": [1], "num_classes": 2})";
  const Predictor predictor = Predictor::load(run);
  const double p = predictor.predict(tensor({{1.5}})).to_vector<float>()[1];
  std::printf("P(class 1 | x = 1.5) = %.4f\n", p);
  const bool served = std::abs(p - 1 / (1 + std::exp(-(1.5 * w + b)))) < 1e-5;
  return std::abs(w - 2) < 1e-3 && std::abs(b - 1) < 1e-3 && served ? 0 : 1;
}
