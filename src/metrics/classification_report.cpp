// classification_report: per-class ratios with the zero-division policy, then their averages.
#include <nabla/metrics/classification_report.h>

#include <string>

namespace nabla::metrics {

namespace {

// num / den, or the policy's value when den = 0 (recorded as a warning under ZeroDivision::warn).
struct Divide {
  ZeroDivision policy;
  std::vector<std::string>& warnings;

  double operator()(std::int64_t num, std::int64_t den, std::size_t k, const char* ratio,
                    const char* why) const {
    if (den != 0) return static_cast<double>(num) / static_cast<double>(den);
    if (policy == ZeroDivision::warn) {
      warnings.push_back("class " + std::to_string(k) + ": " + ratio + " is ill-defined (" + why +
                         ") and set to 0; choose the value with zero_division");
    }
    return zero_division_value(policy);
  }
};

// F1 = 2 P R / (P + R) from the already policy-substituted P and R, 0 when P + R = 0
// (scikit-learn's F-beta with beta = 1).
double f1_score(double precision, double recall) {
  const double denom = precision + recall;
  return denom == 0.0 ? 0.0 : 2.0 * precision * recall / denom;
}

// The plain and the support-weighted mean of one field over the classes.
ClassScores average(const std::vector<ClassScores>& per_class, bool weighted) {
  double p = 0.0, r = 0.0, f = 0.0, iou = 0.0, weights = 0.0;
  std::int64_t support = 0;
  for (const ClassScores& s : per_class) {
    const double w = weighted ? static_cast<double>(s.support) : 1.0;
    p += s.precision * w;
    r += s.recall * w;
    f += s.f1 * w;
    iou += s.iou * w;
    weights += w;
    support += s.support;
  }
  return {.precision = p / weights, .recall = r / weights, .f1 = f / weights,
          .iou = iou / weights, .support = support};
}

}  // namespace

ClassificationReport classification_report(const ConfusionMatrix& confusion,
                                            ZeroDivision zero_division) {
  ClassificationReport report;
  const Divide divide{zero_division, report.warnings};
  std::int64_t tp_sum = 0, fp_sum = 0, fn_sum = 0;
  for (std::size_t k = 0; k < confusion.num_classes(); ++k) {
    const std::int64_t tp = confusion.true_positives(k);
    const std::int64_t fp = confusion.false_positives(k);
    const std::int64_t fn = confusion.false_negatives(k);
    ClassScores s{.precision = divide(tp, tp + fp, k, "precision", "no predicted samples"),
                  .recall = divide(tp, tp + fn, k, "recall", "no true samples"),
                  .iou = divide(tp, tp + fp + fn, k, "IoU", "no true nor predicted samples"),
                  .support = tp + fn};
    s.f1 = f1_score(s.precision, s.recall);
    report.per_class.push_back(s);
    tp_sum += tp;
    fp_sum += fp;
    fn_sum += fn;
  }
  report.macro = average(report.per_class, false);
  // With at least one sample every micro denominator is positive.
  const auto ratio = [](std::int64_t num, std::int64_t den) {
    return static_cast<double>(num) / static_cast<double>(den);
  };
  report.micro = {.precision = ratio(tp_sum, tp_sum + fp_sum),
                  .recall = ratio(tp_sum, tp_sum + fn_sum),
                  .iou = ratio(tp_sum, tp_sum + fp_sum + fn_sum),
                  .support = confusion.total()};
  report.micro.f1 = f1_score(report.micro.precision, report.micro.recall);
  report.weighted = average(report.per_class, true);
  report.accuracy = confusion.accuracy();
  return report;
}

}  // namespace nabla::metrics
