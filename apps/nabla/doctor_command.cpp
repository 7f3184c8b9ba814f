// `nabla doctor DIR`: what went wrong in a training run, read from its history, with the lecture's advice,
// and what the history measured per layer and of the final minimum.
#include <iostream>

#include <nlohmann/json.hpp>

#include <nabla/doctor/doctor_output.h>
#include <nabla/doctor/measurements.h>

#include "boolean_flag.h"
#include "commands.h"
#include "run_folder.h"

namespace nabla::cli {

void add_doctor_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("doctor", "Diagnose a training run from its history (divergence, overfitting, ...)");
  add_run_folder_argument(cmd, *dir);
  add_boolean_flag(cmd, "--json", *as_json, "print the findings as JSON");
  cmd->callback([=] {
    check_run_folder(*dir, {"history.json"});
    const std::vector<doctor::Finding> findings = doctor::diagnose_run(*dir);
    const train::History history = doctor::read_run_history(*dir);
    if (*as_json)
      std::cout << nlohmann::json{{"findings", doctor::findings_json(findings)},
                                  {"measurements", doctor::measurements_json(history)}}
                       .dump(2)
                << '\n';
    else
      std::cout << doctor::format_findings(findings) << doctor::format_measurements(history);
  });
}

}  // namespace nabla::cli
