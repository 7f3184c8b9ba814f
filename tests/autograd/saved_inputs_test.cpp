// What the graph keeps alive until backward: an op's input whose values no rule needs is freed as soon as
// the caller drops it, and backward still routes the gradient through it.
#include <gtest/gtest.h>

#include <memory>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>

namespace nabla {
namespace {

// An intermediate (non-leaf) tensor and a watch on its memory. 3·leaf: a scaling keeps its input (the
// leaf), not its output (exp, for one, would keep its output for its own rule).
struct Intermediate {
  Tensor leaf = Tensor::from_list({-1, 0.5, 2}, {3}).set_requires_grad();
  Tensor t = leaf * 3.0;
  std::weak_ptr<Storage> memory = t.impl().storage;
};

TEST(SavedInputs, AddAndSubKeepOnlyTheirInputsShapes) {
  for (const bool subtract : {false, true}) {
    Intermediate a, b;
    const Tensor y = subtract ? sub(a.t, b.t) : add(a.t, b.t);
    a.t = b.t = Tensor();
    EXPECT_TRUE(a.memory.expired()) << (subtract ? "sub" : "add");
    EXPECT_TRUE(b.memory.expired()) << (subtract ? "sub" : "add");
    backward(sum(y));
    // d/dleaf of sum(3·a ± 3·b): 3 for a, ±3 for b.
    EXPECT_EQ(a.leaf.grad().at({2}), 3);
    EXPECT_EQ(b.leaf.grad().at({0}), subtract ? -3 : 3);
  }
}

TEST(SavedInputs, ReluKeepsItsOutputNotItsInput) {
  Intermediate a;
  Tensor shifted = sub(a.t, Tensor::scalar(1));  // 3·leaf − 1: negative at leaf = −1
  const std::weak_ptr<Storage> memory = shifted.impl().storage;
  const Tensor y = relu(shifted);
  shifted = Tensor();
  EXPECT_TRUE(memory.expired());
  backward(sum(y));
  EXPECT_EQ(a.leaf.grad().at({0}), 0);  // relu's mask: 3·(−1) − 1 < 0
  EXPECT_EQ(a.leaf.grad().at({2}), 3);
}

TEST(SavedInputs, MulStillKeepsWhatItsRuleNeeds) {
  Intermediate a, b;
  const Tensor y = mul(a.t, b.t);
  a.t = b.t = Tensor();
  EXPECT_FALSE(a.memory.expired());
  backward(sum(y));
  EXPECT_EQ(a.leaf.grad().at({1}), 3 * (3 * 0.5));  // 3·b
}

}  // namespace
}  // namespace nabla
