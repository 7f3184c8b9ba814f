// One-vs-rest: class k against the others, for per-class PR curves, mAP and the macro ROC AUC.
#include <nabla/metrics/one_vs_rest.h>

#include <stdexcept>
#include <string>

#include <nabla/metrics/average_precision.h>
#include <nabla/metrics/roc_curve.h>

namespace nabla::metrics {

namespace {

void check_class_labels(std::span<const int> labels, std::span<const double> scores,
                        std::size_t num_classes, const char* who) {
  if (num_classes < 2 || labels.size() * num_classes != scores.size()) {
    throw std::invalid_argument(std::string(who) + ": " + std::to_string(labels.size()) +
                                " labels need " + std::to_string(num_classes) +
                                " scores each (at least 2 classes), got " +
                                std::to_string(scores.size()) + " scores");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || static_cast<std::size_t>(labels[i]) >= num_classes) {
      throw std::invalid_argument(std::string(who) + ": labels[" + std::to_string(i) + "] = " +
                                  std::to_string(labels[i]) + " is not a class in [0, " +
                                  std::to_string(num_classes) + ")");
    }
  }
}

}  // namespace

std::vector<int> one_vs_rest_labels(std::span<const int> labels, int k) {
  std::vector<int> out(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) out[i] = labels[i] == k ? 1 : 0;
  return out;
}

std::vector<double> score_column(std::span<const double> scores, std::size_t num_classes,
                                 std::size_t k) {
  if (num_classes == 0 || scores.size() % num_classes != 0 || k >= num_classes) {
    throw std::invalid_argument("score_column: column " + std::to_string(k) + " of " +
                                std::to_string(scores.size()) + " scores in rows of " +
                                std::to_string(num_classes));
  }
  std::vector<double> out(scores.size() / num_classes);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = scores[i * num_classes + k];
  return out;
}

std::vector<PrCurve> per_class_pr_curves(std::span<const int> labels,
                                         std::span<const double> scores,
                                         std::size_t num_classes) {
  check_class_labels(labels, scores, num_classes, "per_class_pr_curves");
  std::vector<PrCurve> curves;
  for (std::size_t k = 0; k < num_classes; ++k) {
    curves.push_back(precision_recall_curve(one_vs_rest_labels(labels, static_cast<int>(k)),
                                            score_column(scores, num_classes, k)));
  }
  return curves;
}

double mean_average_precision(std::span<const PrCurve> curves) {
  if (curves.empty()) throw std::invalid_argument("mean_average_precision: no curves");
  double sum = 0.0;
  for (const PrCurve& curve : curves) sum += average_precision(curve);
  return sum / static_cast<double>(curves.size());
}

std::optional<double> roc_auc_one_vs_rest(std::span<const int> labels,
                                          std::span<const double> scores,
                                          std::size_t num_classes) {
  check_class_labels(labels, scores, num_classes, "roc_auc_one_vs_rest");
  double sum = 0.0;
  for (std::size_t k = 0; k < num_classes; ++k) {
    const std::optional<double> auc = roc_auc(one_vs_rest_labels(labels, static_cast<int>(k)),
                                              score_column(scores, num_classes, k));
    if (!auc) return std::nullopt;
    sum += *auc;
  }
  return sum / static_cast<double>(num_classes);
}

}  // namespace nabla::metrics
