// optimize: the lab's driver loop around step(closure).
#include <nabla/optim/lab/optimize.h>

#include <cmath>
#include <stdexcept>

namespace nabla::optim::lab {

OptimizeRun optimize(const Objective& f, std::span<const double> x0, const OptimizerConfig& config, int steps) {
  f.check_point(x0, "the start x0");
  if (steps < 0) throw std::invalid_argument("lab: steps " + std::to_string(steps) + " must be >= 0");
  Tensor w = Tensor::from_vector(x0, {static_cast<int64_t>(x0.size())}).set_requires_grad();
  const std::unique_ptr<Optimizer> optimizer = make_optimizer(config, {w});
  const Closure closure = make_closure(*optimizer, [&] { return f(w); });
  OptimizeRun run;
  const auto record = [&] {
    run.iterates.push_back(w.to_vector<double>());
    run.values.push_back(f.value(run.iterates.back()));
  };
  record();
  for (int k = 0; k < steps; ++k) {
    (void)optimizer->step(closure);
    record();
    for (double v : run.iterates.back()) run.diverged = run.diverged || !std::isfinite(v);
    if (run.diverged) break;
  }
  return run;
}

}  // namespace nabla::optim::lab
