// The gradient reducer over 2 processes: the averages it leaves in .grad, without a copy. (Its speed
// against MPI's blocking all-reduce is measured in bench/allreduce_bench.cpp.)
#include <gtest/gtest.h>

#include <vector>

#include <nabla/autograd/backward_hooks.h>
#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/dist/bucket_reducer.h>
#include <nabla/dist/world.h>

namespace nabla::dist {
namespace {

TEST(BucketReducer, FinishLeavesEachAverageAsAViewOfItsBucket) {
  const Tensor a = Tensor::zeros({2}, DType::f64).set_requires_grad();
  const Tensor b = Tensor::zeros({3}, DType::f64).set_requires_grad();
  BucketReducer reducer({a, b}, {.finish_in_backward = false});
  const double r = rank();  // rank 0's gradients are 1 and 2, rank 1's 3 and 6: averages 2 and 4
  backward(add(sum(a) * (1 + 2 * r), sum(b) * (2 + 4 * r)));
  reducer.finish();
  EXPECT_EQ(a.grad().to_vector<double>(), std::vector<double>(2, 2.0));
  EXPECT_EQ(b.grad().to_vector<double>(), std::vector<double>(3, 4.0));
  // Both in the one bucket's buffer: finish() copied nothing back.
  EXPECT_EQ(a.grad().impl().storage, b.grad().impl().storage);
}

}  // namespace
}  // namespace nabla::dist
