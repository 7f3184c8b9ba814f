// The sums of squares the training loop measures every step (gradient norms, update ratios, finiteness),
// in double, read in place and split over the threads: they run once per step over every parameter, so
// a serial pass would cost a model with few FLOPs per parameter a noticeable share of its step.
#pragma once
#include <vector>

#include <nabla/tensor/tensor.h>
#include <nabla/train/layer_health.h>

namespace nabla::train::detail {

// Σ t² in double; 0 for integer tensors (counters). Summed in fixed chunks in a fixed order, so the result
// depends neither on the thread count nor on scheduling.
[[nodiscard]] double sum_of_squares(const Tensor& t);

// Σ (a − b)² of two tensors of one shape and floating dtype, summed as sum_of_squares.
[[nodiscard]] double squared_distance(const Tensor& a, const Tensor& b);

// Per layer of the index, Σ of the squares of its tensors (undefined tensors count as 0).
[[nodiscard]] std::vector<double> layer_square_sums(const std::vector<Tensor>& tensors, const LayerIndex& index);

// Per layer, ‖after − before‖/‖before‖ (see layer_update_ratios) where before_squares holds
// layer_square_sums(before) already.
[[nodiscard]] std::vector<double> layer_update_ratios(const std::vector<double>& before_squares,
                                                      const std::vector<Tensor>& before,
                                                      const std::vector<Tensor>& after, const LayerIndex& index);

}  // namespace nabla::train::detail
