// Shared by the fuzz harnesses: the fuzzer's bytes written as files, and the rule every parser must
// keep: it may throw only its documented errors, with one-line messages of printable text.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace nabla::fuzz {

// A folder of this process, in memory (/dev/shm) where there is one; removed when the process exits.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::filesystem::path d = base / ("nabla_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] { std::filesystem::remove_all(scratch_dir()); });
    return d;
  }();
  return dir;
}

// Writes bytes to scratch_dir()/name (creating its folders) and returns the path.
inline std::filesystem::path write_file(const std::string& name, const uint8_t* data, size_t size) {
  const std::filesystem::path path = scratch_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// Stops the fuzzer when an error message holds a byte that is not printable ASCII (file content must
// be escaped) or a line break.
inline void check_message(const char* message) {
  for (const char* p = message; *p != '\0'; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c > 0x7E) {
      std::fprintf(stderr, "error message holds byte 0x%02X: %s\n", c, message);
      std::abort();
    }
  }
}

// Runs parse. std::runtime_error and std::invalid_argument are the parsers' documented answers to bad
// input; any other exception (std::bad_alloc, std::length_error, nlohmann's own) escapes, and libFuzzer
// reports it like a crash.
template <class Parse>
void expect_clean_errors(Parse&& parse) {
  try {
    parse();
  } catch (const std::runtime_error& e) {
    check_message(e.what());
  } catch (const std::invalid_argument& e) {
    check_message(e.what());
  }
}

}  // namespace nabla::fuzz
