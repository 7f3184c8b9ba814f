// Uses the installed library: fits y = 2x + 1 with one Linear layer and SGD, prints the weights.
#include <cmath>
#include <cstdio>

#include <nabla/nabla.h>

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
  return std::abs(w - 2) < 1e-3 && std::abs(b - 1) < 1e-3 ? 0 : 1;
}
