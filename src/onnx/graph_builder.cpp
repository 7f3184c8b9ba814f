// Initializers, nodes and tensor types of an ONNX graph.
#include "graph_builder.h"

#include <bit>
#include <cstring>

namespace nabla::onnx::detail {

static_assert(std::endian::native == std::endian::little, "ONNX raw_data is little-endian");

std::string add_initializer(::onnx::GraphProto& graph, const std::string& name, std::span<const float> values,
                            const Shape& dims) {
  ::onnx::TensorProto& t = *graph.add_initializer();
  t.set_name(name);
  t.set_data_type(::onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t.add_dims(d);
  std::string bytes(values.size_bytes(), '\0');
  std::memcpy(bytes.data(), values.data(), values.size_bytes());
  t.set_raw_data(std::move(bytes));
  return name;
}

std::string add_initializer(::onnx::GraphProto& graph, const std::string& name, const Tensor& value) {
  return add_initializer(graph, name, value.to_vector<float>(), value.shape());
}

::onnx::NodeProto& add_node(::onnx::GraphProto& graph, const std::string& op_type, const std::string& name,
                            const std::vector<std::string>& inputs) {
  ::onnx::NodeProto& node = *graph.add_node();
  node.set_op_type(op_type);
  node.set_name(name);
  for (const std::string& in : inputs) node.add_input(in);
  node.add_output(name);
  return node;
}

::onnx::TypeProto float_tensor_type(const std::string& batch, const Shape& sample_shape) {
  ::onnx::TypeProto type;
  ::onnx::TypeProto_Tensor& tensor = *type.mutable_tensor_type();
  tensor.set_elem_type(::onnx::TensorProto::FLOAT);
  ::onnx::TensorShapeProto& shape = *tensor.mutable_shape();
  shape.add_dim()->set_dim_param(batch);
  for (int64_t d : sample_shape) shape.add_dim()->set_dim_value(d);
  return type;
}

}  // namespace nabla::onnx::detail
