// `nabla lab trajectory`: the 2-D paths of several optimizers, each with its own hyper-parameters, over a
// function's contour lines, as SVG.
#include <cstdio>
#include <memory>

#include <nabla/optim/lab/trajectory.h>
#include <nabla/plot/contour_plot.h>
#include <nabla/plot/write_svg.h>

#include "commands.h"
#include "lab_flags.h"
#include "lab_optimizer_spec.h"

namespace nabla::cli {
namespace {

struct TrajectoryFlags {
  std::string function = "rosenbrock";
  std::vector<double> lambdas, x0;
  std::vector<std::string> optimizers;
  optim::OptimizerConfig config;
  int steps = 100;
  std::string svg;
};

// The legend's name of a path: its label, and for a path that diverged, the step where it did.
std::string legend_name(const optim::lab::Trajectory& t) {
  if (!t.run.diverged) return t.label;
  return t.label + " (diverged at step " + std::to_string(t.run.iterates.size() - 1) + ")";
}

plot::Path to_path(const optim::lab::Trajectory& t) {
  plot::Path path{.name = legend_name(t), .diverged = t.run.diverged};
  for (const std::vector<double>& p : t.run.iterates) {
    path.x.push_back(p[0]);
    path.y.push_back(p[1]);
  }
  return path;
}

void print_end(const optim::lab::Trajectory& t) {
  const std::vector<double>& last = t.run.iterates.back();
  if (t.run.diverged)
    std::printf("%-32s diverged at step %zu\n", t.label.c_str(), t.run.iterates.size() - 1);
  else
    std::printf("%-32s (%.6g, %.6g)  f = %.6g\n", t.label.c_str(), last[0], last[1], t.run.values.back());
}

}  // namespace

void add_lab_trajectory_command(CLI::App& lab) {
  auto flags = std::make_shared<TrajectoryFlags>();
  CLI::App* cmd = lab.add_subcommand("trajectory", "Paths of several optimizers over a 2-D function's contours (SVG)");
  cmd->add_option("--function", flags->function,
                  "rosenbrock, beale, quadric, saddle (x^2 - y^2), monkey_saddle (x^3 - 3xy^2) or plateau")
      ->capture_default_str();
  cmd->add_option("--lambdas", flags->lambdas, "L1,L2: the quadric's eigenvalues (default 1,10)")->delimiter(',');
  cmd->add_option("--optimizers", flags->optimizers,
                  "NAME[:KEY=VALUE…],…: each optimizer with its own settings, e.g. "
                  "'sgd:lr=5e-3,sgd:lr=1e-3,momentum:lr=1e-3:momentum=0.9' (default: a comparison that suits "
                  "the function)")
      ->delimiter(',');
  add_optimizer_flags(cmd, flags->config);
  cmd->add_option("--x0", flags->x0, "A,B: the start (default: the function's customary start)")->delimiter(',');
  cmd->add_option("--steps", flags->steps, "step() calls per optimizer")->capture_default_str();
  cmd->add_option("--svg", flags->svg, "the SVG file to write")->required();
  cmd->callback([flags] {
    const optim::lab::Objective f(flags->function, flags->lambdas);
    const std::vector<double> x0 = flags->x0.empty() ? f.default_start() : flags->x0;
    const std::vector<std::string> items =
        flags->optimizers.empty() ? default_optimizer_specs(f.name()) : flags->optimizers;
    const auto specs = parse_optimizer_specs(items, flags->config);
    const auto runs = optim::lab::trajectories(f, x0, specs, flags->steps);
    std::vector<plot::Path> paths;
    for (const optim::lab::Trajectory& t : runs) {
      paths.push_back(to_path(t));
      print_end(t);
    }
    const optim::lab::Window w = optim::lab::view_window(f, x0, runs);
    const std::string svg = plot::contour_plot_svg([&f](double x, double y) { return f.value(std::vector<double>{x, y}); },
                                                   {w.x_lo, w.x_hi}, {w.y_lo, w.y_hi}, paths,
                                                   {.title = f.name() + ", " + std::to_string(flags->steps) + " steps",
                                                    .x_label = "w1", .y_label = "w2"});
    plot::write_svg(flags->svg, svg);
    std::printf("wrote %s\n", flags->svg.c_str());
  });
}

}  // namespace nabla::cli
