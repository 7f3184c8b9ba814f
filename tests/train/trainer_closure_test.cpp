// The trainer's closure: one forward and backward per gradient the optimizer uses, so the gradient
// reducer (the data-parallel seam) runs once per evaluation, and Newton and L-BFGS are charged once.
#include <gtest/gtest.h>

#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

class CountingReducer final : public GradientReducer {
 public:
  void reduce(const std::vector<Tensor>& params) override {
    ++calls;
    for (const Tensor& p : params) EXPECT_TRUE(p.grad().defined());
  }
  int calls = 0;
};

int reductions(const std::string& optimizer, int64_t batch_size, const std::string& name) {
  const auto dir = testing::fresh_dir("trainer_closure_" + name);
  TrainConfig c;
  c.data = testing::write_blobs_csv(dir, 3, 40).string();  // 120 rows: 87 train (test 8 and validation 3 per class)
  c.model = "linear(3)";
  c.optimizer.name = optimizer;
  c.optimizer.lr = optimizer == "sgd" ? 0.1 : 1;
  c.optimizer.damping = 0.1;  // softmax's Hessian is singular along the all-classes direction
  c.schedule.name = "none";
  c.batch_size = batch_size;
  c.epochs = 2;
  c.out = (dir / "run").string();
  const auto reducer = std::make_shared<CountingReducer>();
  (void)run_training(c, {.progress = make_progress(ProgressStyle::quiet), .reducer = reducer});
  return reducer->calls;
}

TEST(TrainerClosure, ReducerRunsOncePerBatchForFirstOrderOptimizers) {
  EXPECT_EQ(reductions("sgd", 32, "sgd"), 2 * 3);  // 87 rows in batches of 32: 3 per epoch
}

TEST(TrainerClosure, NewtonEvaluatesEachBatchOnce) {
  // The Hessian comes from the closure's own gradient: no second forward and backward.
  EXPECT_EQ(reductions("newton", 1000, "newton"), 2);
}

}  // namespace
}  // namespace nabla::train
