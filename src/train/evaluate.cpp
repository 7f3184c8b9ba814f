// Batched evaluation under no-grad.
#include <nabla/train/evaluate.h>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/data_loader.h>

namespace nabla::train {

Evaluation evaluate(nn::Module& model, const loss::Loss& loss, const data::LabeledData& data, int64_t batch_size) {
  const bool was_training = model.is_training();
  model.eval();
  NoGradGuard no_grad;
  Evaluation e;
  e.samples = data.size();
  e.num_classes = data.num_classes;
  data::DataLoader loader(data, {.batch_size = batch_size, .shuffle = false});
  double loss_sum = 0;
  int64_t correct = 0;
  while (auto batch = loader.next()) {
    const Tensor out = model(batch->x);
    const Tensor target = loss::encode_targets(batch->y, loss.target, out);
    const int64_t n = batch->y.numel();
    loss_sum += loss(out, target).item() * static_cast<double>(n);
    const std::vector<int64_t> y = batch->y.to_vector<int64_t>();
    e.binary = out.dim() == 1 || out.size(-1) == 1;
    const std::vector<double> probs = (e.binary ? sigmoid(out) : softmax(out, -1)).to_vector<double>();
    const int64_t c = e.binary ? 1 : out.size(-1);
    for (int64_t i = 0; i < n; ++i) {
      int pred = 0;
      if (e.binary) {
        pred = probs[i] >= 0.5 ? 1 : 0;
      } else {
        for (int64_t k = 1; k < c; ++k)
          if (probs[i * c + k] > probs[i * c + pred]) pred = static_cast<int>(k);
      }
      correct += pred == y[i];
      e.labels.push_back(static_cast<int>(y[i]));
      e.predictions.push_back(pred);
    }
    e.scores.insert(e.scores.end(), probs.begin(), probs.end());
  }
  e.loss = loss_sum / static_cast<double>(e.samples);
  e.accuracy = static_cast<double>(correct) / static_cast<double>(e.samples);
  model.train(was_training);
  return e;
}

}  // namespace nabla::train
