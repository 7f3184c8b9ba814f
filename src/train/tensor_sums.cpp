// Chunked, threaded sums of squares in double.
#include "tensor_sums.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace nabla::train::detail {
namespace {

// Each chunk is summed on one thread, then the chunks in order: the same result for any thread count.
constexpr int64_t kChunk = int64_t{1} << 14;

// Σ term(i) over [0, n); chunk_sum(begin, end) sums one chunk.
template <class ChunkSum>
double chunked_sum(int64_t n, ChunkSum chunk_sum) {
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  if (chunks <= 1) return n > 0 ? chunk_sum(int64_t{0}, n) : 0.0;
  std::vector<double> partial(static_cast<std::size_t>(chunks));
  // Waking the second thread pays from a few chunks on.
#pragma omp parallel for schedule(static) if (chunks >= 4)
  for (int64_t c = 0; c < chunks; ++c) partial[c] = chunk_sum(c * kChunk, std::min(n, (c + 1) * kChunk));
  double s = 0;
  for (double v : partial) s += v;
  return s;
}

// Σ term(i) over [b, e) in double with 32 running sums (four AVX-512 registers of them): a single running
// sum would wait on the latency of each addition and run at a fraction of the core's speed. The lanes are
// independent, so the compiler vectorises the inner loop without reordering any sum.
template <class Term>
double run_sum(int64_t b, int64_t e, Term term) {
  constexpr int kLanes = 32;
  double lane[kLanes] = {};
  int64_t i = b;
  for (; i + kLanes <= e; i += kLanes)
    for (int k = 0; k < kLanes; ++k) lane[k] += term(i + k);
  double s = 0;
  for (; i < e; ++i) s += term(i);
  for (double v : lane) s += v;
  return s;
}

template <class T>
double squares(const T* v, int64_t n) {
  return chunked_sum(n, [v](int64_t b, int64_t e) {
    return run_sum(b, e, [v](int64_t i) { return static_cast<double>(v[i]) * static_cast<double>(v[i]); });
  });
}

template <class T>
double distances(const T* a, const T* b, int64_t n) {
  return chunked_sum(n, [a, b](int64_t lo, int64_t hi) {
    return run_sum(lo, hi, [a, b](int64_t i) {
      const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
      return d * d;
    });
  });
}

void check_parallel(std::size_t tensors, const LayerIndex& index) {
  if (tensors != index.of_parameter.size())
    throw std::invalid_argument("layer health: " + std::to_string(tensors) + " tensors for " +
                                std::to_string(index.of_parameter.size()) + " indexed parameters");
}

}  // namespace

double sum_of_squares(const Tensor& t) {
  const Tensor c = t.contiguous();
  if (c.dtype() == DType::f32) return squares(c.data<float>(), c.numel());
  if (c.dtype() == DType::f64) return squares(c.data<double>(), c.numel());
  return 0;
}

double squared_distance(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape() || a.dtype() != b.dtype())
    throw std::invalid_argument("squared_distance: tensors of different shapes or dtypes");
  const Tensor x = a.contiguous(), y = b.contiguous();
  if (x.dtype() == DType::f32) return distances(x.data<float>(), y.data<float>(), x.numel());
  if (x.dtype() == DType::f64) return distances(x.data<double>(), y.data<double>(), x.numel());
  return 0;
}

std::vector<double> layer_square_sums(const std::vector<Tensor>& tensors, const LayerIndex& index) {
  check_parallel(tensors.size(), index);
  std::vector<double> sums(index.layers.size(), 0.0);
  for (std::size_t p = 0; p < tensors.size(); ++p)
    if (tensors[p].defined()) sums[index.of_parameter[p]] += sum_of_squares(tensors[p]);
  return sums;
}

std::vector<double> layer_update_ratios(const std::vector<double>& before_squares, const std::vector<Tensor>& before,
                                        const std::vector<Tensor>& after, const LayerIndex& index) {
  check_parallel(before.size(), index);
  check_parallel(after.size(), index);
  std::vector<double> moved(index.layers.size(), 0.0);
  for (std::size_t p = 0; p < before.size(); ++p) moved[index.of_parameter[p]] += squared_distance(after[p], before[p]);
  for (std::size_t l = 0; l < moved.size(); ++l)
    moved[l] = moved[l] == 0 ? 0 : std::sqrt(moved[l]) / std::sqrt(before_squares[l]);
  return moved;
}

}  // namespace nabla::train::detail
