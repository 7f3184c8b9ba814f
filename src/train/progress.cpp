// Terminal bar and plain-line progress reporters, the bar's lines cut to the terminal's width.
#include <nabla/train/progress.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

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

template <typename... Args>
std::string format(const char* pattern, Args... args) {
  char buf[160];
  std::snprintf(buf, sizeof buf, pattern, args...);
  return buf;
}

// A piece of a progress line; the lower its rank, the sooner it goes when the line is too wide.
struct Part {
  std::string text;
  int rank;
};

// The parts joined by two spaces, in their order, without the lowest-ranked ones until the line has at
// most `columns` characters (the first part, cut, when even it alone is too wide).
std::string fit(std::vector<Part> parts, std::size_t columns) {
  const auto width = [&] {
    std::size_t w = 0;
    for (const Part& p : parts) w += p.text.size() + (w ? 2 : 0);
    return w;
  };
  while (parts.size() > 1 && width() > columns)
    parts.erase(std::min_element(parts.begin() + 1, parts.end(),
                                 [](const Part& a, const Part& b) { return a.rank < b.rank; }));
  std::string line;
  for (const Part& p : parts) line += (line.empty() ? "" : "  ") + p.text;
  return line.substr(0, columns);
}

std::vector<Part> epoch_parts(const EpochRecord& r, int64_t epochs) {
  return {{format("epoch %lld/%lld", static_cast<long long>(r.epoch), static_cast<long long>(epochs)), 9},
          {format("train loss %.4f acc %.4f", r.train_loss, r.train_accuracy), 7},
          {format("val loss %.4f acc %.4f", r.val_loss, r.val_accuracy), 8},
          {format("lr %.3g", r.lr), 4},
          {format("|g| %.3g", r.grad_norm), 3},
          {format("%.1fs", r.seconds), 5}};
}

std::string join(const std::vector<Part>& parts) { return fit(parts, std::string::npos); }

// A live bar on a terminal: each batch rewrites the line after a carriage return.
class BarProgress final : public ProgressReporter {
 public:
  explicit BarProgress(const ProgressOutput& out) : out_(out) {}
  void on_batch(const BatchProgress& p) override {
    std::vector<Part> parts{
        {format("epoch %lld/%lld", static_cast<long long>(p.epoch), static_cast<long long>(p.epochs)), 9},
        {format("%lld/%lld", static_cast<long long>(p.batch), static_cast<long long>(p.batches)), 6},
        {format("%.0f samples/s", p.samples_per_second), 3},
        {format("loss %.4f", p.running_loss), 8},
        {"ETA " + format_seconds(p.eta_seconds), 5}};
    // The bar takes what is left, up to 30 columns, and goes when fewer than 10 are left.
    const std::size_t room = columns() - std::min(columns(), join(parts).size() + 4);
    if (room >= 10) {
      const std::size_t bar = std::min<std::size_t>(room, 30);
      const auto filled = static_cast<std::size_t>(bar * p.batch / std::max<int64_t>(p.batches, 1));
      parts.insert(parts.begin() + 1, {"[" + std::string(filled, '#') + std::string(bar - filled, '.') + "]", 9});
    }
    std::fprintf(out_.file, "\r\033[K%s", fit(parts, columns()).c_str());
    std::fflush(out_.file);
  }
  void on_epoch(const EpochRecord& r, int64_t epochs) override {
    std::fprintf(out_.file, "\r\033[K%s\n", fit(epoch_parts(r, epochs), columns()).c_str());
  }
  void message(const std::string& text) override { std::fprintf(out_.file, "\r\033[K%s\n", text.c_str()); }

 private:
  // One column fewer than the terminal's: a line that fills the last column wraps on some terminals.
  std::size_t columns() const { return static_cast<std::size_t>(std::max(out_.columns - 1, 1)); }
  ProgressOutput out_;
};

// Logs and pipes: one whole line per epoch, no carriage returns.
class LineProgress final : public ProgressReporter {
 public:
  explicit LineProgress(const ProgressOutput& out) : out_(out) {}
  void on_batch(const BatchProgress&) override {}
  void on_epoch(const EpochRecord& r, int64_t epochs) override {
    std::fprintf(out_.file, "%s\n", join(epoch_parts(r, epochs)).c_str());
    std::fflush(out_.file);
  }
  void message(const std::string& text) override { std::fprintf(out_.file, "%s\n", text.c_str()); }

 private:
  ProgressOutput out_;
};

class QuietProgress final : public ProgressReporter {
 public:
  void on_batch(const BatchProgress&) override {}
  void on_epoch(const EpochRecord&, int64_t) override {}
  void message(const std::string&) override {}
};

}  // namespace

ProgressOutput stderr_output() {
  ProgressOutput out{.file = stderr, .terminal = isatty(STDERR_FILENO) == 1, .columns = 80};
  winsize size{};
  if (const char* columns = std::getenv("COLUMNS"); columns && std::atoi(columns) > 0)
    out.columns = std::atoi(columns);
  else if (out.terminal && ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    out.columns = size.ws_col;
  return out;
}

std::unique_ptr<ProgressReporter> make_progress(ProgressStyle style, const ProgressOutput& output) {
  if (style == ProgressStyle::automatic) style = output.terminal ? ProgressStyle::bar : ProgressStyle::lines;
  switch (style) {
    case ProgressStyle::bar: return std::make_unique<BarProgress>(output);
    case ProgressStyle::quiet: return std::make_unique<QuietProgress>();
    default: return std::make_unique<LineProgress>(output);
  }
}

std::unique_ptr<ProgressReporter> make_progress(ProgressStyle style) { return make_progress(style, stderr_output()); }

}  // namespace nabla::train
