// `nabla report DIR`: regenerates report.html (and plots/) of a run or eval folder from its files.
#include <iostream>

#include <nabla/report/run_report.h>

#include "commands.h"
#include "run_folder.h"

namespace nabla::cli {

void add_report_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("report", "Write report.html of a run or eval folder (curves, PR curves, "
                                                "confusion matrix, doctor, config)");
  add_run_folder_argument(cmd, *dir, "a run folder of `nabla train`, or the eval folder of `nabla eval`");
  cmd->callback([=] {
    check_run_folder(*dir, {"history.json", "metrics.json"}, true);
    report::write_run_report(*dir);
    std::cout << "written to " << (std::filesystem::path(*dir) / "report.html").string() << '\n';
  });
}

}  // namespace nabla::cli
