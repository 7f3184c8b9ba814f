// FolderLock: flock on DIR/.lock, with the holder's description written into the file.
#include <nabla/io/folder_lock.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace nabla::io {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int error) {
  throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(error));
}

// "nabla pid 1234 (started 2024-05-01 12:00:00 UTC, nabla train)"
std::string holder_text(const std::string& command) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return "nabla pid " + std::to_string(::getpid()) + " (started " + stamp + ", " + command + ")";
}

// "DIR is in use by …", with what the holder wrote into the lock file (nothing yet, when it has just
// locked it).
std::runtime_error in_use(const std::filesystem::path& dir, int fd) {
  char buf[512];
  const ssize_t n = ::pread(fd, buf, sizeof buf, 0);
  std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  while (!holder.empty() && holder.back() == '\n') holder.pop_back();
  return std::runtime_error(dir.string() + " is in use by " + (holder.empty() ? "another nabla process" : holder) +
                            "; wait for it to end or stop it");
}

}  // namespace

FolderLock::FolderLock(const std::filesystem::path& dir, const std::string& command) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create the folder: " + ec.message());
  const std::filesystem::path file = dir / kFileName;
  // O_NOFOLLOW: a symlink planted as the lock file is refused rather than followed.
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(file, "cannot open the lock file", errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::runtime_error refusal = in_use(dir, fd_);
    ::close(fd_);
    fd_ = -1;
    if (error != EWOULDBLOCK) fail(file, "cannot lock", error);
    throw refusal;
  }
  const std::string text = holder_text(command) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    const int error = errno;
    release();
    fail(file, "cannot write the lock file", error);
  }
}

void FolderLock::throw_if_in_use(const std::filesystem::path& dir) {
  const int fd = ::open((dir / kFileName).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;  // never locked
  // A shared lock is refused while the exclusive one is held, and blocks no reader.
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    const std::runtime_error refusal = in_use(dir, fd);
    ::close(fd);
    throw refusal;
  }
  ::close(fd);  // drops the shared lock
}

FolderLock::~FolderLock() { release(); }

FolderLock::FolderLock(FolderLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void FolderLock::release() noexcept {
  if (fd_ < 0) return;
  (void)::ftruncate(fd_, 0);  // the holder's text would only mislead once the lock is gone
  ::close(fd_);               // drops the lock
  fd_ = -1;
}

}  // namespace nabla::io
