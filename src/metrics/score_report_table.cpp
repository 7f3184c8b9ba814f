// score_report_table: a ScoreReport as fixed-width text, the default output of `nabla metrics`.
#include <nabla/metrics/score_report_table.h>

#include <iomanip>
#include <sstream>

namespace nabla::metrics {

namespace {

std::string fixed(double value) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(4) << value;
  return out.str();
}

std::string fixed(const std::optional<double>& value) { return value ? fixed(*value) : "n/a"; }

// A threshold or target as short as it is exact enough: 0.5, -0.1, 0.8731.
std::string general(double value) {
  std::ostringstream out;
  out << std::setprecision(6) << value;
  return out.str();
}

// One label and one value, the value right-aligned in a common column.
void row(std::ostringstream& out, const std::string& label, const std::string& value) {
  out << std::left << std::setw(34) << label << std::right << std::setw(10) << value << '\n';
}

void confusion_table(std::ostringstream& out, const ConfusionMatrix& confusion) {
  out << "confusion matrix (rows: true class, columns: predicted class)\n" << std::setw(10) << "";
  for (std::size_t j = 0; j < confusion.num_classes(); ++j) {
    out << std::setw(10) << ("pred " + std::to_string(j));
  }
  out << '\n';
  for (std::size_t i = 0; i < confusion.num_classes(); ++i) {
    out << std::left << std::setw(10) << ("true " + std::to_string(i)) << std::right;
    for (std::size_t j = 0; j < confusion.num_classes(); ++j) {
      out << std::setw(10) << confusion.count(i, j);
    }
    out << '\n';
  }
}

// Binary: the positive class's figures; multiclass: the means over classes.
void ranking_rows(std::ostringstream& out, const AveragePrecision& ap,
                  const std::optional<double>& auc, bool binary) {
  row(out, binary ? "average precision (step sum)" : "mean average precision (step sum)",
      fixed(ap.step));
  row(out, "  VOC 11-point", fixed(ap.voc11));
  row(out, "  VOC all-point (interpolated)", fixed(ap.interpolated));
  row(out, "  COCO 101-point", fixed(ap.coco101));
  row(out, binary ? "ROC AUC" : "ROC AUC (macro one-vs-rest)", fixed(auc));
}

std::string target_text(const OperatingTarget& target) {
  return (target.kind == OperatingTarget::Kind::recall ? "recall >= " : "precision >= ") +
         general(target.value);
}

void operating_point_line(std::ostringstream& out, const std::optional<OperatingPoint>& p) {
  if (!p) {
    out << "not reached at any threshold\n";
    return;
  }
  out << "threshold " << general(p->threshold) << "\n    precision " << fixed(p->precision)
      << "  recall " << fixed(p->recall) << "  f1 " << fixed(p->f1) << "  iou " << fixed(p->iou)
      << "  TP " << p->true_positives << "  FP " << p->false_positives << "  TN "
      << p->true_negatives << "  FN " << p->false_negatives << '\n';
}

void binary_table(std::ostringstream& out, const ScoreReport& report) {
  const ClassScores& positive = report.classes.per_class[1];
  out << "binary scores: " << report.confusion.total() << " samples, " << positive.support
      << " positive; positive iff score >= " << general(report.threshold) << " ("
      << report.threshold_rule << ")\n\n";
  confusion_table(out, report.confusion);
  out << '\n';
  row(out, "accuracy", fixed(report.classes.accuracy));
  row(out, "precision", fixed(positive.precision));
  row(out, "recall", fixed(positive.recall));
  row(out, "f1", fixed(positive.f1));
  row(out, "iou", fixed(positive.iou));
  out << '\n';
  ranking_rows(out, report.mean_average_precision, report.roc_auc, true);
  if (report.target) {
    out << "\noperating point for " << target_text(*report.target) << ": ";
    operating_point_line(out, report.ranking.front().operating_point);
  }
}

// A class's row ends with its AP and ROC AUC; the rows of the averages have none.
void class_row(std::ostringstream& out, const std::string& name, const ClassScores& s,
               const RankingReport* ranking) {
  out << std::left << std::setw(10) << name << std::right;
  for (double v : {s.precision, s.recall, s.f1, s.iou}) out << std::setw(10) << fixed(v);
  out << std::setw(10) << s.support;
  if (ranking) {
    out << std::setw(10) << fixed(ranking->average_precision.step) << std::setw(10)
        << fixed(ranking->roc_auc);
  }
  out << '\n';
}

void multiclass_table(std::ostringstream& out, const ScoreReport& report) {
  const std::size_t num_classes = report.confusion.num_classes();
  out << "multiclass scores: " << report.confusion.total() << " samples, " << num_classes
      << " classes; predicted class = argmax\n\n"
      << std::left << std::setw(10) << "class" << std::right;
  for (const char* h : {"precision", "recall", "f1", "iou", "support", "AP", "ROC AUC"}) {
    out << std::setw(10) << h;
  }
  out << '\n';
  for (std::size_t k = 0; k < num_classes; ++k) {
    class_row(out, std::to_string(k), report.classes.per_class[k], &report.ranking[k]);
  }
  class_row(out, "macro", report.classes.macro, nullptr);
  class_row(out, "micro", report.classes.micro, nullptr);
  class_row(out, "weighted", report.classes.weighted, nullptr);
  out << '\n';
  row(out, "accuracy", fixed(report.classes.accuracy));
  ranking_rows(out, report.mean_average_precision, report.roc_auc, false);
  out << '\n';
  confusion_table(out, report.confusion);
  if (report.target) {
    out << "\noperating points for " << target_text(*report.target) << " (one-vs-rest)\n";
    for (std::size_t k = 0; k < num_classes; ++k) {
      out << "  class " << k << ": ";
      operating_point_line(out, report.ranking[k].operating_point);
    }
  }
}

}  // namespace

std::string score_report_table(const ScoreReport& report) {
  std::ostringstream out;
  if (report.binary) {
    binary_table(out, report);
  } else {
    multiclass_table(out, report);
  }
  if (!report.warnings.empty()) out << '\n';
  for (const std::string& w : report.warnings) out << "warning: " << w << '\n';
  return out.str();
}

}  // namespace nabla::metrics
