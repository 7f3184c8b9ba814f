// threshold_counts: sort by score, accumulate TP and FP, keep the last sample of each tie group.
#include <nabla/metrics/threshold_counts.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace nabla::metrics {

ThresholdCounts threshold_counts(std::span<const int> labels, std::span<const double> scores) {
  if (labels.size() != scores.size()) {
    throw std::invalid_argument("threshold_counts: " + std::to_string(labels.size()) +
                                " labels but " + std::to_string(scores.size()) + " scores");
  }
  if (labels.empty()) throw std::invalid_argument("threshold_counts: no samples");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0 && labels[i] != 1) {
      throw std::invalid_argument("threshold_counts: labels[" + std::to_string(i) + "] = " +
                                  std::to_string(labels[i]) + " is not 0 or 1");
    }
    if (!std::isfinite(scores[i])) {
      throw std::invalid_argument("threshold_counts: scores[" + std::to_string(i) +
                                  "] is not finite");
    }
  }
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });

  // Walking down the scores, a point closes wherever the next score differs: every sample
  // scoring >= that score is predicted positive there.
  ThresholdCounts out;
  std::int64_t tp = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    tp += labels[order[i]];
    const bool last_of_tie = i + 1 == order.size() || scores[order[i + 1]] != scores[order[i]];
    if (!last_of_tie) continue;
    out.thresholds.push_back(scores[order[i]]);
    out.true_positives.push_back(tp);
    out.false_positives.push_back(static_cast<std::int64_t>(i + 1) - tp);
  }
  out.positives = tp;
  out.negatives = static_cast<std::int64_t>(labels.size()) - tp;
  return out;
}

}  // namespace nabla::metrics
