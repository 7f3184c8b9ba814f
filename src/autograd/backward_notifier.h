// The engine's side of backward hooks: tells the registered observers about each leaf that backward()
// finishes, then that backward() is done.
#pragma once
#include <vector>

#include <nabla/autograd/backward_hooks.h>

namespace nabla::detail {

// One per backward() call.
class BackwardNotifier {
 public:
  // leaf's .grad is final for this backward.
  void grad_ready(const Tensor& leaf);
  // backward() is about to return normally.
  void done();

 private:
  std::vector<BackwardObserver*> notified_;  // the observers that saw a leaf, in first-seen order
};

}  // namespace nabla::detail
