// The one place where kernels are chosen: by device (only the CPU has kernels today) and by dtype.
#pragma once
#include <stdexcept>
#include <string>

#include <nabla/tensor/tensor.h>

namespace nabla {

// Throws unless the device has kernels; a CUDA backend would branch here instead.
inline void check_cpu(Device d, const char* op) {
  if (d != Device::cpu)
    throw std::runtime_error(std::string(op) + ": no kernels for device " + std::string(device_name(d)) +
                             " in this build");
}

// Calls f.template operator()<T>() with the C++ type of dtype.
template <class F>
void visit_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::f32: f.template operator()<float>(); return;
    case DType::f64: f.template operator()<double>(); return;
    case DType::i64: f.template operator()<int64_t>(); return;
  }
}

// As visit_dtype for the floating types; integer tensors are rejected naming the op.
template <class F>
void visit_float(const Tensor& t, const char* op, F&& f) {
  check_cpu(t.device(), op);
  switch (t.dtype()) {
    case DType::f32: f.template operator()<float>(); return;
    case DType::f64: f.template operator()<double>(); return;
    default:
      throw std::invalid_argument(std::string(op) + ": needs a floating tensor, got " + t.describe());
  }
}

// Both operands must share a dtype: nabla does not promote silently.
inline void check_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
  if (a.dtype() != b.dtype())
    throw std::invalid_argument(std::string(op) + ": dtypes differ: " + a.describe() + " and " + b.describe());
}

}  // namespace nabla
