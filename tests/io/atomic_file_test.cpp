// Atomic writes leave the full new contents and no temporary file, never write through a planted
// symlink, and leave killed writers' temporaries to remove_stale_temporaries; failures name the path.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nabla/io/atomic_file.h>

namespace nabla::io {
namespace {

TEST(AtomicFile, WritesReplacesAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / "nabla_atomic_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "a.txt", "first");
  write_file_atomic(dir / "a.txt", std::string(100000, 'x'));
  EXPECT_EQ(read_file(dir / "a.txt"), std::string(100000, 'x'));
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(dir);
}

// A symlink planted where the temporary used to be predictable (<file>.tmp.<pid>) must not lead the
// write to its target.
TEST(AtomicFile, PlantedSymlinkIsNotFollowed) {
  const auto dir = std::filesystem::temp_directory_path() / "nabla_atomic_symlink";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "victim.txt", "precious");
  std::filesystem::create_symlink(dir / "victim.txt", dir / ("a.txt.tmp." + std::to_string(::getpid())));
  write_file_atomic(dir / "a.txt", "new");
  EXPECT_EQ(read_file(dir / "victim.txt"), "precious");
  EXPECT_EQ(read_file(dir / "a.txt"), "new");
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, StaleTemporariesOfDeadWritersAreRemoved) {
  const auto dir = std::filesystem::temp_directory_path() / "nabla_atomic_stale";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "plots");
  const std::string dead = "999999999";  // above any pid_max, so never a running process
  const std::string live = std::to_string(::getpid());
  for (const std::string& name : std::vector<std::string>{".a.json.tmp." + dead + ".Ab3xYz", "plots/.l.svg.tmp." + dead + ".q1w2e3",
                                 ".b.json.tmp." + live + ".Ab3xYz", "a.json.tmp." + dead + ".Ab3xYz",
                                 ".c.json.tmp." + dead + ".short", "notes.tmp", "a.json"})
    write_file_atomic(dir / name, "x");
  EXPECT_EQ(remove_stale_temporaries(dir), 2);
  EXPECT_FALSE(std::filesystem::exists(dir / (".a.json.tmp." + dead + ".Ab3xYz")));
  EXPECT_FALSE(std::filesystem::exists(dir / "plots" / (".l.svg.tmp." + dead + ".q1w2e3")));
  for (const std::string& kept : std::vector<std::string>{".b.json.tmp." + live + ".Ab3xYz", "a.json.tmp." + dead + ".Ab3xYz",
                                 ".c.json.tmp." + dead + ".short", "notes.tmp", "a.json"})
    EXPECT_TRUE(std::filesystem::exists(dir / kept)) << kept;
  EXPECT_EQ(remove_stale_temporaries(dir / "missing"), 0);
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, ErrorsNameThePath) {
  try {
    write_file_atomic("/nonexistent-dir/x.json", "{}");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)read_file("/nonexistent-dir/x.json"), std::runtime_error);
}

}  // namespace
}  // namespace nabla::io
