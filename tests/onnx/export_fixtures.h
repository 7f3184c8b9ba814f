// Models with random weights for the export tests, nabla's own outputs for them, and exports that
// are serialised, read back and checked again.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include <onnx/checker.h>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/model_spec.h>
#include <nabla/onnx/onnx_export.h>
#include <nabla/tensor/random.h>

namespace nabla::onnx::testing {

// The model of spec for samples of sample_shape, its biases and BatchNorm's parameters and running
// statistics moved off their initial values (zero, or mean 0 and variance 1) so that each shows in the
// outputs; running variances drawn from [0.5, 2]. Weights keep their Xavier scale, so that logits keep
// the size of a trained model's (max |Δlogit| is an absolute error).
inline std::shared_ptr<nn::Sequential> random_model(const std::string& spec, const Shape& sample_shape,
                                                    int64_t outputs, uint64_t seed) {
  Generator gen(seed);
  auto model = nn::build_model(spec, sample_shape, outputs, gen, std::make_shared<Generator>(seed + 1));
  std::map<std::string, Tensor> state = model->state_dict();
  for (auto& [name, value] : state) {
    if (value.dtype() != DType::f32 || value.dim() > 1) continue;
    value = name.ends_with("running_var") ? rand(value.shape(), gen, 0.5, 2.0)
                                          : value + randn(value.shape(), gen, 0.0, 0.2);
  }
  model->load_state_dict(state);
  return model;
}

// nabla's outputs in eval mode (the form an export has), leaving the model's mode as it was.
inline Tensor nabla_outputs(nn::Module& model, const Tensor& x) {
  NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  Tensor y = model(x);
  model.train(was_training);
  return y;
}

// export_model, then the bytes a file would hold read back and given to the ONNX checker once more.
inline ::onnx::ModelProto export_checked(const nn::Sequential& model, const Shape& sample_shape,
                                         const ExportOptions& options = {}) {
  std::string bytes;
  if (!export_model(model, sample_shape, options).SerializeToString(&bytes))
    throw std::runtime_error("cannot serialise the ONNX model");
  ::onnx::ModelProto read;
  if (!read.ParseFromString(bytes)) throw std::runtime_error("cannot parse the serialised ONNX model");
  ::onnx::checker::check_model(read);
  return read;
}

}  // namespace nabla::onnx::testing
