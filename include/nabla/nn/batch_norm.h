// Batch normalisation (torch.nn.BatchNorm1d / BatchNorm2d): per-channel normalisation with batch
// statistics in train mode and running estimates in eval mode, then a learned scale and shift.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <nabla/nn/module.h>

namespace nabla::nn {

struct BatchNormOptions {
  double eps = 1e-5;
  double momentum = 0.1;  // weight of the new batch in the running estimates
};

// The part shared by 1d and 2d, for inputs (N, C, …) with C = features: parameters weight (γ, ones)
// and bias (β, zeros); buffers running_mean (zeros), running_var (ones), num_batches_tracked (int64 0-d).
//   train: μ, σ² = mean and biased variance over every dim but C;  y = γ·(x − μ)/√(σ² + ε) + β;
//          running_mean ← (1 − m)·running_mean + m·μ,
//          running_var  ← (1 − m)·running_var + m·σ²·n/(n − 1)  (unbiased, n values per channel),
//          num_batches_tracked += 1.
//   eval:  y = γ·(x − running_mean)/√(running_var + ε) + β.
// With a replica sum (SyncBatchNorm, set by a data-parallel run), μ and σ² are those of the whole batch
// over every process: sums per channel and the value count go through it, and n counts every process's
// values.
class BatchNorm : public Module {
 public:
  // A differentiable sum of a tensor over the processes of a data-parallel run; empty: this process only.
  using ReplicaSum = std::function<Tensor(const Tensor&)>;

  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // relu(forward(x)) as one op (see batch_norm_train): Sequential runs BatchNorm followed by ReLU so.
  [[nodiscard]] Tensor forward_relu(const Tensor& x);
  void set_replica_sum(ReplicaSum sum) { replica_sum_ = std::move(sum); }

  [[nodiscard]] const Tensor& weight() const { return weight_; }
  [[nodiscard]] const Tensor& bias() const { return bias_; }
  [[nodiscard]] const Tensor& running_mean() const { return running_mean_; }
  [[nodiscard]] const Tensor& running_var() const { return running_var_; }
  [[nodiscard]] const Tensor& num_batches_tracked() const { return num_batches_tracked_; }
  [[nodiscard]] const BatchNormOptions& options() const { return options_; }

 protected:
  BatchNorm(std::string kind, int64_t features, const BatchNormOptions& options);
  // Throws unless x has a rank this kind of batch norm takes.
  virtual void check_rank(const Tensor& x) const = 0;

 private:
  // x: (N, C, …) -> the same shape, then max(0, ·) when relu.
  [[nodiscard]] Tensor normalize(const Tensor& x, bool relu);
  // Train mode with the statistics of every process's batch, through the replica sum.
  [[nodiscard]] Tensor normalize_synced(const Tensor& x);
  [[nodiscard]] Tensor per_channel(const Tensor& t, int64_t rank) const;
  void update_running_stats(const Tensor& mean, const Tensor& var, int64_t n);

  std::string kind_;
  int64_t features_;
  BatchNormOptions options_;
  ReplicaSum replica_sum_;
  Tensor weight_, bias_, running_mean_, running_var_, num_batches_tracked_;
};

// Inputs (N, C) or (N, C, L).
class BatchNorm1d : public BatchNorm {
 public:
  explicit BatchNorm1d(int64_t features, const BatchNormOptions& options = {});

 protected:
  void check_rank(const Tensor& x) const override;
};

// Inputs (N, C, H, W).
class BatchNorm2d : public BatchNorm {
 public:
  explicit BatchNorm2d(int64_t channels, const BatchNormOptions& options = {});

 protected:
  void check_rank(const Tensor& x) const override;
};

}  // namespace nabla::nn
