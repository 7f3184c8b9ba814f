// Fuzzes `nabla metrics --input`: parse_score_csv, then the report and both of its printed forms. The
// first byte picks the options: a threshold or a recall / precision target, and the zero-division rule.
#include <nabla/metrics/score_file.h>
#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/metrics/score_report_table.h>

#include <sstream>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla::metrics;
  if (size == 0) return 0;
  const uint8_t o = data[0];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  nabla::fuzz::expect_clean_errors([&] {
    const ScoreFile file = parse_score_csv(in, "scores.csv");
    ScoreReportOptions options{.zero_division = static_cast<ZeroDivision>(o % 3)};
    if (file.binary() && (o & 4)) options.threshold = (o >> 4) / 15.0;
    if (o & 8) options.target = OperatingTarget{.kind = (o & 16) ? OperatingTarget::Kind::precision
                                                                  : OperatingTarget::Kind::recall,
                                                .value = (o >> 5) / 7.0};
    const ScoreReport report = score_report(file, options);
    (void)score_report_table(report);
    (void)score_report_json(report).dump();
  });
  return 0;
}
