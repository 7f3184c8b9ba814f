// Static partitioning of loops over the OpenMP threads: each thread gets one contiguous chunk, so results
// depend on the thread count but never on scheduling. Small loops run on the calling thread.
#pragma once
#include <algorithm>
#include <cstdint>

#include <omp.h>

namespace nabla {

// Below this many elements a loop is not worth waking threads for.
inline constexpr int64_t kParallelGrain = 32768;

// Calls fn(begin, end) over [0, n) in at most one chunk per thread, each of at least `grain` items.
template <class F>
void parallel_for(int64_t n, int64_t grain, F&& fn) {
  const int64_t max_threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  const int64_t threads = std::min<int64_t>(max_threads, std::max<int64_t>(1, n / std::max<int64_t>(grain, 1)));
  if (threads <= 1) {
    if (n > 0) fn(int64_t{0}, n);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int64_t t = omp_get_thread_num();
    const int64_t chunk = (n + threads - 1) / threads;
    const int64_t begin = t * chunk, end = std::min(n, begin + chunk);
    if (begin < end) fn(begin, end);
  }
}

}  // namespace nabla
