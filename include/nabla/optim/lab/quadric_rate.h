// Convergence rates on the quadric f(w) = ½ wᵀAw, A = diag(λ₁ … λₙ): measured by running the real
// optimizer, and from theory, after the lecture (and Flammarion & Bach, COLT 2017).
//
// Per eigen-direction the iterations are linear. Gradient descent: wᵏ = (1 − αλᵢ)ᵏ w⁰, so
//   rate = maxᵢ |1 − αλᵢ|, converging iff 0 < αλᵢ < 2;  α* = 2/(λ₁ + λₙ), rate* = (κ − 1)/(κ + 1),
// κ = λₙ/λ₁ (λ sorted). Heavy-ball momentum in PyTorch's form, v ← βv + λw, w ← w − αv, is
//   [v; w]ᵏ = M [v; w]ᵏ⁻¹,  M = [[β, λᵢ], [−αβ, 1 − αλᵢ]],
// and rate = maxᵢ ρ(Mᵢ) (spectral radius; the eigenvalues solve σ² − (1 + β − αλ)σ + β = 0).
// The lecture's form v ← βv − λw, w ← w + αv has M' = [[β, −λᵢ], [αβ, 1 − αλᵢ]] = D·M·D with
// D = diag(−1, 1) (its velocity is the negative of PyTorch's), so the two have the same eigenvalues
// and the same rates. α* = (2/(√λ₁ + √λₙ))², β* = ((√λₙ − √λ₁)/(√λₙ + √λ₁))², rate* = (√κ − 1)/(√κ + 1)
// (at the optimum both extreme directions have a double root √β*). Nesterov in PyTorch's form,
// v ← βv + λw, w ← w − α(λw + βv), has M = [[β, λᵢ], [−αβ², 1 − αλᵢ(1 + β)]]. Newton: wᵏ = (1 − α)ᵏ w⁰,
// rate |1 − α|, one step at α = 1.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace nabla::optim::lab {

struct RateSettings {
  double lr = 0, momentum = 0, rate = 0;
};

// λₙ/λ₁; throws std::invalid_argument unless every λ > 0.
[[nodiscard]] double condition_number(std::span<const double> lambdas);
// The largest |eigenvalue| of [[a, b], [c, d]].
[[nodiscard]] double spectral_radius(double a, double b, double c, double d);

[[nodiscard]] double gradient_descent_rate(std::span<const double> lambdas, double lr);
[[nodiscard]] double heavy_ball_rate(std::span<const double> lambdas, double lr, double momentum);
[[nodiscard]] double nesterov_rate(std::span<const double> lambdas, double lr, double momentum);
[[nodiscard]] RateSettings gradient_descent_optimum(std::span<const double> lambdas);
[[nodiscard]] RateSettings heavy_ball_optimum(std::span<const double> lambdas);

struct QuadricExperiment {
  std::vector<double> lambdas{};
  std::string optimizer = "sgd";  // sgd|momentum|nesterov|newton|adagrad|rmsprop|adam|amsgrad
  std::optional<double> lr{};        // unset: the factory's default for the optimizer
  std::optional<double> momentum{};  // unset: the factory's default (momentum, nesterov: 0.9)
  bool optimal = false;           // run at α* (and β*); only where theory gives them
  int steps = 1000;               // at most; the run stops early near underflow or overflow
};

struct QuadricReport {
  double condition_number = 0, lr = 0, momentum = 0;
  // Geometric mean of ‖wₖ‖/‖wₖ₋₁‖ over the second half of the steps run: (‖w_K‖/‖w_⌊K/2⌋‖)^(1/(K − ⌊K/2⌋)).
  double measured_rate = 0;
  std::optional<double> theoretical_rate;  // none for the adaptive methods
  bool converges = false;                  // theory's verdict where there is one, else measured rate < 1
  std::optional<RateSettings> optimal;     // α*, β*, rate* where theory gives them
  int steps = 0;                           // K
  std::vector<double> norms;               // ‖wₖ‖ for k = 0 … K
};

// Runs the optimizer from w⁰ = (1, …, 1) until ‖w‖ leaves [1e-280, 1e280] (before float64 underflow
// or overflow) or `steps` steps. Throws std::invalid_argument for an unknown optimizer, λ <= 0, or
// `optimal` where theory gives no optimum.
[[nodiscard]] QuadricReport run_quadric(const QuadricExperiment& experiment);

}  // namespace nabla::optim::lab
