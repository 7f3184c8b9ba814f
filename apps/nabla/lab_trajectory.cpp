// `nabla lab trajectory`: the 2-D paths of several optimizers over a function's contour lines, as SVG.
#include <cstdio>
#include <memory>

#include <nabla/optim/lab/trajectory.h>
#include <nabla/plot/contour_plot.h>
#include <nabla/plot/write_svg.h>

#include "commands.h"
#include "lab_flags.h"

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

}  // namespace

void add_lab_trajectory_command(CLI::App& lab) {
  auto flags = std::make_shared<TrajectoryFlags>();
  CLI::App* cmd = lab.add_subcommand("trajectory", "Paths of several optimizers over a 2-D function's contours (SVG)");
  cmd->add_option("--function", flags->function, "quadric, rosenbrock or beale")->capture_default_str();
  cmd->add_option("--lambdas", flags->lambdas, "L1,L2: the quadric's eigenvalues (default 1,10)")->delimiter(',');
  cmd->add_option("--optimizers", flags->optimizers, "NAME,NAME,…: e.g. sgd,momentum,nesterov,adam")
      ->delimiter(',')
      ->required();
  add_optimizer_flags(cmd, flags->config);
  cmd->add_option("--x0", flags->x0, "A,B: the start (default: the function's customary start)")->delimiter(',');
  cmd->add_option("--steps", flags->steps, "step() calls per optimizer")->capture_default_str();
  cmd->add_option("--svg", flags->svg, "the SVG file to write")->required();
  cmd->callback([flags] {
    const optim::lab::Objective f(flags->function, flags->lambdas);
    const std::vector<double> x0 = flags->x0.empty() ? f.default_start() : flags->x0;
    const auto runs = optim::lab::trajectories(f, x0, flags->optimizers, flags->config, flags->steps);
    std::vector<plot::Path> paths;
    for (const optim::lab::Trajectory& t : runs) {
      plot::Path path{.name = t.optimizer};
      for (const std::vector<double>& p : t.run.iterates) {
        path.x.push_back(p[0]);
        path.y.push_back(p[1]);
      }
      paths.push_back(std::move(path));
      const std::vector<double>& last = t.run.iterates.back();
      std::printf("%-10s (%.6g, %.6g)  f = %.6g%s\n", t.optimizer.c_str(), last[0], last[1], t.run.values.back(),
                  t.run.diverged ? "  diverged" : "");
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
