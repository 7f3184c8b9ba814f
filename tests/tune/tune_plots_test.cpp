// The pictures of lr-find and search: the learning rate on a log axis labelled with real values, one
// suggestion with its reason, and trials coloured by a categorical hyper-parameter.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nabla/tune/lr_find_report.h>
#include <nabla/tune/search_report.h>

#include "../plot/xml_check.h"

namespace nabla::tune {
namespace {

using plot::testing::count;
using plot::testing::xml_error;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A sweep from 1e-5 to 1 whose loss falls fastest at 1e-3 and explodes at the end.
LrFindResult sweep_result() {
  LrFindResult r{.optimizer = "sgd", .parameters = 10};
  for (int i = 0; i <= 50; ++i) {
    const double lr = std::pow(10.0, -5 + 0.1 * i);
    r.sweep.lrs.push_back(lr);
    r.sweep.losses.push_back(2 - std::tanh(std::log10(lr) + 3) + (lr > 0.3 ? 10 * lr : 0));
    r.sweep.smoothed.push_back(r.sweep.losses.back());
  }
  r.sweep.exploded = true;
  r.sweep.min_loss_lr = 0.1;
  r.sweep.steepest_lr = r.sweep.suggested_lr = 1e-3;
  r.hessian.eigen.lambda_max = 40;
  r.hessian.stability_bound = 0.05;
  r.hessian.suggested_lr = 0.025;
  return r;
}

TEST(LrFindPlot, RealLearningRatesOnALogAxisAndOneSuggestionWithItsReason) {
  const std::string svg = lr_find_svg(sweep_result());
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_TRUE(has(svg, ">learning rate</text>")) << "not log10 of it";
  EXPECT_FALSE(has(svg, "log10"));
  for (const char* tick : {">1e-5</text>", ">0.001</text>", ">1</text>"}) EXPECT_TRUE(has(svg, tick)) << tick;
  EXPECT_FALSE(has(svg, ">-3</text>")) << "an exponent is no learning rate";
  EXPECT_TRUE(has(svg, "suggested lr 0.001: steepest descent of the smoothed loss"));
  EXPECT_TRUE(has(svg, "stability bound"));
  EXPECT_EQ(count(svg, "suggested lr"), 1u) << "one suggestion, not three";
  EXPECT_EQ(count(svg, "class=\"marker\""), 2u);

  LrFindResult flat = sweep_result();
  flat.sweep.steepest_lr = std::nan("");
  flat.sweep.suggested_lr = 0.01;
  EXPECT_TRUE(has(lr_find_svg(flat), "suggested lr 0.01: a tenth of the lr of the lowest smoothed loss"));
}

SearchSpace optimizer_and_lr() {
  return {.dimensions = {{.name = "lr", .path = {"optimizer", "lr"}, .distribution = Distribution::log_uniform,
                          .low = 1e-4, .high = 1e-1},
                         {.name = "model", .path = {"model"}, .values = {"mlp", "linear"}},
                         {.name = "optimizer", .path = {"optimizer", "name"}, .values = {"sgd", "adam"}}}};
}

SearchResult trials() {
  SearchResult r;
  const char* optimizers[] = {"sgd", "adam", "sgd", "adam", "sgd"};
  const char* models[] = {"mlp", "mlp", "linear", "linear", "mlp"};
  for (int k = 0; k < 5; ++k)
    r.trials.push_back({.trial = k + 1,
                        .params = {{"lr", std::pow(10.0, -4 + 0.7 * k)}, {"model", models[k]}, {"optimizer", optimizers[k]}},
                        .ok = true,
                        .best_val_loss = 0.5 + 0.1 * k});
  r.ranking = {0, 1, 2, 3, 4};
  return r;
}

TEST(SearchPlot, TrialsColouredByOptimizerOverRealLearningRates) {
  const std::string svg = search_plot_svg(trials(), optimizer_and_lr());
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_TRUE(has(svg, ">optimizer=sgd</text>"));
  EXPECT_TRUE(has(svg, ">optimizer=adam</text>"));
  EXPECT_FALSE(has(svg, "model=")) << "coloured by the optimizer, not by every other value";
  EXPECT_TRUE(has(svg, ">learning rate</text>"));
  EXPECT_TRUE(has(svg, ">0.001</text>"));
  EXPECT_TRUE(has(svg, ">winner (trial 1)</text>"));
  // sgd, adam and the winner: three groups, each in its own colour.
  EXPECT_EQ(count(svg, "class=\"series\""), 3u);
  EXPECT_TRUE(has(svg, "stroke=\"#1f77b4\" fill=\"#1f77b4\""));
  EXPECT_TRUE(has(svg, "stroke=\"#ff7f0e\" fill=\"#ff7f0e\""));

  const std::string by_model = search_plot_svg(trials(), optimizer_and_lr(), "model");
  EXPECT_TRUE(has(by_model, ">model=mlp</text>"));
  EXPECT_TRUE(has(by_model, ">model=linear</text>"));
  EXPECT_FALSE(has(by_model, "optimizer=sgd"));
  EXPECT_THROW((void)search_plot_svg(trials(), optimizer_and_lr(), "batch_size"), std::invalid_argument);

  // Without the optimizer searched, the first categorical one colours the trials.
  SearchSpace no_optimizer = optimizer_and_lr();
  no_optimizer.dimensions.pop_back();
  EXPECT_TRUE(has(search_plot_svg(trials(), no_optimizer), ">model=mlp</text>"));
}

}  // namespace
}  // namespace nabla::tune
