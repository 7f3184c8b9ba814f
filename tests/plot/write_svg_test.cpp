// write_svg: full content lands at the path, no temporary file remains, failures name the path.
#include <nabla/plot/write_svg.h>

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace nabla::plot {
namespace {

namespace fs = std::filesystem;

class WriteSvg : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nabla_plot_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  // Names in the test's directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(WriteSvg, WritesTheWholeDocumentAndLeavesNoTemporary) {
  const fs::path path = dir_ / "chart.svg";
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + std::string(100000, ' ') + "</svg>\n";
  write_svg(path, svg);
  EXPECT_EQ(read(path), svg);
  EXPECT_EQ(entries(), std::vector<std::string>{"chart.svg"}) << "no temporary file may remain";
}

TEST_F(WriteSvg, ReplacesAnExistingFile) {
  const fs::path path = dir_ / "chart.svg";
  write_svg(path, "<svg>old, longer content</svg>");
  write_svg(path, "<svg/>");
  EXPECT_EQ(read(path), "<svg/>");
}

TEST_F(WriteSvg, MissingDirectoryThrowsNamingThePath) {
  const fs::path path = dir_ / "no_such_dir" / "chart.svg";
  try {
    write_svg(path, "<svg/>");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(entries().empty());
}

TEST_F(WriteSvg, FailedRenameKeepsTheTargetAndRemovesTheTemporary) {
  // A directory at the target path cannot be replaced by a file.
  const fs::path path = dir_ / "taken";
  fs::create_directory(path);
  EXPECT_THROW(write_svg(path, "<svg/>"), std::runtime_error);
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_EQ(entries(), std::vector<std::string>{"taken"}) << "no temporary file may remain";
}

}  // namespace
}  // namespace nabla::plot
