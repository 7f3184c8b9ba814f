// Objective: the optimizer lab's test functions in float64: the quadric ½ Σ λᵢwᵢ², Rosenbrock's valley,
// Beale's function, two saddles and a plateau (the lecture's landscape remarks), differentiable (for the
// optimizers) and as plain numbers (for contour plots).
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla::optim::lab {

class Objective {
 public:
  // "quadric" (lambdas: its λᵢ > 0; empty takes (1, 10)) or one of the 2-D functions below (names());
  // throws std::invalid_argument for another name, lambdas given to another function, or a λ <= 0.
  explicit Objective(std::string_view name, std::vector<double> lambdas = {});
  // quadric, rosenbrock, beale, saddle, monkey_saddle, plateau
  [[nodiscard]] static const std::vector<std::string>& names();

  //   quadric:       ½ Σ λᵢ wᵢ²
  //   rosenbrock:    (1 − x)² + 100 (y − x²)²
  //   beale:         (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
  //   saddle:        x² − y²       (a saddle at 0: a minimum along x, a maximum along y; no minimum)
  //   monkey_saddle: x³ − 3xy²     (a flat saddle at 0, where even the Hessian vanishes; no minimum)
  //   plateau:       1 − exp(−(x² + y²)/2)  (a well in a plain so flat that the gradient vanishes)
  // w: float64 (dims()). Differentiable.
  [[nodiscard]] Tensor operator()(const Tensor& w) const;
  // The same value for plain numbers.
  [[nodiscard]] double value(std::span<const double> w) const;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<double>& lambdas() const { return lambdas_; }
  // The number of variables: the λ count for the quadric, 2 otherwise.
  [[nodiscard]] std::size_t dims() const { return name_ == "quadric" ? lambdas_.size() : 2; }
  // The point a picture frames: the global minimiser (0; (1, 1); (3, 0.5); 0 for the plateau), or the
  // saddle point 0 of the functions without a minimum.
  [[nodiscard]] std::vector<double> critical_point() const;
  // A customary start: all −1 with the last coordinate 1 for the quadric, (−1.2, 1) for Rosenbrock,
  // (1, 1.5) for Beale; (1, 0.05) beside the saddles' unstable direction; (−3, 2.5) out on the plateau.
  [[nodiscard]] std::vector<double> default_start() const;
  // Throws std::invalid_argument naming the function unless w has dims() values.
  void check_point(std::span<const double> w, const char* what) const;

 private:
  std::string name_;
  std::vector<double> lambdas_;
};

}  // namespace nabla::optim::lab
