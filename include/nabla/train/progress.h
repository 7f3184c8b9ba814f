// Progress of a training run on stderr: a live bar per epoch on a terminal, as wide as the terminal;
// one plain line per epoch otherwise (logs, CI, pipes); silence when asked.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include <nabla/train/history.h>

namespace nabla::train {

struct BatchProgress {
  int64_t epoch = 0, epochs = 0, batch = 0, batches = 0;
  double samples_per_second = 0, running_loss = 0, eta_seconds = 0;
};

class ProgressReporter {
 public:
  virtual ~ProgressReporter() = default;
  virtual void on_batch(const BatchProgress& p) = 0;
  virtual void on_epoch(const EpochRecord& r, int64_t epochs) = 0;
  virtual void message(const std::string& text) = 0;
};

enum class ProgressStyle { automatic, bar, lines, quiet };

// Where progress is written: a file, whether it is a terminal, and how many columns a line may take.
struct ProgressOutput {
  std::FILE* file = stderr;
  bool terminal = false;
  int columns = 80;
};

// stderr, with the width of its terminal: $COLUMNS when it is a positive number, else what the terminal
// says, else 80.
[[nodiscard]] ProgressOutput stderr_output();

// automatic: a bar when the output is a terminal, else lines. On a terminal every line is cut to fit the
// columns (dropping the least telling parts first); lines are never cut, and never use a carriage return.
[[nodiscard]] std::unique_ptr<ProgressReporter> make_progress(ProgressStyle style, const ProgressOutput& output);
[[nodiscard]] std::unique_ptr<ProgressReporter> make_progress(ProgressStyle style = ProgressStyle::automatic);

}  // namespace nabla::train
