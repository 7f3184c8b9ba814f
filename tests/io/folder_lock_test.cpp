// FolderLock: one holder at a time, the refusal names the holder's pid, and a killed holder's lock is
// free at once.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <nabla/io/folder_lock.h>

namespace nabla::io {
namespace {

std::filesystem::path fresh(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  return dir;
}

std::string refusal(const std::filesystem::path& dir) {
  try {
    FolderLock second(dir, "nabla train");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(FolderLock, SecondHolderIsRefusedNamingTheFirst) {
  const auto dir = fresh("nabla_lock_second") / "run";
  {
    const FolderLock first(dir, "nabla train");  // creates the folder
    EXPECT_TRUE(std::filesystem::exists(dir / FolderLock::kFileName));
    const std::string what = refusal(dir);
    EXPECT_NE(what.find(dir.string() + " is in use by nabla pid " + std::to_string(::getpid()) + " (started "),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("nabla train); wait for it"), std::string::npos) << what;
    EXPECT_THROW(FolderLock::throw_if_in_use(dir), std::runtime_error);
  }
  EXPECT_EQ(refusal(dir), "");  // released with the first
  EXPECT_NO_THROW(FolderLock::throw_if_in_use(dir));
  EXPECT_NO_THROW(FolderLock::throw_if_in_use(dir / "never-made"));
  EXPECT_FALSE(std::filesystem::exists(dir / "never-made"));
  std::filesystem::remove_all(dir.parent_path());
}

TEST(FolderLock, KilledHolderLeavesNoStaleLock) {
  const auto dir = fresh("nabla_lock_killed");
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const FolderLock held(dir, "nabla search");
    (void)!::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  EXPECT_NE(refusal(dir).find("in use by nabla pid " + std::to_string(child)), std::string::npos);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_EQ(refusal(dir), "");
  ::close(ready[0]);
  ::close(ready[1]);
  std::filesystem::remove_all(dir);
}

TEST(FolderLock, PlantedSymlinkIsRefused) {
  const auto dir = fresh("nabla_lock_symlink");
  std::filesystem::create_directories(dir);
  std::filesystem::create_symlink("/etc/hostname", dir / FolderLock::kFileName);
  EXPECT_NE(refusal(dir).find("cannot open the lock file"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nabla::io
