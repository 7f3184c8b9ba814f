// Test helpers for the PyTorch parity tests: the fixture problems rebuilt with nabla ops, optimizers
// built from a fixture case's options, and a side-by-side comparison of expected and actual values.
// Header-only: the test build compiles only *_test.cpp files.
#pragma once
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/autograd/ops.h>
#include <nabla/optim/adagrad.h>
#include <nabla/optim/adam.h>
#include <nabla/optim/adamw.h>
#include <nabla/optim/lbfgs.h>
#include <nabla/optim/newton.h>
#include <nabla/optim/optimizer.h>
#include <nabla/optim/rmsprop.h>
#include <nabla/optim/sgd.h>

#include "../common/test_paths.h"

namespace nabla::optim::testing {

// A problem's parameters (float64 leaves at the fixture's start) and its loss over them.
struct Problem {
  std::vector<Tensor> params;
  std::function<Tensor()> loss;
};

// The parsed JSON file tests/reference/<name>.
inline nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(std::string(nabla::test::reference_dir()) + "/" + name);
  if (!in) throw std::runtime_error("cannot open fixture " + name);
  return nlohmann::json::parse(in);
}

// A float64 tensor of the given shape from a JSON array.
inline Tensor fixture_tensor(const nlohmann::json& values, const Shape& shape) {
  const std::vector<double> v = values.get<std::vector<double>>();
  return Tensor::from_vector(std::span<const double>(v), shape);
}

inline Tensor fixture_leaf(const nlohmann::json& values, const Shape& shape) {
  return fixture_tensor(values, shape).set_requires_grad();
}

// "quadratic", "rosenbrock" or "mlp", from the fixture's data.
inline Problem make_problem(const nlohmann::json& f) {
  const std::string name = f.at("problem");
  if (name == "quadratic") {
    const Tensor a = fixture_tensor(f.at("A"), {4, 4}), b = fixture_tensor(f.at("b"), {4});
    Tensor w = fixture_leaf(f.at("w0"), {4});
    // ½ wᵀAw − bᵀw
    return {{w}, [=] { return 0.5 * sum(w * reshape(matmul(a, reshape(w, {4, 1})), {4})) - sum(b * w); }};
  }
  if (name == "rosenbrock") {
    Tensor w = fixture_leaf(f.at("w0"), {2});
    return {{w}, [=] {
              const Tensor x = slice(w, 0, 0, 1), y = slice(w, 0, 1, 2);
              return sum(pow(1.0 - x, 2.0) + 100.0 * pow(y - x * x, 2.0));
            }};
  }
  if (name == "mlp") {
    const Tensor x = fixture_tensor(f.at("x"), {8, 3}), t = fixture_tensor(f.at("t"), {8, 2});
    Tensor w1 = fixture_leaf(f.at("w1"), {4, 3}), b1 = fixture_leaf(f.at("b1"), {4});
    Tensor w2 = fixture_leaf(f.at("w2"), {2, 4}), b2 = fixture_leaf(f.at("b2"), {2});
    return {{w1, b1, w2, b2}, [=] {
              const Tensor h = tanh(matmul(x, transpose(w1, 0, 1)) + b1);
              const Tensor y = matmul(h, transpose(w2, 0, 1)) + b2;
              return mean(pow(y - t, 2.0));
            }};
  }
  throw std::invalid_argument("unknown fixture problem " + name);
}

// The optimizer a case names, with the case's options, over params.
inline std::unique_ptr<Optimizer> make_case_optimizer(const nlohmann::json& c, std::vector<Tensor> params) {
  const std::string kind = c.at("optimizer");
  const nlohmann::json& o = c.at("options");
  const double lr = o.at("lr");
  if (kind == "sgd")
    return std::make_unique<SGD>(std::move(params),
                                 SGDOptions{.lr = lr, .momentum = o.value("momentum", 0.0), .dampening = o.value("dampening", 0.0),
                                            .nesterov = o.value("nesterov", false), .weight_decay = o.value("weight_decay", 0.0),
                                            .maximize = o.value("maximize", false)});
  if (kind == "adagrad")
    return std::make_unique<Adagrad>(
        std::move(params), AdagradOptions{.lr = lr, .lr_decay = o.value("lr_decay", 0.0), .weight_decay = o.value("weight_decay", 0.0),
                                          .initial_accumulator_value = o.value("initial_accumulator_value", 0.0)});
  if (kind == "rmsprop")
    return std::make_unique<RMSprop>(
        std::move(params), RMSpropOptions{.lr = lr, .alpha = o.value("alpha", 0.99), .weight_decay = o.value("weight_decay", 0.0),
                                          .momentum = o.value("momentum", 0.0), .centered = o.value("centered", false)});
  if (kind == "adam")
    return std::make_unique<Adam>(std::move(params),
                                  AdamOptions{.lr = lr, .beta1 = o.value("beta1", 0.9), .beta2 = o.value("beta2", 0.999),
                                              .eps = o.value("eps", 1e-8), .weight_decay = o.value("weight_decay", 0.0),
                                              .amsgrad = o.value("amsgrad", false)});
  if (kind == "adamw")
    return std::make_unique<AdamW>(std::move(params),
                                   AdamWOptions{.lr = lr, .beta1 = o.value("beta1", 0.9), .beta2 = o.value("beta2", 0.999),
                                                .eps = o.value("eps", 1e-8), .weight_decay = o.value("weight_decay", 1e-2),
                                                .amsgrad = o.value("amsgrad", false)});
  if (kind == "lbfgs")
    return std::make_unique<LBFGS>(std::move(params),
                                   LBFGSOptions{.lr = lr, .max_iter = o.value("max_iter", 20), .history_size = o.value("history_size", 100),
                                                .line_search_fn = o.value("line_search_fn", std::string())});
  if (kind == "newton")
    return std::make_unique<Newton>(std::move(params), NewtonOptions{.lr = lr, .damping = o.value("damping", 0.0),
                                                                     .line_search = o.value("line_search", false)});
  throw std::invalid_argument("unknown fixture optimizer " + kind);
}

// All parameters flattened, in order.
inline std::vector<double> flat_values(const std::vector<Tensor>& params) {
  std::vector<double> flat;
  for (const Tensor& p : params) {
    const std::vector<double> v = p.to_vector<double>();
    flat.insert(flat.end(), v.begin(), v.end());
  }
  return flat;
}

// Empty when |actual − expected| <= atol + rtol·|expected| everywhere; otherwise a report with the
// worst element, expected and actual side by side.
inline std::string compare(const std::vector<double>& actual, const std::vector<double>& expected, double rtol, double atol) {
  if (actual.size() != expected.size())
    return "sizes differ: " + std::to_string(actual.size()) + " != " + std::to_string(expected.size());
  double worst = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double excess = std::abs(actual[i] - expected[i]) / (atol + rtol * std::abs(expected[i]));
    if (!(excess <= worst)) {
      worst = excess;
      at = i;
    }
  }
  if (worst <= 1) return "";
  std::ostringstream out;
  out.precision(17);
  out << "element " << at << ": expected " << expected[at] << ", actual " << actual[at] << ", |diff| "
      << std::abs(actual[at] - expected[at]) << " > " << atol << " + " << rtol << "·|expected|";
  return out.str();
}

}  // namespace nabla::optim::testing
