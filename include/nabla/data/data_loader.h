// DataLoader: minibatches of a LabeledData as tensors, shuffled per epoch by a seeded generator, with
// the next batch assembled (and augmented) on a background thread while the current one trains; in a
// data-parallel run, each rank's share of every batch.
#pragma once
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include <nabla/data/augmentation.h>
#include <nabla/data/labeled_data.h>
#include <nabla/tensor/tensor.h>

namespace nabla::data {

struct Batch {
  Tensor x;  // (B, *sample_shape), float32
  Tensor y;  // (B), int64 class labels
  int64_t samples = 0;         // this rank's samples: B, or 0 for a stand-in (see LoaderOptions::rank)
  int64_t global_samples = 0;  // the whole batch's, over every rank (B when unsharded)
};

struct LoaderOptions {
  int64_t batch_size = 64;
  bool shuffle = true;
  bool drop_last = false;
  uint64_t seed = 0;
  bool prefetch = true;  // build the next batch on a background thread
  // Sharding for a data-parallel run (PyTorch's DistributedSampler, per batch): every rank draws the same
  // seeded order and rank r of N takes its contiguous share of each batch of m samples, samples
  // ⌊r·m/N⌋ to ⌊(r+1)·m/N⌋ − 1, so that the ranks together see every batch once and no sample twice. A
  // share that would be empty (a last batch of fewer samples than ranks) holds the batch's first sample
  // as a stand-in with Batch::samples 0: its rank runs the same steps and gives it weight 0.
  int rank = 0;
  int world_size = 1;
  // Applied to every sample as its batch is assembled (for training data only), drawn from (seed, the
  // epoch, the sample's index in data): the same whatever the batch size, prefetch or rank.
  Augmentation augment{};
};

class DataLoader {
 public:
  // data must outlive the loader.
  DataLoader(const LabeledData& data, const LoaderOptions& options);
  ~DataLoader();
  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;

  // Starts epoch `epoch`: its order depends only on (seed, epoch), so a resumed run sees the same batches.
  // first_batch (0 … batches_per_epoch()) skips the batches that a run stopped mid-epoch trained on.
  void start_epoch(int64_t epoch, int64_t first_batch = 0);
  // The next batch of the epoch (this rank's share of it), or nothing at its end.
  [[nodiscard]] std::optional<Batch> next();
  // Batches per epoch, counted over the whole data (the same on every rank).
  [[nodiscard]] int64_t batches_per_epoch() const;
  [[nodiscard]] int64_t size() const { return data_.size(); }

 private:
  [[nodiscard]] Batch make_batch(int64_t index) const;

  const LabeledData& data_;
  LoaderOptions options_;
  std::vector<int64_t> order_;
  int64_t epoch_ = 0;
  int64_t next_batch_ = 0;
  std::future<Batch> pending_;
};

}  // namespace nabla::data
