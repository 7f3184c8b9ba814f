// Batched evaluation under no-grad, in one process or sharded over a data-parallel run's.
#include <nabla/train/evaluate.h>

#include <stdexcept>
#include <vector>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/data_loader.h>
#include <nabla/data/split.h>
#include <nabla/dist/world.h>

namespace nabla::train {

Tensor scored_output(nn::Module& model, const Tensor& x, bool mirror) {
  if (!mirror) return model(x);
  const int64_t w = x.size(-1);
  std::vector<int64_t> reversed(static_cast<std::size_t>(w));
  for (int64_t i = 0; i < w; ++i) reversed[static_cast<std::size_t>(i)] = w - 1 - i;
  const Tensor mirrored = index_select(x, -1, Tensor::from_vector(reversed, {w}));
  return (model(x) + model(mirrored)) * 0.5;
}

Evaluation evaluate(nn::Module& model, const loss::Loss& loss, const data::LabeledData& data, EvalOptions options) {
  if (options.mirror && data.sample_shape.size() != 3)
    throw std::invalid_argument("evaluate: mirror (tta flip) needs image samples [C, H, W], not " +
                                shape_str(data.sample_shape));
  const bool was_training = model.is_training();
  model.eval();
  NoGradGuard no_grad;
  Evaluation e;
  e.samples = data.size();
  e.num_classes = data.num_classes;
  data::DataLoader loader(data, {.batch_size = options.batch_size, .shuffle = false});
  double loss_sum = 0;
  int64_t correct = 0;
  while (auto batch = loader.next()) {
    const Tensor out = scored_output(model, batch->x, options.mirror);
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

namespace {

std::vector<int64_t> widened(const std::vector<int>& v) { return {v.begin(), v.end()}; }
std::vector<int> narrowed(const std::vector<int64_t>& v) { return {v.begin(), v.end()}; }

}  // namespace

Evaluation evaluate_sharded(nn::Module& model, const loss::Loss& loss, const data::LabeledData& data,
                            EvalOptions options) {
  const int ranks = dist::world_size();
  if (ranks == 1) return evaluate(model, loss, data, options);
  const int64_t begin = dist::rank() * data.size() / ranks, end = (dist::rank() + 1) * data.size() / ranks;
  std::vector<int64_t> share(static_cast<std::size_t>(end - begin));
  for (std::size_t i = 0; i < share.size(); ++i) share[i] = begin + static_cast<int64_t>(i);
  Evaluation mine;
  if (!share.empty()) mine = evaluate(model, loss, data::subset(data, share), options);
  int64_t correct = 0;
  for (std::size_t i = 0; i < mine.labels.size(); ++i) correct += mine.labels[i] == mine.predictions[i];
  double sums[3] = {mine.loss * static_cast<double>(mine.samples), static_cast<double>(correct), mine.binary ? 1.0 : 0.0};
  dist::all_reduce(std::span<double>(sums));
  Evaluation e;
  e.samples = data.size();
  e.num_classes = data.num_classes;
  e.binary = sums[2] > 0;
  e.loss = sums[0] / static_cast<double>(e.samples);
  e.accuracy = sums[1] / static_cast<double>(e.samples);
  e.labels = narrowed(dist::all_gather(std::span<const int64_t>(widened(mine.labels))));
  e.predictions = narrowed(dist::all_gather(std::span<const int64_t>(widened(mine.predictions))));
  e.scores = dist::all_gather(std::span<const double>(mine.scores));
  return e;
}

}  // namespace nabla::train
