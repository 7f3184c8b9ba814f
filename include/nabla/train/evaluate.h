// Evaluation of a model on a dataset: mean loss, accuracy, and the scores the metrics area ranks.
#pragma once
#include <cstdint>
#include <vector>

#include <nabla/data/labeled_data.h>
#include <nabla/loss/loss_factory.h>
#include <nabla/nn/module.h>

namespace nabla::train {

struct Evaluation {
  double loss = 0, accuracy = 0;
  int64_t samples = 0;
  int64_t num_classes = 0;
  bool binary = false;         // one output per sample: scores hold P(class 1)
  std::vector<int> labels;     // class indices
  std::vector<double> scores;  // binary: N probabilities; else N×C softmax probabilities, row-major
  std::vector<int> predictions;
};

// The model's output on x, or with mirror (test-time augmentation of an image batch (N, C, H, W)) the
// mean of its outputs on x and on x with its columns reversed.
[[nodiscard]] Tensor scored_output(nn::Module& model, const Tensor& x, bool mirror);

struct EvalOptions {
  int64_t batch_size = 1000;
  // Test-time augmentation: each image batch (N, C, H, W) scored by the mean of the model's outputs on
  // it and on its mirror image (columns reversed), the loss and probabilities taken of that mean.
  bool mirror = false;
};

// Runs in eval mode without recording a graph; the model's mode is restored afterwards. mirror needs
// image samples [C, H, W] and throws naming the sample shape otherwise.
[[nodiscard]] Evaluation evaluate(nn::Module& model, const loss::Loss& loss, const data::LabeledData& data,
                                  EvalOptions options = {});

// evaluate() over the ranks of a data-parallel run (a collective; each rank's model must be the same):
// rank r of N evaluates samples ⌊r·M/N⌋ to ⌊(r+1)·M/N⌋ − 1 of data's M, and every rank gets the whole
// Evaluation, losses and counts summed and labels, scores and predictions gathered in data order. In a
// world of one, evaluate().
[[nodiscard]] Evaluation evaluate_sharded(nn::Module& model, const loss::Loss& loss, const data::LabeledData& data,
                                          EvalOptions options = {});

}  // namespace nabla::train
