// Backward observers: each watched leaf is reported once, as soon as its gradient is final and while the
// rest of the graph is still being differentiated, then backward_done; and nothing after the handle dies.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nabla/autograd/backward_hooks.h>
#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>

namespace nabla {
namespace {

// Records the events it sees and each leaf's .grad at the moment it was reported.
class Recorder final : public BackwardObserver {
 public:
  explicit Recorder(std::vector<Tensor> leaves) : leaves_(std::move(leaves)) {}
  void grad_ready(std::size_t index) override {
    events.push_back("ready " + std::to_string(index));
    grads_when_ready.push_back(leaves_[index].grad().clone());
  }
  void backward_done() override { events.push_back("done"); }

  std::vector<std::string> events;
  std::vector<Tensor> grads_when_ready;

 private:
  std::vector<Tensor> leaves_;
};

// A node that logs when its rule runs, to place the observer's events within backward.
Tensor logged(const Tensor& x, std::vector<std::string>& log, const std::string& name) {
  Tensor out = x.detach().clone();
  auto node = std::make_shared<GradNode>();
  node->name = name;
  node->inputs = {x};
  node->backward = [&log, name](const Tensor& g) {
    log.push_back("node " + name);
    return std::vector<Tensor>{g};
  };
  out.impl().grad_fn = node;
  return out;
}

TEST(BackwardHooks, ALeafIsReportedWhenItsLastUserHasRunBeforeTheNodesBelow) {
  // Two layers: w2's gradient is final as soon as the top layer's node has run, before the node below it
  // (the data-parallel overlap: its bucket can travel while the rest of backward computes).
  const Tensor x = Tensor::from_list({1, 2}, {1, 2});
  const Tensor w1 = Tensor::from_list({0.5, -1, 2, 1}, {2, 2}).set_requires_grad();
  const Tensor w2 = Tensor::from_list({3, -2}, {2, 1}).set_requires_grad();
  Recorder recorder({w1, w2});
  const BackwardObservation watch = observe_backward({w1, w2}, recorder);
  const Tensor h = logged(matmul(x, w1), recorder.events, "below w2");
  backward(sum(matmul(h, w2)));
  EXPECT_EQ(recorder.events, (std::vector<std::string>{"ready 1", "node below w2", "ready 0", "done"}));
  // Each reported gradient was already the final one.
  EXPECT_EQ(recorder.grads_when_ready[0].to_vector<float>(), w2.grad().to_vector<float>());
  EXPECT_EQ(recorder.grads_when_ready[1].to_vector<float>(), w1.grad().to_vector<float>());
}

TEST(BackwardHooks, ALeafUsedTwiceIsReportedOnceWithItsTotal) {
  // y = w·a + w·b: w's gradient is a + b, complete only after both uses.
  const Tensor w = Tensor::from_list({2, 3}, {2}).set_requires_grad();
  const Tensor a = Tensor::from_list({1, 10}, {2}), b = Tensor::from_list({100, 1000}, {2});
  Recorder recorder({w});
  const BackwardObservation watch = observe_backward({w}, recorder);
  backward(sum(add(mul(w, a), mul(w, b))));
  EXPECT_EQ(recorder.events, (std::vector<std::string>{"ready 0", "done"}));
  EXPECT_EQ(recorder.grads_when_ready[0].to_vector<float>(), (std::vector<float>{101, 1010}));
}

TEST(BackwardHooks, AccumulatedGradientsAreReportedWithTheSum) {
  const Tensor w = Tensor::from_list({1, 2}, {2}).set_requires_grad();
  Recorder recorder({w});
  const BackwardObservation watch = observe_backward({w}, recorder);
  backward(sum(w));
  backward(sum(mul(w, w)));  // + 2w
  ASSERT_EQ(recorder.grads_when_ready.size(), 2u);
  EXPECT_EQ(recorder.grads_when_ready[1].to_vector<float>(), (std::vector<float>{3, 5}));
}

TEST(BackwardHooks, UnwatchedGraphsAndEndedObservationsAreNotReported) {
  const Tensor w = Tensor::from_list({1, 2}, {2}).set_requires_grad();
  const Tensor other = Tensor::from_list({1, 2}, {2}).set_requires_grad();
  Recorder recorder({w});
  {
    const BackwardObservation watch = observe_backward({w}, recorder);
    backward(sum(other));             // no watched leaf in the graph: no backward_done either
    (void)grad(sum(mul(w, w)), {w});  // grad() returns gradients without accumulating them
    EXPECT_TRUE(recorder.events.empty());
  }
  backward(sum(w));
  EXPECT_TRUE(recorder.events.empty());
}

TEST(BackwardHooks, MovedObservationsStayRegisteredOnce) {
  const Tensor w = Tensor::from_list({1}, {1}).set_requires_grad();
  Recorder recorder({w});
  BackwardObservation outer;
  {
    BackwardObservation inner = observe_backward({w}, recorder);
    outer = std::move(inner);
  }
  backward(sum(w));
  EXPECT_EQ(recorder.events, (std::vector<std::string>{"ready 0", "done"}));
}

}  // namespace
}  // namespace nabla
