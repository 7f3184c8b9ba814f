// The number of threads kernels use (OpenMP loops and the BLAS); results depend on it only through the
// order of floating-point sums, never on scheduling.
#pragma once

namespace nabla {

void set_num_threads(int n);
[[nodiscard]] int num_threads();

}  // namespace nabla
