// The gradient reducer's all-reduce against a plain MPI_Allreduce of the same bytes. The reducer's path is
// the whole of what a training step pays: each fresh gradient copied (divided by the number of ranks) into
// its bucket as backward finishes it, the buckets' non-blocking all-reduces, the wait and the averages
// left in .grad. Its line also gives its all-reduces alone: the whole less the copies into buckets
// (ReducerStats::fill_seconds). A third path, the same copy into one buffer and then MPI_Allreduce, shows
// what the copy alone costs. Run it under mpirun (for example `mpirun -np 2
// build/release/bench/allreduce_bench`); rank 0 prints the machine and, for each size, the median of 50
// timed repetitions (after 5 untimed ones) of each, taken in turn, and their ratios to MPI_Allreduce.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <nabla/autograd/backward_hooks.h>
#include <nabla/dist/bucket_reducer.h>
#include <nabla/dist/world.h>
#include <nabla/tensor/threads.h>

namespace {

using namespace nabla;
using Clock = std::chrono::steady_clock;

constexpr int kWarmUp = 5, kRepeats = 50;

std::string cpu_field(const std::string& field) {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field, 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

template <class F>
double seconds(F&& run) {
  MPI_Barrier(MPI_COMM_WORLD);
  const auto start = Clock::now();
  run();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The slower rank's median.
double median(std::vector<double> times) {
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
  double m = times[times.size() / 2];
  MPI_Allreduce(MPI_IN_PLACE, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return m;
}

// Parameters of the given sizes (float32), each with a gradient.
std::vector<Tensor> parameters(const std::vector<int64_t>& sizes) {
  std::vector<Tensor> params;
  for (int64_t n : sizes) {
    Tensor p = Tensor::zeros({n}).set_requires_grad();
    p.set_grad(Tensor::full({n}, 1.0));
    params.push_back(p);
  }
  return params;
}

// What the reducer does that a plain MPI_Allreduce does not: copy each fresh gradient, divided by the
// number of ranks, into a flat buffer. Timed as a third path, it is the floor of any reducer that copies.
double copy_into(const std::vector<Tensor>& grads, std::vector<float>& flat) {
  const auto start = Clock::now();
  const float scale = 1.0F / static_cast<float>(dist::world_size());
  std::size_t offset = 0;
  for (std::size_t k = grads.size(); k-- > 0;) {
    const float* in = grads[k].data<float>();
    const int64_t n = grads[k].numel();
    for (int64_t i = 0; i < n; ++i) flat[offset + static_cast<std::size_t>(i)] = in[i] * scale;
    offset += static_cast<std::size_t>(n);
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void compare(const std::string& name, const std::vector<int64_t>& sizes) {
  int64_t total = 0;
  for (int64_t n : sizes) total += n;
  const double bytes = 4.0 * static_cast<double>(total);
  std::vector<float> plain(static_cast<std::size_t>(total), 1.0F), packed(plain.size());
  const std::vector<Tensor> params = parameters(sizes);
  std::vector<Tensor> fresh;  // backward's new gradients each step: finish() leaves each .grad a bucket's view
  for (const Tensor& p : params) fresh.push_back(p.grad());
  dist::BucketReducer reducer(params, {.finish_in_backward = false});
  BackwardObserver& hooks = reducer;
  // Alternately, so that all three meet the same load on a shared machine.
  std::vector<double> plain_times, reducer_times, packed_times, copy_times, collective_times;
  for (int i = 0; i < kWarmUp + kRepeats; ++i) {
    const double a = seconds([&] {
      MPI_Allreduce(MPI_IN_PLACE, plain.data(), static_cast<int>(total), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    });
    for (std::size_t k = 0; k < params.size(); ++k) params[k].set_grad(fresh[k]);
    const double filled_before = reducer.stats().fill_seconds;
    const double b = seconds([&] {
      for (std::size_t k = params.size(); k-- > 0;) hooks.grad_ready(k);  // backward's order
      reducer.finish();
    });
    double copy = 0;
    const double c = seconds([&] {
      copy = copy_into(fresh, packed);
      MPI_Allreduce(MPI_IN_PLACE, packed.data(), static_cast<int>(total), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    });
    if (i < kWarmUp) continue;
    plain_times.push_back(a);
    reducer_times.push_back(b);
    collective_times.push_back(b - (reducer.stats().fill_seconds - filled_before));
    packed_times.push_back(c);
    copy_times.push_back(copy);
  }
  const double t_plain = median(plain_times), t_reducer = median(reducer_times);
  const double t_packed = median(packed_times), t_copy = median(copy_times);
  const double t_collective = median(collective_times);
  if (dist::rank() == 0)
    std::printf("%-24s %6.2f MB %2zu buckets  MPI_Allreduce %7.3f ms  reducer %7.3f ms  %5.1f %%  (its all-reduces "
                "%7.3f ms  %5.1f %%)  |  copy %6.3f ms + MPI_Allreduce %7.3f ms  %5.1f %%\n",
                name.c_str(), bytes / 1e6, reducer.bucket_count(), 1e3 * t_plain, 1e3 * t_reducer,
                100 * t_plain / t_reducer, 1e3 * t_collective, 100 * t_plain / t_collective, 1e3 * t_copy,
                1e3 * t_packed, 100 * t_plain / t_packed);
}

}  // namespace

int main(int argc, char** argv) {
  const dist::Session world(argc, argv);
  set_num_threads(1);
  if (dist::rank() == 0)
    std::printf("allreduce_bench: %d processes (%s), CPU %s at %s MHz, 1 thread each\n", dist::world_size(),
                dist::backend_name().c_str(), cpu_field("model name").c_str(), cpu_field("cpu MHz").c_str());
  // The default ConvNet's parameters (conv 1→32, conv 32→64, linear 3136→128, linear 128→10) and the
  // MLP's, then larger sets.
  compare("ConvNet gradients", {288, 32, 18432, 64, 401408, 128, 1280, 10});
  compare("MLP gradients", {200704, 256, 32768, 128, 1280, 10});  // linear 784→256, 256→128, 128→10
  compare("8 x 1 MiB", std::vector<int64_t>(8, 1 << 18));
  compare("4 x 16 MiB", std::vector<int64_t>(4, 1 << 22));
  compare("100 MB in 25 parameters", std::vector<int64_t>(25, 1'000'000));
  return 0;
}
