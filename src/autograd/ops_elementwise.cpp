// Elementwise ops and activations, each with its gradient rule beside it.
#include <nabla/autograd/ops.h>

#include "record.h"
#include "relu_rule.h"

namespace nabla {

using kernels::Binary;
using kernels::Unary;

// add and sub capture only their inputs' shapes: the inputs' values are freed as soon as nothing else
// needs them (a residual block's sum keeps neither branch alive).
Tensor add(const Tensor& a, const Tensor& b) {
  return record("add", {a, b}, kernels::binary(Binary::add, a, b), [sa = a.shape(), sb = b.shape()](const Tensor& g) {
    return std::vector<Tensor>{sum_to(g, sa), sum_to(g, sb)};
  });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  return record("sub", {a, b}, kernels::binary(Binary::sub, a, b),
                [sa = a.shape(), sb = b.shape(), b_grad = b.requires_grad()](const Tensor& g) {
                  return std::vector<Tensor>{sum_to(g, sa), b_grad ? sum_to(neg(g), sb) : Tensor()};
                });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  return record("mul", {a, b}, kernels::binary(Binary::mul, a, b), [a, b](const Tensor& g) {
    return std::vector<Tensor>{a.requires_grad() ? sum_to(mul(g, b), a.shape()) : Tensor(),
                               b.requires_grad() ? sum_to(mul(g, a), b.shape()) : Tensor()};
  });
}

Tensor div(const Tensor& a, const Tensor& b) {
  return record("div", {a, b}, kernels::binary(Binary::div, a, b), [a, b](const Tensor& g) {
    // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
    return std::vector<Tensor>{a.requires_grad() ? sum_to(div(g, b), a.shape()) : Tensor(),
                               b.requires_grad() ? sum_to(neg(div(mul(g, a), mul(b, b))), b.shape()) : Tensor()};
  });
}

// d(a^b)/da = b·a^(b−1), d(a^b)/db = a^b·log(a), with PyTorch's values where those formulas give
// 0·∞: d/da is 0 where b = 0 (a⁰ = 1 everywhere), and d/db is 0 where a = 0 and b >= 0.
Tensor pow(const Tensor& a, const Tensor& b) {
  return record("pow", {a, b}, kernels::binary(Binary::pow, a, b), [a, b](const Tensor& g) {
    const Tensor zero = scalar_like(0, g);
    Tensor da, db;
    if (a.requires_grad())
      da = sum_to(where(eq(b, zero), zero, mul(g, mul(b, pow(a, sub(b, scalar_like(1, b)))))), a.shape());
    if (b.requires_grad()) {
      const Tensor flat = mul(eq(a, zero), ge(b, zero));
      db = sum_to(mul(g, where(flat, zero, mul(pow(a, b), log(a)))), b.shape());
    }
    return std::vector<Tensor>{da, db};
  });
}

// d(a^p)/da = p·a^(p−1), and 0 for p = 0 (PyTorch's rule; p·a^(p−1) is 0·∞ at a = 0). The second
// derivative of a¹ runs through a⁰ and so is 0 there too.
Tensor pow(const Tensor& a, double p) {
  const Tensor e = scalar_like(p, a);
  return record("pow", {a}, kernels::binary(Binary::pow, a, e), [a, p](const Tensor& g) {
    if (p == 0) return std::vector<Tensor>{Tensor::zeros(a.shape(), g.dtype())};
    return std::vector<Tensor>{mul(g, mul(scalar_like(p, a), pow(a, p - 1)))};
  });
}

// Where a and b tie, each gets half the gradient (PyTorch's rule for maximum/minimum).
static Tensor minmax(const char* name, Binary op, Binary wins, const Tensor& a, const Tensor& b) {
  return record(name, {a, b}, kernels::binary(op, a, b), [a, b, wins](const Tensor& g) {
    const Tensor half = scalar_like(0.5, a);
    const Tensor share_a = add(kernels::binary(wins, a, b), mul(half, kernels::binary(Binary::eq, a, b)));
    const Tensor share_b = sub(scalar_like(1, a), share_a);
    return std::vector<Tensor>{sum_to(mul(g, share_a), a.shape()), sum_to(mul(g, share_b), b.shape())};
  });
}

Tensor minimum(const Tensor& a, const Tensor& b) { return minmax("minimum", Binary::minimum, Binary::lt, a, b); }
Tensor maximum(const Tensor& a, const Tensor& b) { return minmax("maximum", Binary::maximum, Binary::gt, a, b); }

Tensor neg(const Tensor& x) {
  return record("neg", {x}, kernels::unary(Unary::neg, x), [](const Tensor& g) { return std::vector<Tensor>{neg(g)}; });
}

Tensor exp(const Tensor& x) {
  Tensor out = kernels::unary(Unary::exp, x);
  return record("exp", {x}, out, [x, y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{mul(g, building_graph() ? exp(x) : y)};
  });
}

Tensor log(const Tensor& x) {
  return record("log", {x}, kernels::unary(Unary::log, x), [x](const Tensor& g) { return std::vector<Tensor>{div(g, x)}; });
}

Tensor sqrt(const Tensor& x) {
  Tensor out = kernels::unary(Unary::sqrt, x);
  return record("sqrt", {x}, out, [x, y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{div(g, mul(scalar_like(2, x), building_graph() ? sqrt(x) : y))};
  });
}

Tensor abs(const Tensor& x) {
  return record("abs", {x}, kernels::unary(Unary::abs, x), [x](const Tensor& g) {
    return std::vector<Tensor>{mul(g, kernels::unary(Unary::sign, x))};
  });
}

Tensor sin(const Tensor& x) {
  return record("sin", {x}, kernels::unary(Unary::sin, x), [x](const Tensor& g) { return std::vector<Tensor>{mul(g, cos(x))}; });
}

Tensor cos(const Tensor& x) {
  return record("cos", {x}, kernels::unary(Unary::cos, x),
                [x](const Tensor& g) { return std::vector<Tensor>{mul(g, neg(sin(x)))}; });
}

Tensor clamp(const Tensor& x, double lo, double hi) {
  return record("clamp", {x}, kernels::clamp(x, lo, hi), [x, lo, hi](const Tensor& g) {
    const Tensor inside = mul(kernels::binary(Binary::ge, x, scalar_like(lo, x)),
                              kernels::binary(Binary::le, x, scalar_like(hi, x)));
    return std::vector<Tensor>{mul(g, inside)};
  });
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  return record("where", {a, b}, kernels::where(cond, a, b), [cond, a, b](const Tensor& g) {
    const Tensor zero = scalar_like(0, g);
    return std::vector<Tensor>{sum_to(where(cond, g, zero), a.shape()), sum_to(where(cond, zero, g), b.shape())};
  });
}

// One fused pass: g, except 0 where y <= 0, so a NaN input passes g as in PyTorch's threshold_backward.
// Linear in g, so its own derivative is the same mask again; y only chooses the mask (ReLU'' = 0), so
// it gets no gradient.
Tensor relu_backward(const Tensor& g, const Tensor& y) {
  return record("relu_backward", {g}, kernels::binary(Binary::zero_where_nonpositive, g, y),
                [y](const Tensor& gg) { return std::vector<Tensor>{relu_backward(gg, y)}; });
}

// The rule keeps the output, not x (y <= 0 exactly where x <= 0): the next layer keeps y anyway, so x can go.
Tensor relu(const Tensor& x) {
  Tensor out = kernels::unary(Unary::relu, x);
  return record("relu", {x}, out, [y = out.detach()](const Tensor& g) { return std::vector<Tensor>{relu_backward(g, y)}; });
}

// As relu(add(a, b)) without the sum's full-size tensor: both inputs get the gradient ReLU lets through.
Tensor add_relu(const Tensor& a, const Tensor& b) {
  Tensor out = kernels::binary(Binary::add_relu, a, b);
  return record("add_relu", {a, b}, out, [y = out.detach(), sa = a.shape(), sb = b.shape()](const Tensor& g) {
    const Tensor through = relu_backward(g, y);
    return std::vector<Tensor>{sum_to(through, sa), sum_to(through, sb)};
  });
}

Tensor sigmoid(const Tensor& x) {
  Tensor out = kernels::unary(Unary::sigmoid, x);
  return record("sigmoid", {x}, out, [x, y = out.detach()](const Tensor& g) {
    const Tensor s = building_graph() ? sigmoid(x) : y;  // σ' = σ(1 − σ)
    return std::vector<Tensor>{mul(g, mul(s, sub(scalar_like(1, s), s)))};
  });
}

Tensor tanh(const Tensor& x) {
  Tensor out = kernels::unary(Unary::tanh, x);
  return record("tanh", {x}, out, [x, y = out.detach()](const Tensor& g) {
    const Tensor t = building_graph() ? tanh(x) : y;  // tanh' = 1 − tanh²
    return std::vector<Tensor>{mul(g, sub(scalar_like(1, t), mul(t, t)))};
  });
}

Tensor softplus(const Tensor& x) {
  return record("softplus", {x}, kernels::unary(Unary::softplus, x),
                [x](const Tensor& g) { return std::vector<Tensor>{mul(g, sigmoid(x))}; });
}

Tensor softmax(const Tensor& x, int64_t dim) {
  Tensor out = kernels::softmax(x, dim, false);
  return record("softmax", {x}, out, [x, dim, y = out.detach()](const Tensor& g) {
    const Tensor s = building_graph() ? softmax(x, dim) : y;  // ds = s ⊙ (g − Σ g⊙s)
    return std::vector<Tensor>{mul(s, sub(g, sum(mul(g, s), {dim}, true)))};
  });
}

Tensor log_softmax(const Tensor& x, int64_t dim) {
  Tensor out = kernels::softmax(x, dim, true);
  return record("log_softmax", {x}, out, [x, dim, y = out.detach()](const Tensor& g) {
    const Tensor s = building_graph() ? softmax(x, dim) : exp(y);  // g − softmax ⊙ Σ g
    return std::vector<Tensor>{sub(g, mul(s, sum(g, {dim}, true)))};
  });
}

Tensor eq(const Tensor& a, const Tensor& b) { return kernels::binary(Binary::eq, a, b); }
Tensor ne(const Tensor& a, const Tensor& b) { return kernels::binary(Binary::ne, a, b); }
Tensor lt(const Tensor& a, const Tensor& b) { return kernels::binary(Binary::lt, a, b); }
Tensor le(const Tensor& a, const Tensor& b) { return kernels::binary(Binary::le, a, b); }
Tensor gt(const Tensor& a, const Tensor& b) { return kernels::binary(Binary::gt, a, b); }
Tensor ge(const Tensor& a, const Tensor& b) { return kernels::binary(Binary::ge, a, b); }

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator-(const Tensor& x) { return neg(x); }
Tensor operator+(const Tensor& a, double b) { return add(a, scalar_like(b, a)); }
Tensor operator-(const Tensor& a, double b) { return sub(a, scalar_like(b, a)); }
Tensor operator*(const Tensor& a, double b) { return mul(a, scalar_like(b, a)); }
Tensor operator/(const Tensor& a, double b) { return div(a, scalar_like(b, a)); }
Tensor operator+(double a, const Tensor& b) { return add(scalar_like(a, b), b); }
Tensor operator-(double a, const Tensor& b) { return sub(scalar_like(a, b), b); }
Tensor operator*(double a, const Tensor& b) { return mul(scalar_like(a, b), b); }
Tensor operator/(double a, const Tensor& b) { return div(scalar_like(a, b), b); }

}  // namespace nabla
