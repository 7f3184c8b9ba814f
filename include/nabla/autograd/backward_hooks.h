// Watching backward() from outside: an observer learns the moment each watched leaf's gradient is final,
// while the rest of the graph is still being differentiated — the hook a data-parallel reducer needs to
// start averaging a bucket of gradients before backward ends (PyTorch's post-accumulate-grad hooks and
// the engine's final callback).
#pragma once
#include <cstddef>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

class BackwardObserver {
 public:
  virtual ~BackwardObserver() = default;
  // leaves[index] (as given to observe_backward) has its .grad for this backward(): every node that uses
  // it has run. Called on the thread that runs backward(), in the order backward finishes the leaves.
  virtual void grad_ready(std::size_t index) = 0;
  // backward() is about to return, after grad_ready for at least one watched leaf.
  virtual void backward_done() = 0;
};

// Registration of an observer for some leaves; it ends when the handle is destroyed (or reset).
class BackwardObservation {
 public:
  BackwardObservation() = default;
  ~BackwardObservation();
  BackwardObservation(BackwardObservation&& other) noexcept;
  BackwardObservation& operator=(BackwardObservation&& other) noexcept;
  BackwardObservation(const BackwardObservation&) = delete;
  BackwardObservation& operator=(const BackwardObservation&) = delete;

 private:
  friend BackwardObservation observe_backward(const std::vector<Tensor>& leaves, BackwardObserver& observer);
  void reset();
  std::vector<Tensor> leaves_;
  BackwardObserver* observer_ = nullptr;
};

// Requires: every leaf is defined; observer outlives the returned handle. Only backward() notifies
// (grad(), which returns gradients instead of accumulating them, does not).
[[nodiscard]] BackwardObservation observe_backward(const std::vector<Tensor>& leaves, BackwardObserver& observer);

}  // namespace nabla
