// Values and gradients of sin, cos, min/max with ties, logsumexp, var, std, gather and index_select, and
// int64 arithmetic, against PyTorch 1.13 (tests/reference/make_ops_fixtures.py).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>

#include "../common/reference_fixture.h"

namespace nabla {
namespace {

using test::expect_close;
using test::tensor_from;

constexpr double kTol = 1e-12;  // float64 against float64: only summation order differs

const nlohmann::json& fixtures() {
  static const nlohmann::json j = test::read_fixture("ops_fixtures.json");
  return j;
}

// f applied to the fixture's x: the output, and x's gradient for the fixture's upstream gradient g.
void expect_case(const std::string& name, const std::function<Tensor(const Tensor&)>& f) {
  const nlohmann::json& c = fixtures().at(name);
  const Tensor x = tensor_from(c.at("x")).set_requires_grad();
  const Tensor out = f(x);
  expect_close(out, tensor_from(c.at("out")), kTol, name + " value");
  backward(out, tensor_from(c.at("g")));
  expect_close(x.grad(), tensor_from(c.at("grad")), kTol, name + " gradient");
}

Tensor index_of(const std::string& name) { return tensor_from(fixtures().at(name).at("index"), DType::i64); }

TEST(OpsParity, SinAndCos) {
  expect_case("sin", [](const Tensor& x) { return sin(x); });
  expect_case("cos", [](const Tensor& x) { return cos(x); });
}

TEST(OpsParity, MinAndMaxShareTheGradientOfTies) {
  expect_case("amin_dim1", [](const Tensor& x) { return min(x, 1); });
  expect_case("min_all", [](const Tensor& x) { return min(x); });
  expect_case("max_all", [](const Tensor& x) { return max(x); });
  expect_case("amax_dim0_keepdim", [](const Tensor& x) { return max(x, 0, true); });
}

TEST(OpsParity, LogSumExp) {
  // Values near 1000: exp overflows there, so only the stable form gets these.
  expect_case("logsumexp_dim1", [](const Tensor& x) { return logsumexp(x, {1}); });
  expect_case("logsumexp_dims01_keepdim", [](const Tensor& x) { return logsumexp(x, {0, 1}, true); });
}

TEST(OpsParity, VarAndStd) {
  expect_case("var_dim1", [](const Tensor& x) { return var(x, {1}); });
  expect_case("var_dims01_biased_keepdim", [](const Tensor& x) { return var(x, {0, 1}, 0, true); });
  expect_case("var_correction3", [](const Tensor& x) { return var(x, {1}, 3); });
  expect_case("std_dim0", [](const Tensor& x) { return nabla::std(x, {0}); });
  // A constant row has std 0 and, in PyTorch, gradient 0 (not NaN).
  expect_case("std_constant_row", [](const Tensor& x) { return nabla::std(x, {1}); });
}

TEST(OpsParity, GatherAndIndexSelectScatterAddTheirGradients) {
  expect_case("gather_dim0", [](const Tensor& x) { return gather(x, 0, index_of("gather_dim0")); });
  expect_case("gather_dim1_narrow", [](const Tensor& x) { return gather(x, 1, index_of("gather_dim1_narrow")); });
  expect_case("index_select_dim1", [](const Tensor& x) { return index_select(x, 1, index_of("index_select_dim1")); });
}

TEST(OpsParity, Int64ArithmeticAndComparisons) {
  const nlohmann::json& c = fixtures().at("int64");
  const Tensor a = tensor_from(c.at("a"), DType::i64), b = tensor_from(c.at("b"), DType::i64);
  auto expect_int = [&](const Tensor& actual, const std::string& key) {
    EXPECT_EQ(actual.dtype(), DType::i64) << key;
    EXPECT_EQ(actual.to_vector<int64_t>(), tensor_from(c.at(key), DType::i64).to_vector<int64_t>()) << key;
  };
  expect_int(a + b, "add");
  expect_int(a - b, "sub");
  expect_int(a * b, "mul");  // 2⁶²·2 wraps around to −2⁶³, as in PyTorch
  expect_int(-a, "neg");
  expect_int(minimum(a, b), "minimum");
  expect_int(eq(a, b), "eq");  // PyTorch's bool masks are nabla's int64 0/1
  expect_int(lt(a, b), "lt");
  expect_int(sum(a), "sum");
  expect_int(max(a), "max");
  expect_int(min(a), "min");
  expect_int(argmax(b, 0), "argmax");
}

}  // namespace
}  // namespace nabla
