// Config and other JSON files read robustly: bounded nesting, errors that give the byte and never the
// file's bytes, and whole-number fields that refuse fractions instead of converting them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nabla/io/atomic_file.h>
#include <nabla/train/train_config.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

// The message reading a config file of this text throws, or "no error". The folder is this process's:
// ctest runs tests in parallel.
std::string read_error(const std::string& text) {
  const auto path = testing::fresh_dir("config_file_" + std::to_string(::getpid())) / "run.json";
  io::write_file_atomic(path, text);
  std::string message = "no error";
  try {
    (void)config_from_json(read_config_file(path));
  } catch (const std::exception& e) {
    message = e.what();
  }
  std::filesystem::remove_all(path.parent_path());
  return message;
}

TEST(ConfigFile, SyntaxErrorsGiveTheByteAndNotTheText) {
  const std::string e = read_error("{\"epochs\": \x1b[2J}");
  EXPECT_NE(e.find("run.json: byte 11: not valid JSON"), std::string::npos) << e;
  EXPECT_EQ(e.find('\x1b'), std::string::npos);
  // nlohmann reports a number too large for a double with its own exception type, quoting the text.
  EXPECT_NE(read_error(R"({"lr": 1e999})").find("run.json: lr: the number 1e999 is out of range"),
            std::string::npos) << read_error(R"({"lr": 1e999})");
  // A key holding a control byte is escaped in that message too (the search-space harness found one).
  const std::string control_key = read_error("{\"mo\x7fm\": 1e4444}");
  EXPECT_NE(control_key.find("mo\\x7Fm: the number 1e4444 is out of range"), std::string::npos) << control_key;
}

TEST(ConfigFile, DeepNestingIsRefusedBeforeParsing) {
  // Printing or comparing a value nested 100000 deep recurses 100000 times: a stack overflow.
  const std::string e = read_error(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_NE(e.find("run.json: byte 64: JSON nested deeper than 64 levels"), std::string::npos) << e;
  EXPECT_EQ(read_error(R"({"data": "a[b{c.csv", "out": "]]}}"})"), "no error");  // brackets in strings
}

TEST(ConfigFile, WholeNumberFieldsRefuseFractions) {
  // nlohmann converts 1e300 to an integer with undefined behaviour; 2.5 epochs would silently be 2.
  EXPECT_NE(read_error(R"({"batch_size": 1e300})").find("config: batch_size: must be a whole number in [1, 1048576], not 1e+300"),
            std::string::npos) << read_error(R"({"batch_size": 1e300})");
  EXPECT_NE(read_error(R"({"optimizer": {"history_size": 2.5}})")
                .find("config: optimizer.history_size: must be a whole number in [1, 10000], not 2.5"),
            std::string::npos) << read_error(R"({"optimizer": {"history_size": 2.5}})");
  EXPECT_EQ(read_error(R"({"epochs": 3, "optimizer": {"lr": 1}})"), "no error");
}

TEST(ConfigFile, ValuesOfTheWrongKindAreEscaped) {
  // Found by the config harness: a file that is one string echoed its bytes (here DEL, 0x7F).
  std::string e = read_error("\"w\x7fw\"");
  EXPECT_NE(e.find("must be a JSON object of config keys, not \"w\\x7Fw\""), std::string::npos) << e;
  e = read_error("{\"loss\": \"\\u001b[2J\"}");
  EXPECT_EQ(e.find('\x1b'), std::string::npos) << e;
  EXPECT_NE(e.find("u001b[2J"), std::string::npos) << e;
}

TEST(ConfigFile, UnknownKeysAreEscaped) {
  const std::string e = read_error("{\"\\u001b[31m\": 1}");
  EXPECT_NE(e.find("config: \\x1B[31m: unknown key"), std::string::npos) << e;
}

}  // namespace
}  // namespace nabla::train
