// Atomic writes leave the full new contents and no temporary file; failures name the path.
#include <gtest/gtest.h>

#include <filesystem>

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
