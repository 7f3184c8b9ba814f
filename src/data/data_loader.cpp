// Minibatch assembly: gather the samples of a batch, augmented, into one contiguous tensor, one batch ahead.
#include <nabla/data/data_loader.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include <nabla/tensor/random.h>

namespace nabla::data {

DataLoader::DataLoader(const LabeledData& data, const LoaderOptions& options) : data_(data), options_(options) {
  if (options.batch_size < 1)
    throw std::invalid_argument("DataLoader: batch size " + std::to_string(options.batch_size) + " must be >= 1");
  if (data.size() == 0) throw std::invalid_argument("DataLoader: the dataset is empty");
  if (options.world_size < 1 || options.rank < 0 || options.rank >= options.world_size)
    throw std::invalid_argument("DataLoader: rank " + std::to_string(options.rank) + " is not in [0, world size " +
                                std::to_string(options.world_size) + ")");
  if (static_cast<int64_t>(data.features.size()) != data.size() * data.sample_size())
    throw std::invalid_argument("DataLoader: " + std::to_string(data.features.size()) + " feature values for " +
                                std::to_string(data.size()) + " samples of " + std::to_string(data.sample_size()));
  try {
    check_augmentation(options.augment, data.sample_shape);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("DataLoader: augmentation ") + e.what());
  }
  start_epoch(0);
}

DataLoader::~DataLoader() {
  if (pending_.valid()) pending_.wait();
}

void DataLoader::start_epoch(int64_t epoch, int64_t first_batch) {
  if (first_batch < 0 || first_batch > batches_per_epoch())
    throw std::invalid_argument("DataLoader: first batch " + std::to_string(first_batch) + " is not in [0, " +
                                std::to_string(batches_per_epoch()) + "]");
  if (pending_.valid()) pending_.wait();
  pending_ = {};
  if (options_.shuffle) {
    // A generator per epoch, seeded from (seed, epoch): no state to carry between epochs.
    Generator gen(options_.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(epoch) + 1);
    order_ = permutation(data_.size(), gen);
  } else {
    order_.resize(data_.size());
    for (int64_t i = 0; i < data_.size(); ++i) order_[i] = i;
  }
  epoch_ = epoch;
  next_batch_ = first_batch;
  if (options_.prefetch && first_batch < batches_per_epoch())
    pending_ = std::async(std::launch::async, [this, first_batch] { return make_batch(first_batch); });
}

int64_t DataLoader::batches_per_epoch() const {
  const int64_t n = data_.size(), b = options_.batch_size;
  return options_.drop_last ? n / b : (n + b - 1) / b;
}

Batch DataLoader::make_batch(int64_t index) const {
  const int64_t global_begin = index * options_.batch_size;
  const int64_t global_count = std::min(options_.batch_size, data_.size() - global_begin);
  const int64_t r = options_.rank, n = options_.world_size;
  int64_t begin = global_begin + r * global_count / n;
  int64_t count = global_begin + (r + 1) * global_count / n - begin;
  const int64_t samples = count;
  if (count == 0) {  // the stand-in
    begin = global_begin;
    count = 1;
  }
  const int64_t sample = data_.sample_size();
  Shape shape{count};
  shape.insert(shape.end(), data_.sample_shape.begin(), data_.sample_shape.end());
  Batch batch{Tensor::empty(shape), Tensor::empty({count}, DType::i64), samples, global_count};
  float* x = batch.x.data<float>();
  int64_t* y = batch.y.data<int64_t>();
  for (int64_t i = 0; i < count; ++i) {
    const int64_t s = order_[begin + i];
    const float* source = data_.features.data() + s * sample;
    if (options_.augment.any())
      augment_sample(options_.augment, data_.sample_shape, {source, static_cast<std::size_t>(sample)},
                     {x + i * sample, static_cast<std::size_t>(sample)}, options_.seed, epoch_, s);
    else
      std::memcpy(x + i * sample, source, sample * sizeof(float));
    y[i] = data_.labels[s];
  }
  return batch;
}

std::optional<Batch> DataLoader::next() {
  if (next_batch_ >= batches_per_epoch()) return std::nullopt;
  const int64_t index = next_batch_++;
  if (!options_.prefetch) return make_batch(index);
  Batch batch = pending_.get();
  if (next_batch_ < batches_per_epoch())
    pending_ = std::async(std::launch::async, [this, i = next_batch_] { return make_batch(i); });
  return batch;
}

}  // namespace nabla::data
