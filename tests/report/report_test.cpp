// The report: the page's structure (sections, inline SVG, nothing fetched, escaped names), its charts,
// and the reports of real run, eval and diverged folders.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include <nabla/io/atomic_file.h>
#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/report/environment.h>
#include <nabla/report/report.h>
#include <nabla/report/report_plots.h>
#include <nabla/report/report_sections.h>
#include <nabla/report/run_report.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::report {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Nothing a browser would fetch: no URL with a scheme anywhere, no external style sheet, script or image.
void expect_self_contained(const std::string& html) {
  EXPECT_FALSE(has(html, "http://"));
  EXPECT_FALSE(has(html, "https://"));
  EXPECT_FALSE(has(html, "<script"));
  EXPECT_FALSE(has(html, "<link"));
  EXPECT_FALSE(has(html, "@import"));
  // url() only for fragments of the page itself, such as the colour bar's gradient.
  for (std::size_t at = 0; (at = html.find("url(", at)) != std::string::npos; ++at)
    EXPECT_EQ(html.compare(at, 5, "url(#"), 0) << html.substr(at, 40);
  EXPECT_FALSE(has(html, "src="));
}

train::History three_epochs() {
  train::History h;
  for (int64_t e = 1; e <= 3; ++e)
    h.epochs.push_back({.epoch = e, .train_loss = 1.0 / static_cast<double>(e), .train_accuracy = 0.5 + 0.1 * static_cast<double>(e),
                        .val_loss = 1.2 / static_cast<double>(e), .val_accuracy = 0.45 + 0.1 * static_cast<double>(e), .lr = 0.1,
                        .grad_norm = 1.0, .grad_norm_max = 2.0});
  return h;
}

// {"loss", "accuracy", "samples", "report"} for 3 classes over 6 samples.
nlohmann::json three_class_evaluation() {
  metrics::ScoreFile scores;
  scores.labels = {0, 1, 2, 0, 1, 2};
  scores.scores = {0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.3, 0.6, 0.5, 0.4, 0.1, 0.3, 0.3, 0.4, 0.2, 0.2, 0.6};
  scores.num_columns = 3;
  return {{"loss", 0.61}, {"accuracy", 0.8333}, {"samples", 6},
          {"report", metrics::score_report_json(metrics::score_report(scores))}};
}

