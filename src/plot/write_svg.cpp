// write_svg: temporary file, fsync, rename, directory fsync.
#include <nabla/plot/write_svg.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace nabla::plot {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int error) {
  throw std::runtime_error("write_svg: cannot " + what + " '" + path.string() + "': " + std::strerror(error));
}

// Closes the descriptor on every path out of write_svg.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }
  // Closes now, reporting the error that close() can carry for buffered writes.
  [[nodiscard]] int release_and_close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

void write_file(const std::filesystem::path& tmp, std::string_view svg) {
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) fail("create", tmp, errno);
  std::size_t written = 0;
  while (written < svg.size()) {
    const ssize_t n = ::write(fd.get(), svg.data() + written, svg.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write", tmp, errno);
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) fail("fsync", tmp, errno);
  if (fd.release_and_close() != 0) fail("close", tmp, errno);
}

}  // namespace

void write_svg(const std::filesystem::path& path, std::string_view svg) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  try {
    write_file(tmp, svg);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail("rename '" + tmp.string() + "' to", path, errno);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
  // The rename itself is durable only once the directory entry is on disk. A directory that cannot
  // be opened for reading still holds the complete file, so this step is best effort.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
}

}  // namespace nabla::plot
