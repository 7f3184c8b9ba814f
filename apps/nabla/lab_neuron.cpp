// `nabla lab neuron`: the lecture's neuron, its forward values, local gradients, ∂L/∂w and one step.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include <nabla/autograd/neuron_graph.h>

#include "boolean_flag.h"
#include "commands.h"

namespace nabla::cli {
namespace {

struct NeuronArgs {
  std::vector<double> weights, input;
  double label = 0, lr = 1;
  bool json = false;
};

nlohmann::json to_json(const NeuronTrace& t, const NeuronProblem& pr) {
  nlohmann::json j;
  j["forward"] = {{"z", t.z}, {"q", t.q}};
  if (!pr.label) {
    j["output"] = {{"probability", t.score_probability}, {"label", t.predicted_label}};
    return j;
  }
  j["forward"].update({{"v", t.v}, {"p", t.p}, {"loss", t.loss}});
  j["local_gradients"] = {{"dL_dp", t.local.dL_dp}, {"dp_dv", t.local.dp_dv}, {"dv_dq", t.local.dv_dq},
                          {"dq_dz", t.local.dq_dz}, {"dz_dw", t.local.dz_dw}};
  j["gradient"] = {{"weights", t.grad_weights}};
  j["updated_weights"] = t.updated_weights;
  if (t.grad_bias) {
    j["gradient"]["bias"] = *t.grad_bias;
    j["updated_bias"] = *t.updated_bias;
  }
  return j;
}

void print_text(const NeuronTrace& t, const NeuronProblem& pr) {
  for (std::size_t i = 0; i < t.z.size(); ++i) std::printf("z%zu = w%zu*x%zu = %.6g\n", i + 1, i + 1, i + 1, t.z[i]);
  std::printf("q = sum z%s = %.6g\n", pr.bias ? " + b" : "", t.q);
  if (!pr.label) {
    std::printf("classifier output: sigma(q) = %.6g, label %+d\n", t.score_probability, t.predicted_label);
    return;
  }
  std::printf("v = y*q = %.6g\np = sigma(v) = %.6g\nL = -log p = %.6g\n\nlocal gradients:\n", t.v, t.p, t.loss);
  std::printf("  dL/dp = -1/p = %.6g\n  dp/dv = sigma(v)(1-sigma(v)) = %.6g\n  dv/dq = y = %.6g\n", t.local.dL_dp,
              t.local.dp_dv, t.local.dv_dq);
  for (std::size_t i = 0; i < t.z.size(); ++i)
    std::printf("  dq/dz%zu = %.6g\n  dz%zu/dw%zu = x%zu = %.6g\n", i + 1, t.local.dq_dz[i], i + 1, i + 1, i + 1,
                t.local.dz_dw[i]);
  std::printf("\ngradient (backward):\n");
  for (std::size_t i = 0; i < t.grad_weights.size(); ++i) std::printf("  dL/dw%zu = %.6g\n", i + 1, t.grad_weights[i]);
  if (t.grad_bias) std::printf("  dL/db = %.6g\n", *t.grad_bias);
  std::printf("\nafter one step (lr %.6g):\n", pr.lr);
  for (std::size_t i = 0; i < t.updated_weights.size(); ++i) std::printf("  w%zu = %.6g\n", i + 1, t.updated_weights[i]);
  if (t.updated_bias) std::printf("  b = %.6g\n", *t.updated_bias);
}

}  // namespace

void add_lab_neuron_command(CLI::App& lab) {
  auto args = std::make_shared<NeuronArgs>();
  CLI::App* cmd = lab.add_subcommand("neuron", "The lecture's neuron: forward values, local gradients, one step");
  cmd->add_option("--weights", args->weights, "W1,W2[,B]: two or more weights, then optionally the bias")
      ->delimiter(',')
      ->required();
  cmd->add_option("--input", args->input, "X1,X2,…: one value per weight")->delimiter(',')->required();
  CLI::Option* label = cmd->add_option("--label", args->label, "+1 or -1; without it, print the classifier's output");
  cmd->add_option("--lr", args->lr, "learning rate of the gradient step")->capture_default_str();
  add_boolean_flag(cmd, "--json", args->json, "print one JSON object");
  cmd->callback([args, label] {
    NeuronProblem pr;
    pr.weights = args->weights;
    pr.input = args->input;
    if (pr.weights.size() == pr.input.size() + 1) {
      pr.bias = pr.weights.back();
      pr.weights.pop_back();
    }
    if (label->count()) pr.label = args->label;
    pr.lr = args->lr;
    const NeuronTrace t = run_neuron(pr);
    if (args->json)
      std::cout << to_json(t, pr).dump(2) << '\n';
    else
      print_text(t, pr);
  });
}

}  // namespace nabla::cli
