// Checks of the run folder that a command was given.
#include "run_folder.h"

#include <stdexcept>

namespace nabla::cli {

CLI::Option* add_run_folder_argument(CLI::App* cmd, std::string& dir, const std::string& help) {
  return cmd->add_option("RUN_DIR", dir, help)->required();
}

void check_run_folder(const std::filesystem::path& dir, const std::vector<std::string>& files, bool any_of) {
  namespace fs = std::filesystem;
  const std::string holds =
      "a run folder, written by `nabla train --out DIR`, holds config.json, data.json, model.safetensors, "
      "checkpoint.safetensors and history.json";
  if (!fs::exists(dir)) throw std::invalid_argument(dir.string() + ": no such folder; " + holds);
  if (!fs::is_directory(dir)) throw std::invalid_argument(dir.string() + " is a file, not a run folder; " + holds);
  std::string absent;
  std::size_t count = 0;
  for (const std::string& file : files)
    if (!fs::exists(dir / file)) absent += (count++ ? (any_of ? " or " : ", ") : "") + file;
  if (count > 0 && (!any_of || count == files.size()))
    throw std::invalid_argument(dir.string() + " is not a run folder: it has no " + absent + "; " + holds);
}

}  // namespace nabla::cli
