// Progress of a training run on stderr: a live bar per epoch on a terminal, plain periodic lines
// otherwise (logs, CI), and silence when asked.
#pragma once
#include <cstdint>
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

// automatic: a bar when stderr is a terminal, else lines.
[[nodiscard]] std::unique_ptr<ProgressReporter> make_progress(ProgressStyle style = ProgressStyle::automatic);

}  // namespace nabla::train
