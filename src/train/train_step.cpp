// One optimizer step of the training loop: its closure over a group of batches, each batch's loss weighted
// by its share of the group's samples over every rank, and the values that the ranks agree on.
#include <chrono>
#include <cmath>
#include <optional>
#include <span>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/dist/world.h>
#include <nabla/loss/l2_penalty.h>

#include "run.h"
#include "tensor_sums.h"

namespace nabla::train::detail {
namespace {

// Correct predictions in a batch: argmax of the logits, or the sign of a single score.
int64_t count_correct(const Tensor& out, const Tensor& labels) {
  const std::vector<int64_t> y = labels.to_vector<int64_t>();
  int64_t correct = 0;
  if (out.dim() == 1 || out.size(-1) == 1) {
    const std::vector<double> s = out.to_vector<double>();
    for (std::size_t i = 0; i < y.size(); ++i) correct += (s[i] > 0 ? 1 : 0) == y[i];
  } else {
    const std::vector<int64_t> pred = argmax(out.detach(), -1).to_vector<int64_t>();
    for (std::size_t i = 0; i < y.size(); ++i) correct += pred[i] == y[i];
  }
  return correct;
}

// The gradients of the parameters (undefined where one has none).
std::vector<Tensor> gradients(const std::vector<Tensor>& params) {
  std::vector<Tensor> out;
  for (const Tensor& p : params) out.push_back(p.grad());
  return out;
}

// Copies the parameters' values into r.step_start (its buffers reused from step to step), to measure the
// step's update against, and returns each layer's Σθ² of them.
std::vector<double> keep_step_start(Run& r) {
  r.step_start.resize(r.params.size());
  for (std::size_t p = 0; p < r.params.size(); ++p) {
    const Tensor& from = r.params[p];
    Tensor& into = r.step_start[p];
    if (!into.defined() || into.shape() != from.shape() || into.dtype() != from.dtype())
      into = Tensor::empty(from.shape(), from.dtype());
    into.copy_(from.detach());
  }
  return layer_square_sums(r.step_start, r.layers);
}

// What a batch gives before its backward, summed over the ranks of a data-parallel run: so every rank
// knows whether the loss is finite (and skips backward with the others when it is not), and the loss
// and counts of the whole batch, and whether some rank was asked to stop.
struct BatchSums {
  double loss_sum = 0, samples = 0, correct = 0, stop = 0;
};

BatchSums agree(Run& r, const BatchSums& local) {
  if (r.world == 1) return local;
  double v[4] = {local.loss_sum, local.samples, local.correct, local.stop};
  const auto start = std::chrono::steady_clock::now();
  dist::all_reduce(std::span<double>(v));
  r.wait_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {v[0], v[1], v[2], v[3]};
}

}  // namespace

Tensor batch_loss(Run& r, const data::Batch& b, Tensor* out) {
  const Tensor scores = (*r.model)(b.x);
  if (out) *out = scores;
  const Tensor l = r.loss(scores, loss::encode_targets(b.y, r.loss.target, scores));
  return r.config.l2 > 0 ? add(l, loss::l2_penalty(r.weights, r.config.l2)) : l;
}

StepRecord step_on_group(Run& r, const std::vector<data::Batch>& group, GradientReducer* reducer,
                         const std::atomic<bool>* stop) {
  int64_t group_samples = 0;  // over every rank
  for (const data::Batch& b : group) group_samples += b.global_samples;
  std::optional<StepRecord> first;
  const std::vector<double> start_squares = keep_step_start(r);
  r.optimizer->step([&] {
    zero_grad(r.params);
    StepRecord rec;
    Tensor lone_loss;  // a lone batch's loss in a single process, returned as it is
    for (std::size_t k = 0; k < group.size(); ++k) {
      const data::Batch& b = group[k];
      if (r.all_reduce) r.all_reduce->set_sync(k + 1 == group.size());  // one all-reduce per step
      Tensor out;
      const Tensor l = batch_loss(r, b, &out);
      const double samples = static_cast<double>(b.samples);
      const BatchSums sums = agree(r, {.loss_sum = b.samples > 0 ? l.item() * samples : 0,
                                       .samples = samples,
                                       .correct = b.samples > 0 ? static_cast<double>(count_correct(out, b.y)) : 0,
                                       .stop = stop && stop->load() ? 1.0 : 0.0});
      rec.loss_sum += sums.loss_sum;
      rec.samples += static_cast<int64_t>(sums.samples);
      rec.correct += static_cast<int64_t>(sums.correct);
      rec.stop = rec.stop || sums.stop > 0;
      if (!std::isfinite(sums.loss_sum)) {  // diverged: no step from here
        zero_grad(r.params);
        if (!first) first = rec;
        return r.world == 1 && group.size() == 1 ? l : Tensor::scalar(rec.loss_sum, DType::f64);
      }
      // The gradient of the mean loss over the group's samples on every rank: this batch's mean loss
      // weighted by its share of them, times the world size that the average over the ranks divides out
      // (exactly 1 for a lone batch, or equal shares of one).
      const double weight = static_cast<double>(r.world) * samples / static_cast<double>(group_samples);
      backward(weight == 1 ? l : l * weight);
      if (r.world == 1 && group.size() == 1) lone_loss = l;
    }
    if (r.all_reduce) r.all_reduce->reduce(r.params);
    if (reducer) reducer->reduce(r.params);
    if (!first) {
      // One pass over the gradients gives the norms of the layers and of the whole.
      const std::vector<double> squares = layer_square_sums(gradients(r.params), r.layers);
      double total = 0;
      for (double s : squares) {
        total += s;
        rec.layer_grad_norm.push_back(std::sqrt(s));
      }
      rec.grad_norm = std::sqrt(total);
      first = rec;
    }
    return lone_loss.defined() ? lone_loss : Tensor::scalar(rec.loss_sum / static_cast<double>(rec.samples), DType::f64);
  });
  first->layer_update_ratio = layer_update_ratios(start_squares, r.step_start, r.params, r.layers);
  return *first;
}

}  // namespace nabla::train::detail
