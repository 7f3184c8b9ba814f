// Atomic writes by temporary file + fsync + rename (+ fsync of the directory), and the removal of the
// temporaries a killed writer left behind.
#include <nabla/io/atomic_file.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace nabla::io {
namespace {

constexpr std::string_view kTmp = ".tmp.";
constexpr std::size_t kSuffixLength = 6;

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

// Random, not seeded: the name must be one that nobody can plant a link at in advance.
std::string random_suffix() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string s(kSuffixLength, ' ');
  for (char& c : s) c = kChars[device() % (sizeof kChars - 1)];
  return s;
}

// Creates a fresh temporary beside path and returns its descriptor (-1 and errno on failure).
int create_temporary(const std::filesystem::path& path, std::filesystem::path& tmp) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::string name = ".";
    name += path.filename().string();
    name += kTmp;
    name += std::to_string(::getpid()) + "." + random_suffix();
    tmp = path.parent_path() / name;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

// The writer's pid when name is one of write_file_atomic's temporaries, else 0.
pid_t temporary_owner(const std::string& name) {
  const std::size_t at = name.rfind(kTmp);
  if (name.size() < 2 || name[0] != '.' || at == std::string::npos || at < 2) return 0;
  const std::string rest = name.substr(at + kTmp.size());  // "<pid>.<suffix>"
  const std::size_t dot = rest.find('.');
  if (dot == 0 || dot == std::string::npos || dot > 9 || rest.size() - dot - 1 != kSuffixLength) return 0;  // pids < 1e9
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (i != dot && !(i < dot ? std::isdigit(static_cast<unsigned char>(rest[i]))
                              : std::isalnum(static_cast<unsigned char>(rest[i]))))
      return 0;
  return static_cast<pid_t>(std::stol(rest.substr(0, dot)));
}

bool process_is_running(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path tmp;
  const int fd = create_temporary(path, tmp);
  if (fd < 0) fail(path, "cannot create a temporary file beside it");
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      fail(path, "write failed");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    fail(path, "cannot flush file");
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    fail(path, "cannot rename temporary file into place");
  }
  // The rename itself is durable only once the directory entry is on disk.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

int remove_stale_temporaries(const std::filesystem::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const pid_t owner = temporary_owner(it->path().filename().string());
    std::error_code ignored;  // a file that vanished meanwhile is no error
    if (owner > 0 && !it->is_directory(ignored) && !process_is_running(owner))
      removed += std::filesystem::remove(it->path(), ignored) ? 1 : 0;
  }
  return removed;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open file");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) fail(path, "read failed");
  return out.str();
}

}  // namespace nabla::io
