// DataLoader: minibatches of a LabeledData as tensors, shuffled per epoch by a seeded generator, with
// the next batch assembled on a background thread while the current one trains.
#pragma once
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include <nabla/data/labeled_data.h>
#include <nabla/tensor/tensor.h>

namespace nabla::data {

struct Batch {
  Tensor x;  // (B, *sample_shape), float32
  Tensor y;  // (B), int64 class labels
};

struct LoaderOptions {
  int64_t batch_size = 64;
  bool shuffle = true;
  bool drop_last = false;
  uint64_t seed = 0;
  bool prefetch = true;  // build the next batch on a background thread
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
  // The next batch of the epoch, or nothing at its end.
  [[nodiscard]] std::optional<Batch> next();
  [[nodiscard]] int64_t batches_per_epoch() const;
  [[nodiscard]] int64_t size() const { return data_.size(); }

 private:
  [[nodiscard]] Batch make_batch(int64_t index) const;

  const LabeledData& data_;
  LoaderOptions options_;
  std::vector<int64_t> order_;
  int64_t next_batch_ = 0;
  std::future<Batch> pending_;
};

}  // namespace nabla::data
