// Per-channel mean and standard deviation, and the standardisation that uses them.
#include <nabla/data/normalization.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace nabla::data {
namespace {

// The layout of one sample: `channels` consecutive runs of `inner` floats.
struct ChannelLayout {
  int64_t channels = 1;
  int64_t inner = 1;
};

ChannelLayout layout_of(const LabeledData& data, const char* op) {
  ChannelLayout layout;
  if (!data.sample_shape.empty()) {
    layout.channels = data.sample_shape[0];
    layout.inner = layout.channels > 0 ? data.sample_size() / layout.channels : 0;
  }
  if (data.features.size() != static_cast<size_t>(data.size() * data.sample_size()))
    throw std::invalid_argument(std::string(op) + ": " + std::to_string(data.features.size()) + " features for " +
                                std::to_string(data.size()) + " samples of " + std::to_string(data.sample_size()));
  return layout;
}

}  // namespace

Normalization fit_normalization(const LabeledData& train) {
  ChannelLayout layout = layout_of(train, "fit_normalization");
  if (train.size() == 0 || layout.inner == 0) throw std::invalid_argument("fit_normalization: empty dataset");
  const auto channels = static_cast<size_t>(layout.channels);
  const double count = static_cast<double>(train.size() * layout.inner);
  std::vector<double> sum(channels, 0.0), squares(channels, 0.0);
  const float* x = train.features.data();
  for (int64_t s = 0; s < train.size(); ++s)
    for (size_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < layout.inner; ++i) sum[c] += *x++;
  Normalization norm;
  for (size_t c = 0; c < channels; ++c) norm.mean.push_back(static_cast<float>(sum[c] / count));
  // Second pass over deviations from the mean: no cancellation as in E[x^2] - E[x]^2.
  x = train.features.data();
  for (int64_t s = 0; s < train.size(); ++s)
    for (size_t c = 0; c < channels; ++c) {
      const double mean = sum[c] / count;
      for (int64_t i = 0; i < layout.inner; ++i, ++x) squares[c] += (*x - mean) * (*x - mean);
    }
  for (size_t c = 0; c < channels; ++c) norm.std.push_back(static_cast<float>(std::sqrt(squares[c] / count)));
  return norm;
}

void apply_normalization(LabeledData& data, const Normalization& norm) {
  ChannelLayout layout = layout_of(data, "apply_normalization");
  const auto channels = static_cast<size_t>(layout.channels);
  if (norm.mean.size() != channels || norm.std.size() != channels)
    throw std::invalid_argument("apply_normalization: normalization of " + std::to_string(norm.mean.size()) +
                                " means and " + std::to_string(norm.std.size()) + " stds for data of " +
                                std::to_string(channels) + " channels");
  float* x = data.features.data();
  for (int64_t s = 0; s < data.size(); ++s)
    for (size_t c = 0; c < channels; ++c) {
      const float scale = norm.std[c] > 0.0f ? 1.0f / norm.std[c] : 1.0f;
      for (int64_t i = 0; i < layout.inner; ++i, ++x) *x = (*x - norm.mean[c]) * scale;
    }
}

}  // namespace nabla::data
