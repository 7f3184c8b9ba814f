// FolderLock: one writer per folder. An advisory flock(2) on DIR/.lock, held while the object lives
// and dropped by the kernel when the process ends (kill -9 included), so it never goes stale. The
// holder's pid, start time and command are written into the file only so that a refused process
// can name the holder.
#pragma once
#include <filesystem>
#include <string>

namespace nabla::io {

class FolderLock {
 public:
  FolderLock() = default;  // holds nothing
  // Creates dir (and its parents) when missing, then locks it without waiting. Throws
  // std::runtime_error "DIR is in use by nabla pid N (started T, COMMAND)…" when another process, or
  // another FolderLock of this one, holds it, and naming the file and system error on other failures.
  FolderLock(const std::filesystem::path& dir, const std::string& command);
  ~FolderLock();
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&& other) noexcept;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  // Throws the constructor's "in use" error when a FolderLock on dir is held, without creating or
  // locking anything; for a check before reading a folder that a run may be writing.
  static void throw_if_in_use(const std::filesystem::path& dir);

  // The lock file's name inside a locked folder.
  static constexpr const char* kFileName = ".lock";

 private:
  void release() noexcept;
  int fd_ = -1;
};

}  // namespace nabla::io
