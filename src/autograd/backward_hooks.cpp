// The registry of backward observers: leaves (by their TensorImpl) to the observers watching them.
#include <nabla/autograd/backward_hooks.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "backward_notifier.h"

namespace nabla {
namespace {

struct Watch {
  BackwardObserver* observer;
  std::size_t index;
};

struct Registry {
  std::mutex mutex;
  std::unordered_multimap<const TensorImpl*, Watch> watches;
  std::atomic<std::size_t> size{0};  // read without the lock: most backward() calls have no observer
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

BackwardObservation observe_backward(const std::vector<Tensor>& leaves, BackwardObserver& observer) {
  BackwardObservation handle;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (!leaves[i].defined()) throw std::invalid_argument("observe_backward: leaf " + std::to_string(i) + " is undefined");
    r.watches.emplace(leaves[i].impl_ptr().get(), Watch{&observer, i});
  }
  r.size = r.watches.size();
  handle.leaves_ = leaves;  // keeps the TensorImpl keys alive while registered
  handle.observer_ = &observer;
  return handle;
}

BackwardObservation::~BackwardObservation() { reset(); }

BackwardObservation::BackwardObservation(BackwardObservation&& other) noexcept
    : leaves_(std::move(other.leaves_)), observer_(std::exchange(other.observer_, nullptr)) {}

BackwardObservation& BackwardObservation::operator=(BackwardObservation&& other) noexcept {
  if (this != &other) {
    reset();
    leaves_ = std::move(other.leaves_);
    observer_ = std::exchange(other.observer_, nullptr);
  }
  return *this;
}

void BackwardObservation::reset() {
  if (!observer_) return;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (const Tensor& leaf : leaves_) {
    auto [begin, end] = r.watches.equal_range(leaf.impl_ptr().get());
    for (auto it = begin; it != end;) it = it->second.observer == observer_ ? r.watches.erase(it) : std::next(it);
  }
  r.size = r.watches.size();
  leaves_.clear();
  observer_ = nullptr;
}

namespace detail {

void BackwardNotifier::grad_ready(const Tensor& leaf) {
  Registry& r = registry();
  if (r.size == 0) return;
  std::vector<Watch> found;
  {
    std::lock_guard lock(r.mutex);
    auto [begin, end] = r.watches.equal_range(leaf.impl_ptr().get());
    for (auto it = begin; it != end; ++it) found.push_back(it->second);
  }
  for (const Watch& w : found) {
    if (std::find(notified_.begin(), notified_.end(), w.observer) == notified_.end()) notified_.push_back(w.observer);
    w.observer->grad_ready(w.index);
  }
}

void BackwardNotifier::done() {
  for (BackwardObserver* observer : notified_) observer->backward_done();
}

}  // namespace detail
}  // namespace nabla
