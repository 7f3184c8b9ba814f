// CosineAnnealingLR: torch.optim.lr_scheduler.CosineAnnealingLR.get_lr, term for term.
#include <nabla/optim/cosine_annealing_lr.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace nabla::optim {

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, const CosineAnnealingLROptions& options)
    : LRScheduler(optimizer), options_(options) {
  if (options_.t_max < 1)
    throw std::invalid_argument("cosine schedule: t_max " + std::to_string(options_.t_max) + " must be >= 1");
  step();
}

void CosineAnnealingLR::step() {
  ++last_epoch_;
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) {
    set_lrs(lrs);
    return;
  }
  const double pi = std::numbers::pi, t_max = options_.t_max, eta_min = options_.eta_min;
  const auto e = static_cast<double>(last_epoch_);
  for (std::size_t g = 0; g < lrs.size(); ++g) {
    if ((last_epoch_ - 1 - options_.t_max) % (2 * options_.t_max) == 0)
      lrs[g] = lrs[g] + (base_lrs_[g] - eta_min) * (1 - std::cos(pi / t_max)) / 2;
    else
      lrs[g] = (1 + std::cos(pi * e / t_max)) / (1 + std::cos(pi * (e - 1) / t_max)) * (lrs[g] - eta_min) + eta_min;
  }
  set_lrs(lrs);
}

}  // namespace nabla::optim
