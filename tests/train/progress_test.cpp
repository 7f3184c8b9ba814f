// Progress output: the bar's lines fit the terminal's columns, and off a terminal one whole line per
// epoch with no carriage return.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nabla/train/progress.h>

namespace nabla::train {
namespace {

// What a reporter writes for two epochs of 5 batches, read back from a temporary file.
std::string output_of(ProgressStyle style, bool terminal, int columns) {
  std::FILE* file = std::tmpfile();
  EXPECT_NE(file, nullptr);
  {
    const auto progress = make_progress(style, {.file = file, .terminal = terminal, .columns = columns});
    for (int64_t epoch = 1; epoch <= 2; ++epoch) {
      for (int64_t batch = 1; batch <= 5; ++batch)
        progress->on_batch({.epoch = epoch, .epochs = 2, .batch = batch, .batches = 5, .samples_per_second = 123456,
                            .running_loss = 0.6931, .eta_seconds = 3725});
      progress->on_epoch({.epoch = epoch, .train_loss = 0.5, .train_accuracy = 0.75, .val_loss = 0.625,
                          .val_accuracy = 0.8125, .lr = 1e-3, .grad_norm = 1.5, .grad_norm_max = 2, .seconds = 12.5},
                         2);
    }
  }
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
  std::fclose(file);
  return text;
}

// The lines as a terminal shows them: split at carriage returns and newlines, without the erase codes.
std::vector<std::string> shown_lines(std::string text) {
  for (std::size_t at = text.find("\033[K"); at != std::string::npos; at = text.find("\033[K")) text.erase(at, 3);
  std::vector<std::string> lines(1);
  for (char c : text)
    if (c == '\r' || c == '\n')
      lines.emplace_back();
    else
      lines.back() += c;
  return lines;
}

TEST(Progress, BarLinesFitANarrowTerminal) {
  const std::string text = output_of(ProgressStyle::bar, true, 40);
  EXPECT_NE(text.find('\r'), std::string::npos);
  for (const std::string& line : shown_lines(text)) EXPECT_LE(line.size(), 39u) << "[" << line << "]";
  // The most telling parts stay: which epoch, how far, the loss, the time left; the epoch line keeps the
  // validation loss and accuracy.
  EXPECT_NE(text.find("epoch 1/2  5/5  loss 0.6931  ETA 1h02m"), std::string::npos) << text;
  EXPECT_NE(text.find("epoch 2/2  val loss 0.6250 acc 0.8125\n"), std::string::npos) << text;
}

TEST(Progress, BarShowsEverythingOnAWideTerminal) {
  const std::string text = output_of(ProgressStyle::bar, true, 200);
  EXPECT_NE(text.find("epoch 1/2  [##############################]  5/5  123456 samples/s  loss 0.6931  ETA 1h02m"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("epoch 1/2  train loss 0.5000 acc 0.7500  val loss 0.6250 acc 0.8125  lr 0.001  |g| 1.5  12.5s\n"),
            std::string::npos)
      << text;
  for (const std::string& line : shown_lines(text)) EXPECT_LE(line.size(), 199u) << line;
}

TEST(Progress, OffATerminalOneWholeLinePerEpoch) {
  // The automatic style picks lines for an output that is no terminal, and never cuts them.
  const std::string text = output_of(ProgressStyle::automatic, false, 40);
  EXPECT_EQ(text,
            "epoch 1/2  train loss 0.5000 acc 0.7500  val loss 0.6250 acc 0.8125  lr 0.001  |g| 1.5  12.5s\n"
            "epoch 2/2  train loss 0.5000 acc 0.7500  val loss 0.6250 acc 0.8125  lr 0.001  |g| 1.5  12.5s\n");
  EXPECT_NE(output_of(ProgressStyle::automatic, true, 80).find('\r'), std::string::npos);
}

TEST(Progress, ColumnsComeFromTheEnvironmentFirst) {
  ASSERT_EQ(setenv("COLUMNS", "37", 1), 0);
  EXPECT_EQ(stderr_output().columns, 37);
  // Not a number: the terminal's own width, or 80 off a terminal (as under ctest).
  ASSERT_EQ(setenv("COLUMNS", "wide", 1), 0);
  const ProgressOutput out = stderr_output();
  EXPECT_TRUE(out.terminal || out.columns == 80) << out.columns;
  EXPECT_EQ(out.file, stderr);
}

}  // namespace
}  // namespace nabla::train
