// describe_model: a table of layers, per-sample output shapes and parameter counts.
#include <nabla/nn/model_summary.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <vector>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/sequential.h>

namespace nabla::nn {
namespace {

using Row = std::array<std::string, 4>;  // index, layer, output shape, parameter count

Shape per_sample(const Tensor& y) { return Shape(y.shape().begin() + 1, y.shape().end()); }

std::vector<Row> layer_rows(Module& model, const Shape& input_shape) {
  NoGradGuard no_grad;
  Shape batch{1};
  batch.insert(batch.end(), input_shape.begin(), input_shape.end());
  Tensor x = Tensor::zeros(batch, model.dtype());
  std::vector<Row> rows;
  if (auto* seq = dynamic_cast<Sequential*>(&model)) {
    for (const auto& [name, layer] : seq->children()) {
      x = layer->forward(x);
      rows.push_back({name, layer->describe(), shape_str(per_sample(x)), std::to_string(layer->parameter_count())});
    }
  } else {
    x = model.forward(x);
    rows.push_back({"0", model.describe(), shape_str(per_sample(x)), std::to_string(model.parameter_count())});
  }
  return rows;
}

}  // namespace

std::string describe_model(Module& model, const Shape& input_shape) {
  const bool was_training = model.is_training();
  model.eval();
  std::vector<Row> rows;
  try {
    rows = layer_rows(model, input_shape);
  } catch (...) {
    model.train(was_training);
    throw;
  }
  model.train(was_training);

  rows.insert(rows.begin(), Row{"#", "layer", "output", "params"});
  std::array<std::size_t, 4> width{};
  for (const Row& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  std::ostringstream out;
  for (const Row& r : rows) {
    out << r[0] << std::string(width[0] - r[0].size() + 2, ' ') << r[1] << std::string(width[1] - r[1].size() + 2, ' ')
        << r[2] << std::string(width[2] - r[2].size() + 2, ' ') << std::string(width[3] - r[3].size(), ' ') << r[3]
        << "\n";
  }
  int64_t trainable = 0;
  for (const Tensor& t : model.trainable_parameters()) trainable += t.numel();
  out << "total parameters: " << model.parameter_count() << " (trainable " << trainable << ")\n";
  return out.str();
}

}  // namespace nabla::nn
