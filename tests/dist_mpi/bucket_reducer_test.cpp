// The gradient reducer over 2 processes: the averages it leaves in .grad, without a copy, and the speed of
// its non-blocking all-reduce against MPI's blocking one on the same bytes.
#include <mpi.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

// The median over interleaved repetitions, of the slower rank.
double median_seconds(std::vector<double> times) {
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
  double median = times[times.size() / 2];
  MPI_Allreduce(MPI_IN_PLACE, &median, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return median;
}

template <class F>
double seconds(F&& run) {
  MPI_Barrier(MPI_COMM_WORLD);
  const auto start = std::chrono::steady_clock::now();
  run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(BucketReducer, AllReducesWithinTwiceTheTimeOfABlockingMpiAllreduce) {
  // The ConvNet's largest gradient, 1.6 MB: a wait that paused between polls of the non-blocking
  // all-reduce took 10 to 20 times as long as MPI_Allreduce here; one that keeps MPI progressing, about as
  // long. Twice leaves room for a shared machine's noise.
  constexpr int64_t n = 401408;
  const Tensor p = Tensor::zeros({n}).set_requires_grad();
  BucketReducer reducer({p}, {.finish_in_backward = false});
  BackwardObserver& hooks = reducer;
  std::vector<float> plain(n, 1.0F);
  std::vector<double> t_plain, t_reducer;
  for (int i = 0; i < 15; ++i) {
    t_plain.push_back(seconds([&] {
      MPI_Allreduce(MPI_IN_PLACE, plain.data(), static_cast<int>(n), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }));
    p.set_grad(Tensor::ones({n}));
    t_reducer.push_back(seconds([&] {
      hooks.grad_ready(0);
      reducer.finish();
    }));
  }
  const double plain_s = median_seconds(t_plain), reducer_s = median_seconds(t_reducer);
  if (rank() == 0)
    std::printf("1.6 MB: MPI_Allreduce %.3f ms, the reducer %.3f ms\n", 1e3 * plain_s, 1e3 * reducer_s);
  EXPECT_LT(reducer_s, 2 * plain_s);
  EXPECT_EQ(p.grad().to_vector<float>().front(), 1.0F);
}

}  // namespace
}  // namespace nabla::dist
