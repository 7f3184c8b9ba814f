// The report of a run folder (`nabla train`) or an eval folder (`nabla eval`), built from the files
// they hold, so that `nabla report DIR` regenerates it at any time.
#pragma once
#include <filesystem>

#include <nabla/report/report.h>

namespace nabla::report {

// A run folder has history.json, config.json and data.json, and metrics.json once the run finished: its
// report holds the doctor's findings, the learning curves, the test set (the validation set when the
// run left the test set alone), the config and the environment. An eval folder has the metrics.json of
// `nabla eval`: its report leads with that test set and adds the evaluated run's sections when its
// folder ("run" in metrics.json, else the parent folder) is still there. Throws naming dir when it is
// neither.
// After the learning curves come the layers and sharpness, when the run's history measured them.
[[nodiscard]] Report run_report(const std::filesystem::path& dir);

// Writes run_report(dir) into dir (report.html and plots/), recording environment.json on first use.
void write_run_report(const std::filesystem::path& dir);

}  // namespace nabla::report
