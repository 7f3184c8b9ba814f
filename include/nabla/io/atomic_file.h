// Atomic file writes: write a temporary file beside the target, fsync it, rename it over the target,
// and fsync the directory, so a reader (or a crash) sees the old file or the new one, never half of one.
#pragma once
#include <filesystem>
#include <string_view>

namespace nabla::io {

// The temporary is created afresh (O_CREAT|O_EXCL|O_NOFOLLOW) under a name no one can predict,
// ".<name>.tmp.<pid>.<6 random characters>", so a file or symlink planted beside the target is never
// written through. Throws std::runtime_error naming the path and the system error on any failure.
void write_file_atomic(const std::filesystem::path& path, std::string_view contents);

// Removes, in dir and the folders below it, the temporaries that write_file_atomic left behind when
// its process was killed: files named as above whose pid is no longer running (a live writer's
// temporary stays). Other files are never touched. Returns how many it removed.
int remove_stale_temporaries(const std::filesystem::path& dir);

// Reads a whole file; throws std::runtime_error naming the path when it cannot.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

}  // namespace nabla::io
