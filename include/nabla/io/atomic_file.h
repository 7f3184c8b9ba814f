// Atomic file writes: write a temporary file beside the target, fsync it, rename it over the target,
// and fsync the directory, so a reader (or a crash) sees the old file or the new one, never half of one.
#pragma once
#include <filesystem>
#include <string_view>

namespace nabla::io {

// Throws std::runtime_error naming the path and the system error on any failure.
void write_file_atomic(const std::filesystem::path& path, std::string_view contents);

// Reads a whole file; throws std::runtime_error naming the path when it cannot.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

}  // namespace nabla::io
