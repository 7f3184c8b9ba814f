// Objective: the optimizer lab's test functions in float64: the quadric ½ Σ λᵢwᵢ², Rosenbrock's valley
// and Beale's function, differentiable (for the optimizers) and as plain numbers (for contour plots).
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
  // "quadric" (lambdas: its λᵢ > 0; empty takes (1, 10)), "rosenbrock" or "beale"; throws
  // std::invalid_argument for another name, lambdas given to another function, or a λ <= 0.
  explicit Objective(std::string_view name, std::vector<double> lambdas = {});

  //   quadric:    ½ Σ λᵢ wᵢ²
  //   rosenbrock: (1 − x)² + 100 (y − x²)²
  //   beale:      (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
  // w: float64 (dims()). Differentiable.
  [[nodiscard]] Tensor operator()(const Tensor& w) const;
  // The same value for plain numbers.
  [[nodiscard]] double value(std::span<const double> w) const;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<double>& lambdas() const { return lambdas_; }
  // The number of variables: the λ count for the quadric, 2 otherwise.
  [[nodiscard]] std::size_t dims() const { return name_ == "quadric" ? lambdas_.size() : 2; }
  // The global minimiser: 0, (1, 1) and (3, 0.5).
  [[nodiscard]] std::vector<double> minimiser() const;
  // A customary start: all −1 with the last coordinate 1 for the quadric, (−1.2, 1) for Rosenbrock,
  // (1, 1.5) for Beale.
  [[nodiscard]] std::vector<double> default_start() const;
  // Throws std::invalid_argument naming the function unless w has dims() values.
  void check_point(std::span<const double> w, const char* what) const;

 private:
  std::string name_;
  std::vector<double> lambdas_;
};

}  // namespace nabla::optim::lab
