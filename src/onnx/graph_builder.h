// Appending to an ONNX graph: float32 initializers and nodes, each named by the caller.
#pragma once
#include <span>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include <nabla/tensor/tensor.h>

namespace nabla::onnx::detail {

// A float32 initializer holding values in the shape dims; returns its name.
std::string add_initializer(::onnx::GraphProto& graph, const std::string& name, std::span<const float> values,
                            const Shape& dims);
// The same for a tensor's values (float64 ones are rounded to float32).
std::string add_initializer(::onnx::GraphProto& graph, const std::string& name, const Tensor& value);

// A node of op_type that reads inputs and writes one output; node and output are both called name.
::onnx::NodeProto& add_node(::onnx::GraphProto& graph, const std::string& op_type, const std::string& name,
                            const std::vector<std::string>& inputs);

// The type of a float32 tensor [batch, sample_shape…] with a symbolic (named) first dimension.
[[nodiscard]] ::onnx::TypeProto float_tensor_type(const std::string& batch, const Shape& sample_shape);

}  // namespace nabla::onnx::detail
