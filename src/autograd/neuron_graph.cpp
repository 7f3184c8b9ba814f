// The lecture's neuron, built node by node so that each local gradient can be read off the engine.
#include <nabla/autograd/neuron_graph.h>

#include <stdexcept>
#include <string>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>

namespace nabla {
namespace {

Tensor scalar(double v) { return Tensor::scalar(v, DType::f64); }

// ∂out/∂in for scalar nodes, by the engine (a local gradient of the graph).
double local(const Tensor& out, const Tensor& in) { return grad(out, {in})[0].item(); }

}  // namespace

NeuronTrace run_neuron(const NeuronProblem& pr) {
  if (pr.weights.empty() || pr.weights.size() != pr.input.size())
    throw std::invalid_argument("lab neuron: " + std::to_string(pr.weights.size()) + " weights for " +
                                std::to_string(pr.input.size()) + " inputs");
  if (pr.label && *pr.label != 1 && *pr.label != -1)
    throw std::invalid_argument("lab neuron: the label must be +1 or -1, got " + std::to_string(*pr.label));
  std::vector<Tensor> w, z;
  Tensor q = scalar(0);
  for (std::size_t i = 0; i < pr.weights.size(); ++i) {
    w.push_back(scalar(pr.weights[i]).set_requires_grad());
    z.push_back(mul(w[i], scalar(pr.input[i])));
    q = i == 0 ? z[i] : add(q, z[i]);
  }
  const Tensor b = pr.bias ? scalar(*pr.bias).set_requires_grad() : Tensor();
  if (b.defined()) q = add(q, b);

  NeuronTrace t;
  for (const Tensor& zi : z) t.z.push_back(zi.item());
  t.q = q.item();
  t.score_probability = sigmoid(q).item();
  t.predicted_label = t.q >= 0 ? 1 : -1;
  if (!pr.label) return t;

  const Tensor v = mul(scalar(*pr.label), q);
  const Tensor p = sigmoid(v);
  const Tensor loss = neg(log(p));
  t.v = v.item();
  t.p = p.item();
  t.loss = loss.item();
  t.local.dL_dp = local(loss, p);
  t.local.dp_dv = local(p, v);
  t.local.dv_dq = local(v, q);
  for (std::size_t i = 0; i < z.size(); ++i) {
    t.local.dq_dz.push_back(local(q, z[i]));
    t.local.dz_dw.push_back(local(z[i], w[i]));
  }
  backward(loss);
  for (std::size_t i = 0; i < w.size(); ++i) {
    t.grad_weights.push_back(w[i].grad().item());
    t.updated_weights.push_back(pr.weights[i] - pr.lr * t.grad_weights[i]);
  }
  if (b.defined()) {
    t.grad_bias = b.grad().item();
    t.updated_bias = *pr.bias - pr.lr * *t.grad_bias;
  }
  return t;
}

}  // namespace nabla
