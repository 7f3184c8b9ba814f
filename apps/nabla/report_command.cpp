// `nabla report DIR`: regenerates report.html (and plots/) of a run or eval folder from its files.
#include <iostream>

#include <nabla/report/run_report.h>

#include "commands.h"

namespace nabla::cli {

void add_report_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("report", "Write report.html of a run or eval folder (curves, PR curves, "
                                                "confusion matrix, doctor, config)");
  cmd->add_option("dir", *dir, "the folder of `nabla train` or `nabla eval`")->required();
  cmd->callback([=] {
    report::write_run_report(*dir);
    std::cout << "written to " << (std::filesystem::path(*dir) / "report.html").string() << '\n';
  });
}

}  // namespace nabla::cli
