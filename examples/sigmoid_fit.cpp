// The lecture's sigmoid-fitting least-squares problem, solved by plain gradient descent at α = 50 and
// α = 80, with the two loss curves written as an SVG (argv[1], default sigmoid_fit.svg).
//
// Fit p(x) = σ(w·x + b) to six points (xᵢ, yᵢ) by minimising L(w, b) = (1/N) Σ (σ(w·xᵢ + b) − yᵢ)².
// The lecture gives no data; these points lie near σ(4x − 0.4). Starting at (w, b) = (−5, −4), where
// the sigmoid is saturated, the landscape is flat: the gradient is tiny and both runs sit on a plateau
// for dozens of steps. Near the minimum the Hessian's largest eigenvalue is λ_max ≈ 0.034, so gradient
// descent converges only for α < 2/λ_max ≈ 59: α = 50 settles, α = 80 escapes the plateau and then
// oscillates without converging.
#include <cstdio>
#include <string>
#include <vector>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/optim/sgd.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/write_svg.h>

namespace {

// The loss after each of `steps` gradient-descent steps at rate alpha, from the start (w₀, b₀).
std::vector<double> descend(double alpha, int steps) {
  using nabla::Tensor;
  const Tensor x = Tensor::from_list({-1.0, -0.6, -0.2, 0.2, 0.6, 1.0}, {6}, nabla::DType::f64);
  const Tensor y = Tensor::from_list({0.04, 0.01, 0.27, 0.57, 0.93, 0.95}, {6}, nabla::DType::f64);
  Tensor w = Tensor::scalar(-5.0, nabla::DType::f64).set_requires_grad();
  Tensor b = Tensor::scalar(-4.0, nabla::DType::f64).set_requires_grad();
  nabla::optim::SGD gd({w, b}, {.lr = alpha});
  std::vector<double> losses;
  // The closure, as in PyTorch: zero the gradients, compute the loss, backpropagate, return the loss.
  const auto closure = [&] {
    gd.zero_grad();
    Tensor loss = nabla::mean(nabla::pow(nabla::sigmoid(w * x + b) - y, 2.0));
    nabla::backward(loss);
    return loss;
  };
  for (int k = 0; k < steps; ++k) losses.push_back(gd.step(closure).item());
  return losses;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string out = argc > 1 ? argv[1] : "sigmoid_fit.svg";
  constexpr int kSteps = 200;
  std::vector<nabla::plot::Series> series;
  for (double alpha : {50.0, 80.0}) {
    const std::vector<double> losses = descend(alpha, kSteps);
    std::printf("alpha = %-3g loss at step 0, 20, 40, 80, 120, 199:", alpha);
    for (int k : {0, 20, 40, 80, 120, 199}) std::printf(" %.4f", losses[k]);
    std::printf("\n");
    nabla::plot::Series s{.name = "alpha = " + std::to_string(static_cast<int>(alpha))};
    for (int k = 0; k < kSteps; ++k) {
      s.x.push_back(k);
      s.y.push_back(losses[k]);
    }
    series.push_back(std::move(s));
  }
  nabla::plot::write_svg(out, nabla::plot::line_chart_svg(series, {.title = "Sigmoid fit by gradient descent (LSQ)",
                                                                   .x_label = "step",
                                                                   .y_label = "loss",
                                                                   .log_y = true}));
  std::printf("wrote %s\n", out.c_str());
  return 0;
}
