// BucketReducer: averages the gradients of parameters over the ranks while backward() still runs (the
// Reducer of PyTorch's DistributedDataParallel, Horovod's tensor fusion). Parameters go into buckets of a
// few MB in reverse order, the order in which backward finishes them. When every gradient of a bucket is
// final (a BackwardObserver hook), they are copied, divided by the number of ranks, into the bucket's flat
// buffer and its all-reduce starts, non-blocking, so that communication overlaps the rest of backward;
// finish() waits for the buckets and points each .grad at its average in the bucket (DDP's
// gradient_as_bucket_view): no copy back. Buckets start in index order on every rank, so the collectives
// match even when ranks finish gradients in different orders.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <nabla/autograd/backward_hooks.h>
#include <nabla/dist/world.h>
#include <nabla/tensor/tensor.h>

namespace nabla::dist {

struct BucketOptions {
  // The first bucket (the last layers, whose gradients come first) is small so that communication starts
  // early, as DDP's 1 MiB first bucket; the others hold about bucket_bytes. Gradients of bucket_bytes or
  // less in total go in one bucket: one all-reduce of them costs less than two.
  std::size_t first_bucket_bytes = std::size_t{1} << 20;
  std::size_t bucket_bytes = std::size_t{4} << 20;
  // finish() when backward() returns (DataParallel); off, the caller calls it (the trainer, after backward).
  bool finish_in_backward = true;
};

// Parameter indices per bucket, in the order the buckets fill: from the last parameter to the first, each
// bucket of one dtype and closed once it holds at least its cap (so a large parameter ends a bucket).
[[nodiscard]] std::vector<std::vector<std::size_t>> assign_buckets(const std::vector<Tensor>& params,
                                                                   const BucketOptions& options);

struct ReducerStats {
  int64_t reductions = 0;    // finish() calls that averaged gradients
  int64_t buckets = 0;       // all-reduces started
  int64_t early_starts = 0;  // of those, started while backward still had gradients to finish
  double wait_seconds = 0;   // spent in finish() waiting for the other ranks
  double fill_seconds = 0;   // spent copying gradients into their buckets (tensor fusion's copy)
};

class BucketReducer final : public BackwardObserver {
 public:
  // params: the same parameters in the same order on every rank; contiguous float32 or float64. In a world
  // of one the reducer does nothing.
  explicit BucketReducer(std::vector<Tensor> params, const BucketOptions& options = {});
  ~BucketReducer() override;
  BucketReducer(const BucketReducer&) = delete;
  BucketReducer& operator=(const BucketReducer&) = delete;

  // Whether backward() all-reduces (on, the default) or lets gradients accumulate locally (off: DDP's
  // no_sync, for gradient accumulation; the first backward with it on again averages the sums).
  void set_sync(bool on) { sync_ = on; }
  [[nodiscard]] bool sync() const { return sync_; }

  // Waits for the buckets of the last backward() and leaves in each .grad the average over the ranks: a
  // view of the reducer's bucket, which the next backward() that reduces overwrites (clone it to keep it).
  // Nothing to do when no backward() has reduced since the last call. Throws std::logic_error naming the
  // parameter when one got no gradient: every parameter must take part in the loss on every rank.
  void finish();

  [[nodiscard]] const ReducerStats& stats() const { return stats_; }
  [[nodiscard]] std::size_t bucket_count() const;

 private:
  struct Bucket;
  void grad_ready(std::size_t index) override;
  void backward_done() override;
  void start_ready_buckets();

  std::vector<Tensor> params_;
  BucketOptions options_;
  std::vector<Bucket> buckets_;
  std::vector<std::size_t> bucket_of_, offset_of_;  // per parameter: its bucket, its offset in the buffer
  std::vector<bool> ready_;                          // per parameter, in this backward
  std::size_t ready_count_ = 0;
  std::size_t next_to_start_ = 0;                    // buckets start in index order
  bool sync_ = true, reducing_ = false;
  ReducerStats stats_;
  BackwardObservation observation_;
};

}  // namespace nabla::dist
