// Gradient buckets: filled as backward finishes each gradient, all-reduced in flight, averaged on finish().
#include <nabla/dist/bucket_reducer.h>

#include <chrono>
#include <stdexcept>

namespace nabla::dist {

struct BucketReducer::Bucket {
  std::vector<std::size_t> params;
  Tensor buffer{};          // the gradients of params, one after the other
  std::size_t pending = 0;  // gradients not yet final in this backward
  Request request{};
};

std::vector<std::vector<std::size_t>> assign_buckets(const std::vector<Tensor>& params, const BucketOptions& options) {
  // Gradients that fit in one bucket go in one: a small first bucket would start early a part of an
  // all-reduce that is short anyway, at the cost of a second one (a latency and a schedule more).
  std::size_t total = 0;
  for (const Tensor& p : params) total += static_cast<std::size_t>(p.numel()) * dtype_size(p.dtype());
  const std::size_t first_cap = total <= options.bucket_bytes ? options.bucket_bytes : options.first_bucket_bytes;
  std::vector<std::vector<std::size_t>> buckets;
  std::size_t bytes = 0;
  for (std::size_t i = params.size(); i-- > 0;) {
    const bool dtype_changes = !buckets.empty() && !buckets.back().empty() &&
                               params[buckets.back().front()].dtype() != params[i].dtype();
    if (buckets.empty() || dtype_changes) {
      buckets.emplace_back();
      bytes = 0;
    }
    buckets.back().push_back(i);
    bytes += static_cast<std::size_t>(params[i].numel()) * dtype_size(params[i].dtype());
    const std::size_t cap = buckets.size() == 1 ? first_cap : options.bucket_bytes;
    if (bytes >= cap && i > 0) {
      buckets.emplace_back();
      bytes = 0;
    }
  }
  return buckets;
}

BucketReducer::BucketReducer(std::vector<Tensor> params, const BucketOptions& options)
    : params_(std::move(params)), options_(options) {
  for (const Tensor& p : params_)
    if (!p.defined() || !p.is_contiguous() || (p.dtype() != DType::f32 && p.dtype() != DType::f64))
      throw std::invalid_argument("dist::BucketReducer: parameter " + (p.defined() ? p.describe() : "(undefined)") +
                                  " must be a contiguous float32 or float64 tensor");
  if (world_size() == 1) return;
  bucket_of_.resize(params_.size());
  offset_of_.resize(params_.size());
  ready_.assign(params_.size(), false);
  for (const std::vector<std::size_t>& members : assign_buckets(params_, options_)) {
    Bucket b{.params = members};
    int64_t size = 0;
    for (std::size_t i : members) {
      bucket_of_[i] = buckets_.size();
      offset_of_[i] = static_cast<std::size_t>(size);
      size += params_[i].numel();
    }
    b.buffer = Tensor::empty({size}, params_[members.front()].dtype());
    b.pending = members.size();
    buckets_.push_back(std::move(b));
  }
  observation_ = observe_backward(params_, *this);
}

BucketReducer::~BucketReducer() = default;

std::size_t BucketReducer::bucket_count() const { return buckets_.size(); }

// grad / ranks into buffer[offset...]: the sum over the ranks is then their average, with no pass over the
// buckets after the all-reduce (a copy that a step would wait for). Dividing first rounds as dividing the
// sum does when the number of ranks is a power of two.
template <class T>
void copy_scaled(const Tensor& grad, const Tensor& buffer, std::size_t offset, int ranks) {
  const T* in = grad.data<T>();
  T* out = buffer.data<T>() + offset;
  const T scale = T{1} / static_cast<T>(ranks);
  const int64_t n = grad.numel();  // once: the loop's bound must not be a call, or it does not vectorise
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] * scale;
}

void BucketReducer::grad_ready(std::size_t index) {
  if (!sync_) return;
  if (ready_[index])
    throw std::logic_error("dist::BucketReducer: parameter " + std::to_string(index) +
                           " got a second gradient before finish() averaged the first");
  ready_[index] = true;
  ++ready_count_;
  reducing_ = true;
  Bucket& b = buckets_[bucket_of_[index]];
  const auto start = std::chrono::steady_clock::now();
  const Tensor g = params_[index].grad().contiguous();
  if (g.dtype() == DType::f32)
    copy_scaled<float>(g, b.buffer, offset_of_[index], world_size());
  else
    copy_scaled<double>(g, b.buffer, offset_of_[index], world_size());
  stats_.fill_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  --b.pending;
  start_ready_buckets();
  for (Bucket& in_flight : buckets_) (void)in_flight.request.test();  // MPI progresses them only inside its calls
}

void BucketReducer::start_ready_buckets() {
  while (next_to_start_ < buckets_.size() && buckets_[next_to_start_].pending == 0) {
    Bucket& b = buckets_[next_to_start_];
    const std::string what = "all-reduce of gradient bucket " + std::to_string(next_to_start_);
    if (b.buffer.dtype() == DType::f32)
      b.request = all_reduce_async(std::span<float>(b.buffer.data<float>(), b.buffer.numel()), ReduceOp::sum, what);
    else
      b.request = all_reduce_async(std::span<double>(b.buffer.data<double>(), b.buffer.numel()), ReduceOp::sum, what);
    ++next_to_start_;
    ++stats_.buckets;
    if (ready_count_ < params_.size()) ++stats_.early_starts;
  }
}

void BucketReducer::backward_done() {
  if (options_.finish_in_backward) finish();
}

void BucketReducer::finish() {
  if (!reducing_) return;
  for (std::size_t i = 0; i < params_.size(); ++i)
    if (!ready_[i])
      throw std::logic_error("dist::BucketReducer: parameter " + std::to_string(i) + " " + params_[i].describe() +
                             " got no gradient in this backward; every parameter must take part in the loss on "
                             "every rank");
  const auto start = std::chrono::steady_clock::now();
  for (Bucket& b : buckets_) b.request.wait();
  stats_.wait_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++stats_.reductions;
  for (std::size_t i = 0; i < params_.size(); ++i) {  // each .grad becomes its slice of the bucket: no copy
    const Tensor& p = params_[i];
    p.set_grad(buckets_[bucket_of_[i]].buffer.as_strided(p.shape(), contiguous_strides(p.shape()),
                                                          static_cast<int64_t>(offset_of_[i])));
  }
  for (Bucket& b : buckets_) b.pending = b.params.size();
  ready_.assign(params_.size(), false);
  ready_count_ = 0;
  next_to_start_ = 0;
  reducing_ = false;
}

}  // namespace nabla::dist
