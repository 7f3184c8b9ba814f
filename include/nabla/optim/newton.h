// Newton's method with the exact Hessian (not in PyTorch), for models with few parameters.
//
// Over all parameters flattened into w (n values), each step(closure):
//   g = ∇f(w)   the closure's backward, run under a CreateGraphGuard so that g keeps its graph
//   H = ∇²f(w)  the Jacobian of g (hessian_from_gradients: one backward pass per row)
//   solve (H + μI)·p = g     by Cholesky; by LU when H + μI is not positive definite; an error when
//                            it is singular
//   d = −p
//   no line search:  w ← w + α·d
//   line search:     if gᵀd >= 0 (not a descent direction, H + μI indefinite) d ← −g; then the
//                    first t in α, α/2, α/4, … (at most max_backtracks halvings) with
//                    f(w + t·d) <= f(w) + 1e-4·t·gᵀd (Armijo) gives w ← w + t·d; none: w stays.
//                    Each trial runs the closure (backward included).
// A non-finite f(w) leaves w as it is. After the step .grad holds the last evaluation's gradient,
// without a graph.
// μ is Levenberg–Marquardt style damping: large μ turns the step into gradient descent with rate α/μ.
// On f(w) = ½wᵀAw one step at α = 1, μ = 0 lands on the minimum. The solve runs in float64.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

struct NewtonOptions {
  double lr = 1;          // α
  double damping = 0;     // μ
  bool line_search = false;
  int max_backtracks = 30;
  int64_t max_params = 5000;  // the Hessian costs n backward passes and n² memory
};

// What the last step did (diagnostics for the lab and the tests).
struct NewtonStepInfo {
  bool cholesky = true;         // false: LU solved an indefinite H + μI
  bool gradient_fallback = false;  // the line search replaced a non-descent direction by −g
  double t = 0;                 // the step taken along d (0 when the line search found none)
  int evaluations = 0;          // closure calls of the line search
};

class Newton final : public Optimizer {
 public:
  explicit Newton(std::vector<Tensor> params, const NewtonOptions& options = {});

  // Throws: Newton evaluates the Hessian through the loss, use step(closure).
  void step() override;
  // Returns the loss before the step. The closure follows Optimizer's contract (zero_grad, loss,
  // backward, return the loss) and is run once, plus once per line-search trial.
  Tensor step(const Closure& closure) override;
  [[nodiscard]] std::string name() const override { return "newton"; }
  [[nodiscard]] const NewtonOptions& options() const { return options_; }
  [[nodiscard]] const NewtonStepInfo& last_step() const { return last_step_; }

 private:
  // w ← w0 + t·d over the parameters in order.
  void set_params(const std::vector<double>& w0, double t, const std::vector<double>& d);

  NewtonOptions options_;
  std::vector<Tensor> params_;
  NewtonStepInfo last_step_;
};

}  // namespace nabla::optim
