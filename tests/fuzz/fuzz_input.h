// Shared by the fuzz harnesses: the fuzzer's bytes written as files, and the rule every parser must
// keep: it may throw only its documented errors, with one-line messages of printable text.
#pragma once
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
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

// scratch_dir()/name, emptied of what an earlier input left there.
inline std::filesystem::path empty_scratch_folder(const std::string& name) {
  const std::filesystem::path folder = scratch_dir() / name;
  std::filesystem::remove_all(folder);
  return folder;
}

// Writes bytes to scratch_dir()/name (creating its folders) and returns the path.
inline std::filesystem::path write_file(const std::string& name, const uint8_t* data, size_t size) {
  const std::filesystem::path path = scratch_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// The input of an image-folder harness: byte 0 picks the channels to load (0: the first image's, 1 or 3),
// bytes 1-2 where the rest is cut into the first and the second image file.
struct TwoImages {
  int64_t channels = 0;
  const uint8_t* first = nullptr;
  size_t first_size = 0;
  const uint8_t* second = nullptr;
  size_t second_size = 0;
};

// Null for an input of fewer than 3 bytes.
inline std::optional<TwoImages> split_two_images(const uint8_t* data, size_t size) {
  if (size < 3) return std::nullopt;
  const int64_t channels[] = {0, 1, 3};
  const size_t rest = size - 3;
  const size_t cut = std::min<size_t>(rest, data[1] | size_t{data[2]} << 8);
  return TwoImages{channels[data[0] % 3], data + 3, cut, data + 3 + cut, rest - cut};
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
