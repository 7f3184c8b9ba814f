// The data of the lecture's rate figures on the quadric ½wᵀdiag(λ)w: gradient descent's rate over the
// step size, theory beside the measured rates of real runs, and heavy ball's rate over (α, β).
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nabla/optim/lab/quadric_rate.h>

namespace nabla::optim::lab {

// One real run on the quadric: the settings, its measured per-step contraction and theory's rate.
struct MeasuredRate {
  double lr = 0, momentum = 0, measured = 0, theory = 0;
};

// rate(α) = maxᵢ |1 − αλᵢ| and its two extreme lines |1 − αλ₁|, |1 − αλₙ| on `samples` even steps of α
// over [0, 1.15 · 2/λₙ], so the divergence beyond the bound shows; α* and rate* = (κ − 1)/(κ + 1);
// the bound 2/λₙ; and real SGD runs at fractions of the bound, at α* and just beyond the bound.
struct GradientDescentRateCurve {
  std::vector<double> lrs{}, rates{}, smallest_lambda_rates{}, largest_lambda_rates{};
  RateSettings optimum{};
  double stability_bound = 0;
  std::vector<MeasuredRate> measured{};
};

// Throws std::invalid_argument unless every λ > 0 and samples >= 2.
[[nodiscard]] GradientDescentRateCurve gradient_descent_rate_curve(std::span<const double> lambdas,
                                                                   std::size_t samples = 401, int steps = 2000);

// Heavy ball converges iff 0 <= β < 1 and 0 < αλₙ < 2(1 + β): the stable region lies in
// α ∈ (0, 4/λₙ), β ∈ [0, 1), the plane the heat map spans.
[[nodiscard]] double heavy_ball_lr_limit(std::span<const double> lambdas);

// Runs the real optimizer (name as run_quadric's) at each (lr, momentum) and pairs the measured rate
// with theory's.
[[nodiscard]] std::vector<MeasuredRate> measure_rates(std::span<const double> lambdas, const std::string& optimizer,
                                                      std::span<const RateSettings> settings, int steps = 2000);

}  // namespace nabla::optim::lab
