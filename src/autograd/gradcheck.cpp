// Central-difference gradient checks in float64.
#include <nabla/autograd/gradcheck.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

using ScalarOf = std::function<Tensor(const std::vector<Tensor>&)>;

std::vector<Tensor> checked_inputs(const std::vector<Tensor>& inputs) {
  std::vector<Tensor> diff;
  for (const Tensor& t : inputs) {
    if (t.dtype() != DType::f64) throw std::invalid_argument("gradcheck: inputs must be float64, got " + t.describe());
    if (t.requires_grad()) {
      if (!t.is_leaf() || !t.is_contiguous())
        throw std::invalid_argument("gradcheck: inputs that require grad must be contiguous leaves");
      diff.push_back(t);
    }
  }
  if (diff.empty()) throw std::invalid_argument("gradcheck: no input requires grad");
  return diff;
}

// Compares the analytic gradient of the scalar `value(inputs)` with central differences of
// `numeric_value(inputs)` (a plain double) for every element of every differentiable input.
GradcheckResult compare(const std::vector<Tensor>& inputs, const std::vector<Tensor>& diff,
                        const std::function<std::vector<Tensor>()>& analytic,
                        const std::function<double()>& numeric_value, const GradcheckOptions& o) {
  const std::vector<Tensor> grads = analytic();
  GradcheckResult result;
  std::ostringstream report;
  int shown = 0;
  for (std::size_t i = 0; i < diff.size(); ++i) {
    double* p = diff[i].data<double>();
    const std::vector<double> a = grads[i].to_vector<double>();
    for (int64_t j = 0; j < diff[i].numel(); ++j) {
      const double saved = p[j];
      p[j] = saved + o.eps;
      const double plus = numeric_value();
      p[j] = saved - o.eps;
      const double minus = numeric_value();
      p[j] = saved;
      const double numeric = (plus - minus) / (2 * o.eps);
      const double err = std::abs(a[j] - numeric);
      result.max_error = std::max(result.max_error, err);
      if (!(err <= o.atol + o.rtol * std::abs(numeric))) {
        result.ok = false;
        if (shown++ < 5)
          report << "input " << i << " " << diff[i].describe() << " element " << j << ": analytic " << a[j]
                 << ", numeric " << numeric << "\n";
      }
    }
  }
  (void)inputs;
  result.report = report.str();
  return result;
}

Tensor projection(const Tensor& like, uint64_t seed) {
  Generator gen(seed);
  return randn(like.shape(), gen, 0, 1, DType::f64);
}

}  // namespace

GradcheckResult gradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs, const GradcheckOptions& o) {
  const std::vector<Tensor> diff = checked_inputs(inputs);
  Tensor r;
  {
    NoGradGuard off;
    r = projection(f(inputs), o.seed);
  }
  auto scalar = [&] { return sum(mul(f(inputs), r)); };
  return compare(
      inputs, diff, [&] { NoGradGuard on(true); return grad(scalar(), diff); },
      [&] { NoGradGuard off; return scalar().item(); }, o);
}

GradcheckResult gradgradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs, const GradcheckOptions& o) {
  const std::vector<Tensor> diff = checked_inputs(inputs);
  Tensor r;
  std::vector<Tensor> r2;
  {
    NoGradGuard off;
    r = projection(f(inputs), o.seed);
    for (std::size_t i = 0; i < diff.size(); ++i) r2.push_back(projection(diff[i], o.seed + 1 + i));
  }
  // ⟨r₂, ∇ₓ⟨r, f(x)⟩⟩, differentiable when create_graph.
  auto second = [&](bool create_graph) {
    NoGradGuard on(true);
    const std::vector<Tensor> g = grad(sum(mul(f(inputs), r)), diff, {}, create_graph);
    Tensor total = Tensor::scalar(0, DType::f64);
    for (std::size_t i = 0; i < g.size(); ++i) total = add(total, sum(mul(g[i], r2[i])));
    return total;
  };
  return compare(
      inputs, diff,
      [&] {
        const Tensor s = second(true);
        if (!s.requires_grad()) {  // the gradient does not depend on x: second derivative zero
          std::vector<Tensor> zeros;
          for (const Tensor& d : diff) zeros.push_back(Tensor::zeros(d.shape(), DType::f64));
          return zeros;
        }
        NoGradGuard on(true);
        return grad(s, diff);
      },
      [&] { return second(false).item(); }, o);
}

}  // namespace nabla
