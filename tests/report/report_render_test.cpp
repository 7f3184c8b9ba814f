// A run's report.html and the metrics page as a browser draws them: headless Chromium takes a
// screenshot, and the PNG must show a page (many non-white pixels, many colours, the charts' series
// colour), not a blank or broken one.
#include <gtest/gtest.h>

#include <png.h>

#include <cstdlib>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include <nabla/io/atomic_file.h>
#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/report/metrics_page.h>
#include <nabla/report/run_report.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::report {
namespace {

struct Image {
  png_uint_32 width = 0, height = 0;
  std::vector<uint8_t> rgba;  // (height, width, 4)
};

// Decodes any PNG into 8-bit RGBA through libpng's simplified API.
Image read_png(const std::filesystem::path& path) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path.c_str()))
    throw std::runtime_error(path.string() + ": " + png.message);
  png.format = PNG_FORMAT_RGBA;
  Image out{.width = png.width, .height = png.height, .rgba = std::vector<uint8_t>(PNG_IMAGE_SIZE(png))};
  if (!png_image_finish_read(&png, nullptr, out.rgba.data(), 0, nullptr))
    throw std::runtime_error(path.string() + ": " + png.message);
  return out;
}

std::string chromium_path() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (std::filesystem::exists(candidate)) return candidate;
  return {};
}

// Headless Chromium's 1200 x 2000 screenshot of the page at html.
Image screenshot(const std::filesystem::path& html, const std::filesystem::path& dir) {
  const std::string chromium = chromium_path();
  if (chromium.empty()) throw std::runtime_error("chromium is not installed; run scripts/setup.sh, which installs it for this test");
  const auto shot = dir / "report.png";
  const std::string command =
      "timeout 120 " + chromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --user-data-dir=" + (dir / "profile").string() +
      " --screenshot=" + shot.string() + " --window-size=1200,2000 file://" +
      std::filesystem::absolute(html).string() + " > " + (dir / "chromium.log").string() + " 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0 || !std::filesystem::exists(shot))
    throw std::runtime_error(command + "\n" + io::read_file(dir / "chromium.log"));
  return read_png(shot);
}

// A page, not a blank or broken one: many non-white pixels, many colours, and `min_blue` pixels at least
// of the charts' first series colour.
void expect_drawn_page(const Image& image, std::size_t min_blue) {
  ASSERT_EQ(image.width, 1200u);
  ASSERT_EQ(image.height, 2000u);
  std::size_t non_white = 0, series_blue = 0;
  std::unordered_set<uint32_t> colours;
  for (std::size_t i = 0; i < image.rgba.size(); i += 4) {
    const int red = image.rgba[i], green = image.rgba[i + 1], blue = image.rgba[i + 2];
    colours.insert(static_cast<uint32_t>(red << 16 | green << 8 | blue));
    if (red < 245 || green < 245 || blue < 245) ++non_white;
    // The first series colour of the charts, #1f77b4, within the rounding of the renderer (±12).
    if (std::abs(red - 0x1f) <= 12 && std::abs(green - 0x77) <= 12 && std::abs(blue - 0xb4) <= 12) ++series_blue;
  }
  const double pixels = static_cast<double>(image.width) * image.height;
  // The header band, the grey page around the sections and the charts cover well over a tenth of it.
  EXPECT_GT(static_cast<double>(non_white) / pixels, 0.10) << non_white << " non-white pixels";
  // Antialiased text and lines in several colours give hundreds of distinct colours; a blank or
  // error page has a handful.
  EXPECT_GT(colours.size(), 300u);
  EXPECT_GT(series_blue, min_blue);
}

TEST(ReportRender, ChromiumDrawsTheReport) {
  const auto dir = train::testing::fresh_dir("report_render");
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-relu-linear(3)";
  c.optimizer.name = "adam";
  c.optimizer.lr = 0.01;
  c.epochs = 4;
  c.out = (dir / "run").string();
  const train::TrainResult r = train::run_training(
      c, {.progress = train::make_progress(train::ProgressStyle::quiet), .render_report = write_run_report});
  // The training curves are drawn: a few hundred pixels of their colour at least.
  expect_drawn_page(screenshot(r.out / "report.html", dir), 300);
}

// The page of `nabla metrics --plot`: its PR curves (raw and smoothed) and ROC curve, all in the first
// series colour, are drawn on the first screen.
TEST(ReportRender, ChromiumDrawsTheMetricsPage) {
  const auto dir = train::testing::fresh_dir("metrics_render");
  metrics::ScoreFile scores;
  for (int i = 0; i < 200; ++i) {
    scores.labels.push_back(i % 2);
    scores.scores.push_back(0.5 * (i % 2) + 0.5 * ((i * 37) % 100) / 100.0);
  }
  write_report(dir / "page", metrics_page(metrics::score_report_json(metrics::score_report(scores)), "scores.csv"));
  expect_drawn_page(screenshot(dir / "page" / "report.html", dir), 300);  // 679 measured
}

}  // namespace
}  // namespace nabla::report
