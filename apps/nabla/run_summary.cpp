// Printing a run's result and the doctor's findings: a few lines for people, or one JSON object.
#include "run_summary.h"

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include <nabla/doctor/doctor_output.h>

namespace nabla::cli {

void print_run_summary(const train::TrainResult& r, bool as_json) {
  const std::vector<doctor::Finding> findings = doctor::diagnose_run(r.out);
  if (as_json) {
    nlohmann::json j = {{"out", r.out.string()},
                        {"epochs", r.history.epochs.size()},
                        {"best_epoch", r.best_epoch},
                        {"stopped_early", r.stopped_early},
                        {"world_size", r.world_size},
                        {"samples_per_second", r.samples_per_second},
                        {"waiting_fraction", r.waiting_fraction},
                        {"bucket_copy_fraction", r.bucket_copy_fraction},
                        {"validation", {{"loss", r.validation.loss}, {"accuracy", r.validation.accuracy}}},
                        {"test", {{"loss", r.test.loss}, {"accuracy", r.test.accuracy}}},
                        {"doctor", doctor::findings_json(findings)}};
    std::cout << j.dump(2) << '\n';
    return;
  }
  double seconds = 0;
  for (const auto& e : r.history.epochs) seconds += e.seconds;
  std::printf("trained %zu epochs in %.1f s%s\n", r.history.epochs.size(), seconds,
              r.stopped_early ? " (stopped early)" : "");
  // The whole job's throughput: every process's samples.
  if (r.world_size > 1)
    std::printf("throughput: %.0f samples/s over %d processes, each waiting for the others %.1f %% of the time\n",
                r.samples_per_second, r.world_size, 100 * r.waiting_fraction);
  else if (r.samples_per_second > 0)
    std::printf("throughput: %.0f samples/s in 1 process\n", r.samples_per_second);
  std::printf("validation: loss %.4f  accuracy %.2f %%\n", r.validation.loss, 100 * r.validation.accuracy);
  std::printf("test:       loss %.4f  accuracy %.2f %%\n", r.test.loss, 100 * r.test.accuracy);
  std::printf("written to %s\n", r.out.string().c_str());
  std::cout << doctor::format_findings(findings);
}

}  // namespace nabla::cli
