// Losses by name, and class labels encoded as each loss's targets.
#include <nabla/loss/loss_factory.h>

#include <algorithm>
#include <stdexcept>

#include <nabla/autograd/ops.h>
#include <nabla/loss/bce_with_logits.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/loss/hinge.h>
#include <nabla/loss/logistic.h>
#include <nabla/loss/mse.h>

namespace nabla::loss {
namespace {

using Fn = Tensor (*)(const Tensor&, const Tensor&, Reduction);

Loss bind(const std::string& name, Target target, Fn fn, Reduction reduction) {
  return {.name = name,
          .target = target,
          .fn = [fn, reduction](const Tensor& out, const Tensor& t) { return fn(out, t, reduction); }};
}

void check_binary(const Tensor& labels) {
  const std::vector<int64_t> l = labels.to_vector<int64_t>();
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l[i] != 0 && l[i] != 1)
      throw std::invalid_argument("encode_targets: a binary loss needs labels 0 or 1, got label " +
                                  std::to_string(l[i]) + " at index " + std::to_string(i));
}

}  // namespace

const std::vector<std::string>& loss_names() {
  static const std::vector<std::string> names{"cross_entropy", "bce", "logistic", "mse", "hinge"};
  return names;
}

Loss make_loss(const std::string& name, Reduction reduction, double label_smoothing) {
  if (name == "cross_entropy")
    return {.name = name,
            .target = Target::class_index,
            .fn = [reduction, label_smoothing](const Tensor& out, const Tensor& t) {
              return cross_entropy(out, t, reduction, label_smoothing);
            }};
  if (label_smoothing != 0 && std::ranges::find(loss_names(), name) != loss_names().end())
    throw std::invalid_argument("label smoothing is for the cross_entropy loss, not " + name);
  if (name == "bce") return bind(name, Target::zero_one, bce_with_logits, reduction);
  if (name == "logistic") return bind(name, Target::plus_minus_one, logistic, reduction);
  if (name == "mse") return bind(name, Target::real, mse, reduction);
  if (name == "hinge") return bind(name, Target::plus_minus_one, hinge, reduction);
  std::string known;
  for (const std::string& n : loss_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown loss \"" + name + "\"; known losses: " + known);
}

Tensor encode_targets(const Tensor& labels, Target target, const Tensor& output) {
  if (labels.dtype() != DType::i64 || labels.dim() != 1)
    throw std::invalid_argument("encode_targets: labels must be int64 (N), got " + labels.describe());
  const DType dtype = output.dtype();
  switch (target) {
    case Target::class_index: return labels;
    case Target::zero_one: check_binary(labels); return labels.to(dtype);
    case Target::plus_minus_one: check_binary(labels); return labels.to(dtype) * 2.0 - 1.0;
    case Target::real:
      if (output.dim() == 2 && output.size(1) > 1) return kernels::one_hot(labels, output.size(1), dtype);
      return labels.to(dtype);
  }
  throw std::invalid_argument("encode_targets: unknown target kind");
}

}  // namespace nabla::loss
