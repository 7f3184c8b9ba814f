// Terminal bar and plain-line progress reporters.
#include <nabla/train/progress.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace nabla::train {
namespace {

std::string format_seconds(double s) {
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  return buf;
}

void print_epoch(const EpochRecord& r, int64_t epochs) {
  std::fprintf(stderr,
               "epoch %lld/%lld  train loss %.4f acc %.4f  val loss %.4f acc %.4f  lr %.3g  |g| %.3g  %.1fs\n",
               static_cast<long long>(r.epoch), static_cast<long long>(epochs), r.train_loss, r.train_accuracy,
               r.val_loss, r.val_accuracy, r.lr, r.grad_norm, r.seconds);
}

class BarProgress final : public ProgressReporter {
 public:
  void on_batch(const BatchProgress& p) override {
    constexpr int width = 30;
    const int filled = static_cast<int>(width * p.batch / std::max<int64_t>(p.batches, 1));
    std::string bar(filled, '#');
    bar.append(width - filled, '.');
    std::fprintf(stderr, "\repoch %lld/%lld [%s] %lld/%lld  %.0f samples/s  loss %.4f  ETA %s   ",
                 static_cast<long long>(p.epoch), static_cast<long long>(p.epochs), bar.c_str(),
                 static_cast<long long>(p.batch), static_cast<long long>(p.batches), p.samples_per_second,
                 p.running_loss, format_seconds(p.eta_seconds).c_str());
    std::fflush(stderr);
  }
  void on_epoch(const EpochRecord& r, int64_t epochs) override {
    std::fprintf(stderr, "\r\033[K");
    print_epoch(r, epochs);
  }
  void message(const std::string& text) override { std::fprintf(stderr, "\r\033[K%s\n", text.c_str()); }
};

class LineProgress final : public ProgressReporter {
 public:
  void on_batch(const BatchProgress& p) override {
    // One line every 10 s of wall time at most: enough to see a run is alive without flooding a log.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(10) && p.batch != p.batches) return;
    last_ = now;
    std::fprintf(stderr, "epoch %lld/%lld batch %lld/%lld  %.0f samples/s  loss %.4f  ETA %s\n",
                 static_cast<long long>(p.epoch), static_cast<long long>(p.epochs), static_cast<long long>(p.batch),
                 static_cast<long long>(p.batches), p.samples_per_second, p.running_loss,
                 format_seconds(p.eta_seconds).c_str());
  }
  void on_epoch(const EpochRecord& r, int64_t epochs) override { print_epoch(r, epochs); }
  void message(const std::string& text) override { std::fprintf(stderr, "%s\n", text.c_str()); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

class QuietProgress final : public ProgressReporter {
 public:
  void on_batch(const BatchProgress&) override {}
  void on_epoch(const EpochRecord&, int64_t) override {}
  void message(const std::string&) override {}
};

}  // namespace

std::unique_ptr<ProgressReporter> make_progress(ProgressStyle style) {
  if (style == ProgressStyle::automatic) style = isatty(STDERR_FILENO) ? ProgressStyle::bar : ProgressStyle::lines;
  switch (style) {
    case ProgressStyle::bar: return std::make_unique<BarProgress>();
    case ProgressStyle::quiet: return std::make_unique<QuietProgress>();
    default: return std::make_unique<LineProgress>();
  }
}

}  // namespace nabla::train
