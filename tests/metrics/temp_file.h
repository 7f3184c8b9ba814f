// A file under the temporary directory that holds given text and is removed with the object.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace nabla::metrics::test {

class TempFile {
 public:
  // name is made unique per process, so that test runs in parallel do not collide.
  TempFile(const std::string& name, const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("nabla_metrics_" + std::to_string(::getpid()) + "_" + name)) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace nabla::metrics::test