TEST(Report, PageHasEverySectionWithItsChartsInline) {
  const Report report{.title = "run <1>",
                      .subtitle = "a & b",
                      .sections = {learning_curves_section(three_epochs()),
                                   {.id = "notes", .title = "Notes", .html = "<p>hello</p>"}}};
  const std::string html = report_html(report);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_TRUE(has(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(has(html, "<style>"));
  EXPECT_TRUE(has(html, "<title>run &lt;1&gt;</title>"));
  EXPECT_TRUE(has(html, "<p>a &amp; b</p>"));
  EXPECT_TRUE(has(html, "<section id=\"curves\">"));
  EXPECT_TRUE(has(html, "<a href=\"#notes\">Notes</a>"));
  for (const char* plot : {"loss", "accuracy", "lr", "grad_norm"})
    EXPECT_TRUE(has(html, std::string("<figure id=\"plot-") + plot + "\">\n<svg ")) << plot;
  EXPECT_FALSE(has(html, "<?xml"));
  EXPECT_EQ(std::count(html.begin(), html.end(), '\n') > 10, true);
  // Each opened element of these kinds is closed.
  for (const char* tag : {"section", "figure", "svg", "table", "div"}) {
    const std::string open = std::string("<") + tag + " ", open_bare = std::string("<") + tag + ">";
    std::size_t opens = 0, closes = 0;
    for (std::size_t at = 0; (at = html.find(open, at)) != std::string::npos; ++at) ++opens;
    for (std::size_t at = 0; (at = html.find(open_bare, at)) != std::string::npos; ++at) ++opens;
    for (std::size_t at = 0; (at = html.find(std::string("</") + tag + ">", at)) != std::string::npos; ++at) ++closes;
    EXPECT_EQ(opens, closes) << tag;
  }
  expect_self_contained(html);
}

TEST(Report, RejectsBadAndDuplicatePlotNames) {
  EXPECT_THROW((void)report_html({.sections = {{.id = "a", .plots = {{.name = "../x", .svg = "<svg/>"}}}}}),
               std::invalid_argument);
  EXPECT_THROW((void)report_html({.sections = {{.id = "a", .plots = {{.name = "x", .svg = ""}}},
                                               {.id = "b", .plots = {{.name = "x", .svg = ""}}}}}),
               std::invalid_argument);
  EXPECT_THROW((void)report_html({.sections = {{.id = "a b"}}}), std::invalid_argument);
}

TEST(Report, EvaluationSectionEscapesClassNamesEverywhere) {
  const std::vector<std::string> names = {"a<b", "c&d", "plain"};
  const ReportSection s = evaluation_section("test", three_class_evaluation(), names);
  EXPECT_EQ(s.id, "test");
  EXPECT_EQ(s.title, "Test set");
  ASSERT_EQ(s.plots.size(), 4u);
  EXPECT_EQ(s.plots[0].name, "pr_curves");
  EXPECT_EQ(s.plots[1].name, "pr_curves_smoothed");
  EXPECT_EQ(s.plots[2].name, "roc_curves");
  EXPECT_EQ(s.plots[3].name, "confusion_matrix");
  const std::string html = report_html({.title = "t", .sections = {s}});
  EXPECT_TRUE(has(html, "a&lt;b"));
  EXPECT_TRUE(has(html, "c&amp;d"));
  EXPECT_FALSE(has(html, "a<b"));
  EXPECT_FALSE(has(html, "c&d"));
  EXPECT_TRUE(has(html, "AP "));         // average precision in the PR legend
  EXPECT_TRUE(has(html, "<td>plain</td>"));  // the per-class table
  expect_self_contained(html);
}

TEST(Report, BinaryEvaluationShowsThePositiveClass) {
  metrics::ScoreFile scores;
  scores.labels = {0, 1, 1, 0};
  scores.scores = {0.2, 0.9, 0.4, 0.6};
  scores.num_columns = 1;
  const nlohmann::json e = {{"loss", 0.5}, {"accuracy", 0.5}, {"samples", 4},
                            {"report", metrics::score_report_json(metrics::score_report(scores))}};
  const ReportSection s = evaluation_section("validation", e, {"cat", "dog"});
  EXPECT_TRUE(has(s.html, "<td>dog</td>"));
  EXPECT_TRUE(has(s.plots[0].svg, "dog  AP"));
  EXPECT_TRUE(has(s.html, "AP (positive class dog)"));
  EXPECT_TRUE(has(s.html, "F1 (positive class dog)"));
  EXPECT_TRUE(has(s.html, "support of dog"));
  EXPECT_TRUE(has(s.html, "<td class=\"num\">2</td></tr>")) << "two of the four labels are dogs";
  EXPECT_FALSE(has(s.html, "mAP"));
  EXPECT_FALSE(has(s.html, "macro F1"));
}

TEST(Report, ThinCurveKeepsEndsAndVisibleSteps) {
  const std::vector<double> x = {1.0, 0.9999, 0.9998, 0.5, 0.4999, 0.0};
  const std::vector<double> y = {0.5, 0.5, 0.5, 0.8, 0.8, 1.0};
  const ThinCurve t = thin_curve(x, y, 1e-3);
  EXPECT_EQ(t.x, (std::vector<double>{1.0, 0.5, 0.0}));
  EXPECT_EQ(t.y, (std::vector<double>{0.5, 0.8, 1.0}));
}

TEST(Report, LearningCurvesTakeADivergedEpochAndHugeRanges) {
  train::History h = three_epochs();
  h.epochs.push_back({.epoch = 4, .train_loss = std::numeric_limits<double>::quiet_NaN(), .grad_norm = 5e4,
                      .grad_norm_max = 1e6});
  const auto plots = learning_curve_plots(h);
  ASSERT_EQ(plots.size(), 4u);
  EXPECT_TRUE(has(plots[3].svg, "1e6") || has(plots[3].svg, "1e+06")) << "the gradient norm axis is logarithmic";
  for (const ReportPlot& p : plots) {
    EXPECT_TRUE(has(p.svg, "class=\"marker\"")) << p.name;
    EXPECT_TRUE(has(p.svg, ">loss non-finite at epoch 4</text>")) << p.name;
    EXPECT_FALSE(has(p.svg, ">1.5</text>") || has(p.svg, ">2.5</text>")) << p.name << ": epochs are whole";
  }
  EXPECT_TRUE(has(plots[0].svg, "<path d=")) << "the finite epochs are drawn";
}

TEST(Report, LearningCurvesOfARunThatDivergedAtOnceSayWhyTheyAreEmpty) {
  train::History h;
  h.epochs.push_back({.epoch = 1, .train_loss = std::numeric_limits<double>::infinity(),
                      .train_accuracy = std::nan(""), .val_loss = std::nan(""), .val_accuracy = std::nan("")});
  const auto plots = learning_curve_plots(h);
  EXPECT_TRUE(has(plots[0].svg, "no finite values: the loss was non-finite from epoch 1"));
  EXPECT_TRUE(has(plots[1].svg, "no finite values"));
  EXPECT_FALSE(has(learning_curve_plots(three_epochs())[0].svg, "class=\"marker\""));
}

TEST(Report, CpuModelFromCpuinfo) {
  const auto dir = train::testing::fresh_dir("report_cpuinfo");
  std::ofstream(dir / "cpuinfo") << "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Test CPU @ 3.0GHz\n";
  EXPECT_EQ(cpu_model(dir / "cpuinfo"), "Test CPU @ 3.0GHz");
  EXPECT_EQ(cpu_model(dir / "missing"), "unknown");
  const Environment e = current_environment(3);
  EXPECT_EQ(e.threads, 3);
  EXPECT_EQ(e.nabla_version, "0.1.0");
  EXPECT_EQ(environment_from_json(to_json(e)).date, e.date);
}

train::TrainConfig blobs_run(const std::filesystem::path& dir, const std::filesystem::path& csv) {
  train::TrainConfig c;
  c.data = csv.string();
  c.model = "linear(16)-relu-linear(3)";
  c.optimizer.name = "adam";
  c.optimizer.lr = 0.01;
  c.batch_size = 32;
  c.epochs = 3;
  c.out = (dir / "run").string();
  return c;
}

// A quiet run that renders its report, as `nabla train` does.
train::TrainOptions quiet() {
  return {.progress = train::make_progress(train::ProgressStyle::quiet), .render_report = write_run_report};
}

TEST(RunReport, TrainingAndEvalFoldersGetTheirReports) {
  const auto dir = train::testing::fresh_dir("report_run");
  const train::TrainResult r = train::run_training(blobs_run(dir, train::testing::write_blobs_csv(dir)), quiet());
  const std::string html = io::read_file(r.out / "report.html");
  for (const char* id : {"doctor", "curves", "test", "config", "environment"})
    EXPECT_TRUE(has(html, std::string("<section id=\"") + id + "\">")) << id;
  for (const char* plot : {"loss", "accuracy", "lr", "grad_norm", "pr_curves", "pr_curves_smoothed", "roc_curves",
                           "confusion_matrix"})
    EXPECT_TRUE(std::filesystem::exists(r.out / "plots" / (std::string(plot) + ".svg"))) << plot;
  EXPECT_TRUE(has(html, "<div class=\"finding "));
  EXPECT_TRUE(has(html, "linear(16)-relu-linear(3)"));
  const std::string config = html.substr(html.find("<section id=\"config\">"));
  EXPECT_TRUE(has(config, "optimizer.beta1")) << "adam's fields are listed";
  EXPECT_FALSE(has(config, "optimizer.momentum")) << "fields the run did not use are not";
  EXPECT_TRUE(has(html, cpu_model()));
  EXPECT_TRUE(std::filesystem::exists(r.out / "environment.json"));
  expect_self_contained(html);

  // Regenerating keeps the recorded environment.
  const nlohmann::json env = nlohmann::json::parse(io::read_file(r.out / "environment.json"));
  io::write_file_atomic(r.out / "environment.json", nlohmann::json{{"nabla_version", "0.0.9"}, {"threads", 7},
                                                                   {"cpu_model", "Recorded CPU"}, {"date", "then"}}.dump());
  write_run_report(r.out);
  EXPECT_TRUE(has(io::read_file(r.out / "report.html"), "Recorded CPU"));
  io::write_file_atomic(r.out / "environment.json", env.dump());

  write_run_report(train::evaluate_saved_run(r.out, std::nullopt, std::nullopt).metrics_file.parent_path());
  const std::string eval_html = io::read_file(r.out / "eval" / "report.html");
  EXPECT_LT(eval_html.find("<section id=\"test\">"), eval_html.find("<section id=\"doctor\">"));
  EXPECT_TRUE(has(eval_html, "Doctor (training run)"));
  EXPECT_TRUE(std::filesystem::exists(r.out / "eval" / "plots" / "confusion_matrix.svg"));
  expect_self_contained(eval_html);
}

TEST(RunReport, DivergedRunShowsTheDoctorAndNoEvaluation) {
  const auto dir = train::testing::fresh_dir("report_diverged");
  train::TrainConfig c = blobs_run(dir, train::testing::write_blobs_csv(dir));
  c.optimizer.name = "sgd";
  c.optimizer.lr = 1e10;
  EXPECT_THROW((void)train::run_training(c, quiet()), std::runtime_error);
  const std::string html = io::read_file(std::filesystem::path(c.out) / "report.html");
  EXPECT_TRUE(has(html, "divergence"));
  EXPECT_TRUE(has(html, "No metrics.json"));
}

TEST(RunReport, ClassNamesFromTheDataAreEscaped) {
  const auto dir = train::testing::fresh_dir("report_names");
  std::ofstream csv(dir / "names.csv");
  csv << "x0,x1,label\n";
  Generator gen(3);
  for (int i = 0; i < 60; ++i) {
    const int c = i % 2;
    csv << 2.0 * c + 0.5 * gen.normal() << "," << 0.5 * gen.normal() << "," << (c ? "c&d" : "a<b") << "\n";
  }
  csv.close();
  train::TrainConfig config = blobs_run(dir, dir / "names.csv");
  config.model = "linear(2)";
  const train::TrainResult r = train::run_training(config, quiet());
  const std::string html = io::read_file(r.out / "report.html");
  EXPECT_TRUE(has(html, "a&lt;b"));
  EXPECT_TRUE(has(html, "c&amp;d"));
  EXPECT_FALSE(has(html, "a<b"));
  EXPECT_FALSE(has(html, "c&d"));
}

TEST(RunReport, FolderOfNeitherKindIsAnError) {
  const auto dir = train::testing::fresh_dir("report_nothing");
  try {
    (void)run_report(dir);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(has(e.what(), dir.string())) << e.what();
  }
}

}  // namespace
}  // namespace nabla::report
