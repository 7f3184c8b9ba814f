// `nabla lab rate`: the lecture's rate figures on ½w'diag(λ)w: gradient descent's rate over the step size
// with the measured rates of real runs, or heavy ball's rate over the (α, β) plane as a heat map.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/optim/lab/rate_curve.h>
#include <nabla/plot/contour_plot.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/svg_writer.h>
#include <nabla/plot/write_svg.h>

#include "commands.h"

namespace nabla::cli {
namespace {

namespace lab = optim::lab;
using plot::format_significant;

struct RateFlags {
  std::vector<double> lambdas;
  std::string optimizer = "sgd";
  int steps = 2000;
  std::string svg;
};

std::string lambda_list(const std::vector<double>& lambdas) {
  std::string out;
  for (double l : lambdas) out += (out.empty() ? "" : ", ") + format_significant(l, 4);
  return out;
}

std::string gradient_descent_figure(const std::vector<double>& lambdas, const lab::GradientDescentRateCurve& c) {
  const double lo = *std::min_element(lambdas.begin(), lambdas.end());
  const double hi = *std::max_element(lambdas.begin(), lambdas.end());
  plot::Series measured{.name = "measured: real SGD runs", .colour = "#000000", .dots = true};
  for (const lab::MeasuredRate& m : c.measured) measured.x.push_back(m.lr), measured.y.push_back(m.measured);
  const std::vector<plot::Series> series = {
      {.name = "rate = max |1 − αλᵢ|", .x = c.lrs, .y = c.rates, .colour = "#1f77b4"},
      {.name = "|1 − αλ₁|, λ₁ = " + format_significant(lo, 4), .x = c.lrs, .y = c.smallest_lambda_rates,
       .colour = "#9edae5", .dashed = true},
      {.name = "|1 − αλₙ|, λₙ = " + format_significant(hi, 4), .x = c.lrs, .y = c.largest_lambda_rates,
       .colour = "#ffbb78", .dashed = true},
      {.name = "rate 1: no convergence above", .x = {c.lrs.front(), c.lrs.back()}, .y = {1, 1}, .colour = "#999999",
       .dashed = true},
      measured};
  const std::vector<plot::Marker> markers = {
      {.name = "α* = 2/(λ₁ + λₙ) = " + format_significant(c.optimum.lr, 4) + ", rate (κ − 1)/(κ + 1) = " +
                   format_significant(c.optimum.rate, 4),
       .x = c.optimum.lr, .colour = "#2ca02c"},
      {.name = "2/λₙ = " + format_significant(c.stability_bound, 4) + ": diverges beyond", .x = c.stability_bound,
       .colour = "#d62728"}};
  return plot::line_chart_svg(series, {.title = "Gradient descent on λ = " + lambda_list(lambdas) + ": rate over α",
                                       .x_label = "learning rate α", .y_label = "rate per step",
                                       .legend_outside = true, .markers = markers, .width = 900, .height = 440});
}

std::string heavy_ball_figure(const std::vector<double>& lambdas, const lab::RateSettings& best,
                              const lab::RateSettings& gradient_descent) {
  const std::vector<plot::Path> points = {
      {.name = "α* = " + format_significant(best.lr, 4) + ", β* = " + format_significant(best.momentum, 4) +
                   ": rate (√κ − 1)/(√κ + 1) = " + format_significant(best.rate, 4),
       .x = {best.lr}, .y = {best.momentum}, .colour = "#d62728"},
      {.name = "gradient descent at its α*, β = 0: rate " + format_significant(gradient_descent.rate, 4),
       .x = {gradient_descent.lr}, .y = {0}, .colour = "#ff7f0e"}};
  return plot::contour_plot_svg(
      [&](double lr, double momentum) { return lab::heavy_ball_rate(lambdas, lr, momentum); },
      {0, lab::heavy_ball_lr_limit(lambdas)}, {0, 1}, points,
      {.title = "Heavy ball on λ = " + lambda_list(lambdas) + ": rate over (α, β), grey: no convergence",
       .x_label = "learning rate α", .y_label = "momentum β",
       .levels = {0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1},
       .fill = plot::Range{0, 1}, .fill_label = "rate per step", .width = 760, .height = 560});
}

void run_gradient_descent(const RateFlags& f) {
  const lab::GradientDescentRateCurve c = lab::gradient_descent_rate_curve(f.lambdas, 401, f.steps);
  std::printf("condition number %.6g\n", lab::condition_number(f.lambdas));
  std::printf("alpha* = 2/(l1 + ln) = %.6g, rate (k - 1)/(k + 1) = %.6g; diverges above 2/ln = %.6g\n",
              c.optimum.lr, c.optimum.rate, c.stability_bound);
  std::printf("%-12s %-12s %s\n", "lr", "theory", "measured");
  for (const lab::MeasuredRate& m : c.measured) std::printf("%-12.6g %-12.6g %.6g\n", m.lr, m.theory, m.measured);
  if (!f.svg.empty()) plot::write_svg(f.svg, gradient_descent_figure(f.lambdas, c));
}

void run_heavy_ball(const RateFlags& f) {
  const lab::RateSettings best = lab::heavy_ball_optimum(f.lambdas);
  const std::vector<lab::MeasuredRate> at_best = lab::measure_rates(f.lambdas, "momentum", std::vector<lab::RateSettings>{best}, f.steps);
  std::printf("condition number %.6g\n", lab::condition_number(f.lambdas));
  std::printf("alpha* = %.6g, beta* = %.6g: rate (sqrt(k) - 1)/(sqrt(k) + 1) = %.6g\n", best.lr, best.momentum,
              best.rate);
  std::printf("spectral radius there %.6g, measured on a real run %.6g\n", at_best[0].theory, at_best[0].measured);
  if (!f.svg.empty()) plot::write_svg(f.svg, heavy_ball_figure(f.lambdas, best, lab::gradient_descent_optimum(f.lambdas)));
}

}  // namespace

void add_lab_rate_command(CLI::App& lab) {
  auto flags = std::make_shared<RateFlags>();
  CLI::App* cmd = lab.add_subcommand("rate", "Convergence rate over the step size (sgd) or over (alpha, beta) "
                                             "(momentum) on 1/2 w'diag(lambda)w, as SVG");
  cmd->add_option("--lambdas", flags->lambdas, "L1,…,Ln: the eigenvalues (all > 0)")->delimiter(',')->required();
  cmd->add_option("--optimizer", flags->optimizer, "sgd (rate over alpha) or momentum (rate over alpha and beta)")
      ->capture_default_str()
      ->check(CLI::IsMember({"sgd", "momentum"}));
  cmd->add_option("--steps", flags->steps, "steps of each measured run (at most)")
      ->capture_default_str()
      ->check(CLI::Range(10, 100'000));
  cmd->add_option("--svg", flags->svg, "the SVG file to write");
  cmd->callback([flags] {
    for (double l : flags->lambdas)
      if (!(std::isfinite(l) && l > 0))
        throw std::invalid_argument("--lambdas: every eigenvalue must be a finite number > 0, not " +
                                    format_significant(l, 6));
    if (flags->optimizer == "sgd")
      run_gradient_descent(*flags);
    else
      run_heavy_ball(*flags);
    if (!flags->svg.empty()) std::printf("wrote %s\n", flags->svg.c_str());
  });
}

}  // namespace nabla::cli
