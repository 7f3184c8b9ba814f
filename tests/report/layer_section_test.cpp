// The report's section on layers and sharpness: its tables and chart from a history, nothing for a
// history of an earlier version, and the reports of a real run folder and of one stripped of them.
#include <gtest/gtest.h>

#include <nabla/io/atomic_file.h>
#include <nabla/report/layer_section.h>
#include <nabla/report/run_report.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::report {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

train::History measured() {
  train::History h{.layers = {{.name = "0", .parameters = 80}, {.name = "<2>", .parameters = 51}},
                   .relu_layers = {"1"},
                   .epochs = {}};
  for (int64_t e = 1; e <= 3; ++e)
    h.epochs.push_back({.epoch = e, .train_loss = 1.0 / static_cast<double>(e), .val_loss = 1.1 / static_cast<double>(e),
                        .lr = 0.1, .grad_norm = 1, .grad_norm_max = 2,
                        .layer_grad_norm = {0.5 / static_cast<double>(e), 0.25}, .layer_update_ratio = {1e-3, 2e-3},
                        .dead_relu = {0.125}});
  h.sharpness = train::Sharpness{.lambda_max = 12.5, .lr = 0.1, .stability_bound = 20, .samples = 256,
                                 .iterations = 9, .converged = true};
  return h;
}

TEST(LayerSection, SharpnessBesideItsBoundGradientsPerLayerAndDeadRelus) {
  const std::optional<ReportSection> s = layer_section(measured());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, "layers");
  EXPECT_TRUE(has(s->html, "<th>λ<sub>max</sub> of the training loss's Hessian</th><td class=\"num\">12.5</td>"))
      << s->html;
  EXPECT_TRUE(has(s->html, "<th>stability bound 2/lr</th><td class=\"num\">20</td>")) << s->html;
  EXPECT_TRUE(has(s->html, "lies below 2/lr")) << s->html;
  // One row per layer, its name escaped: epoch 1's and epoch 3's norms and the last update ratio.
  EXPECT_TRUE(has(s->html, "<td>&lt;2&gt;</td><td class=\"num\">51</td><td class=\"num\">0.25</td>")) << s->html;
  EXPECT_TRUE(has(s->html, "<td class=\"num\">0.5</td><td class=\"num\">0.1667</td><td class=\"num\">0.001</td>"))
      << s->html;
  EXPECT_TRUE(has(s->html, "<td>1</td><td class=\"num\">12.5 %</td>")) << s->html;
  ASSERT_EQ(s->plots.size(), 1u);
  EXPECT_EQ(s->plots[0].name, "layer_grad_norm");
  EXPECT_TRUE(has(s->plots[0].svg, "<svg")) << s->plots[0].svg;
  EXPECT_TRUE(has(s->plots[0].svg, "epoch 3"));
  const std::string html = report_html({.title = "t", .sections = {*s}});
  EXPECT_TRUE(has(html, "<section id=\"layers\">"));
  EXPECT_TRUE(has(html, "<figure id=\"plot-layer_grad_norm\">\n<svg "));
}

TEST(LayerSection, SkippedSharpnessSaysWhyAndAnEarlierHistoryHasNoSection) {
  train::History h = measured();
  h.sharpness = train::Sharpness{.skipped = "the model has no trainable parameters"};
  EXPECT_TRUE(has(layer_section(h)->html, "Not measured: the model has no trainable parameters"));
  train::History old;
  old.epochs.push_back({.epoch = 1, .train_loss = 1, .val_loss = 1, .lr = 0.1, .grad_norm = 1, .grad_norm_max = 2});
  EXPECT_FALSE(layer_section(old));
}

TEST(LayerSection, RunReportShowsItAndAnEarlierRunFolderStillRenders) {
  const auto dir = train::testing::fresh_dir("layer_section_run");
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-relu-linear(3)";
  c.epochs = 2;
  c.out = (dir / "run").string();
  const train::TrainResult r =
      train::run_training(c, {.progress = train::make_progress(train::ProgressStyle::quiet), .render_report = write_run_report});
  const std::string html = io::read_file(r.out / "report.html");
  EXPECT_TRUE(has(html, "<section id=\"layers\">"));
  EXPECT_TRUE(has(html, "stability bound 2/lr"));
  EXPECT_TRUE(has(html, "Dead ReLUs"));
  EXPECT_TRUE(std::filesystem::exists(r.out / "plots" / "layer_grad_norm.svg"));
  // The history.json of an earlier version: no per-layer lists, no sharpness.
  nlohmann::json history = nlohmann::json::parse(io::read_file(r.out / "history.json"));
  history.erase("layers");
  history.erase("relu_layers");
  history.erase("sharpness");
  for (auto& e : history["epochs"]) e.erase("layer_grad_norm"), e.erase("layer_update_ratio"), e.erase("dead_relu");
  io::write_file_atomic(r.out / "history.json", history.dump(2));
  std::filesystem::remove_all(r.out / "plots");
  write_run_report(r.out);
  const std::string old = io::read_file(r.out / "report.html");
  EXPECT_TRUE(has(old, "<section id=\"doctor\">"));
  EXPECT_TRUE(has(old, "<section id=\"curves\">"));
  EXPECT_FALSE(has(old, "<section id=\"layers\">"));
  EXPECT_FALSE(std::filesystem::exists(r.out / "plots" / "layer_grad_norm.svg"));
}

}  // namespace
}  // namespace nabla::report
