// Tensor: a shared handle to typed, strided storage on a device, plus the autograd fields that the
// autograd area fills in (requires_grad, grad, grad_fn).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nabla/tensor/device.h>
#include <nabla/tensor/dtype.h>
#include <nabla/tensor/shape.h>

namespace nabla {

// A node of the autograd graph; defined by the autograd area.
struct GradNode;

// A block of 64-byte aligned memory, shared by a tensor and its views.
class Storage {
 public:
  Storage(std::size_t bytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  [[nodiscard]] void* data() const { return data_; }
  [[nodiscard]] std::size_t bytes() const { return bytes_; }
  [[nodiscard]] Device device() const { return device_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
  Device device_ = Device::cpu;
};

class Tensor;

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  Shape shape;
  Shape strides;       // in elements
  int64_t offset = 0;  // in elements
  DType dtype = DType::f32;
  // Autograd: a leaf requires_grad and accumulates into grad; a non-leaf has grad_fn.
  bool requires_grad = false;
  std::shared_ptr<TensorImpl> grad;
  std::shared_ptr<GradNode> grad_fn;
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // Creation. Contents of empty() are unspecified.
  [[nodiscard]] static Tensor empty(const Shape& shape, DType dtype = DType::f32, Device device = Device::cpu);
  [[nodiscard]] static Tensor zeros(const Shape& shape, DType dtype = DType::f32);
  [[nodiscard]] static Tensor ones(const Shape& shape, DType dtype = DType::f32);
  [[nodiscard]] static Tensor full(const Shape& shape, double value, DType dtype = DType::f32);
  [[nodiscard]] static Tensor scalar(double value, DType dtype = DType::f32);
  // 0, 1, …, n-1
  [[nodiscard]] static Tensor arange(int64_t n, DType dtype = DType::f32);
  // Copies values into a new tensor of the given shape (numel must match).
  [[nodiscard]] static Tensor from_vector(std::span<const float> values, const Shape& shape);
  [[nodiscard]] static Tensor from_vector(std::span<const double> values, const Shape& shape);
  [[nodiscard]] static Tensor from_vector(std::span<const int64_t> values, const Shape& shape);
  [[nodiscard]] static Tensor from_list(std::initializer_list<double> values, const Shape& shape,
                                        DType dtype = DType::f32);

  [[nodiscard]] bool defined() const { return impl_ != nullptr; }
  [[nodiscard]] const Shape& shape() const { return impl().shape; }
  [[nodiscard]] const Shape& strides() const { return impl().strides; }
  [[nodiscard]] int64_t offset() const { return impl().offset; }
  [[nodiscard]] int64_t dim() const { return static_cast<int64_t>(impl().shape.size()); }
  // Size of dimension d (negative counts from the end).
  [[nodiscard]] int64_t size(int64_t d) const;
  [[nodiscard]] int64_t numel() const { return shape_numel(impl().shape); }
  [[nodiscard]] DType dtype() const { return impl().dtype; }
  [[nodiscard]] Device device() const { return impl().storage->device(); }
  [[nodiscard]] bool is_contiguous() const;
  [[nodiscard]] std::string describe() const;  // "float32[64, 784]"

  // Typed pointer to the first element (at offset); throws if T does not match dtype().
  template <class T> [[nodiscard]] T* data() const;
  [[nodiscard]] void* raw_data() const;
  // The value of a one-element tensor, as double.
  [[nodiscard]] double item() const;
  // All elements in row-major order, converted to T.
  template <class T> [[nodiscard]] std::vector<T> to_vector() const;
  // Element at a multi-index, as double (slow; for tests and printing).
  [[nodiscard]] double at(std::initializer_list<int64_t> index) const;

  // Explicit copies (no autograd; see the autograd ops for differentiable versions).
  [[nodiscard]] Tensor clone() const;       // contiguous copy
  [[nodiscard]] Tensor contiguous() const;  // this if contiguous, else a copy
  [[nodiscard]] Tensor to(DType dtype) const;
  // A new handle on the same storage with another shape/strides/offset; no autograd.
  [[nodiscard]] Tensor as_strided(const Shape& shape, const Shape& strides, int64_t offset) const;
  // The same data without autograd history.
  [[nodiscard]] Tensor detach() const;

  // In-place, no autograd: copy values from src (same shape, any strides), fill.
  Tensor& copy_(const Tensor& src);
  Tensor& fill_(double value);

  // Autograd fields.
  [[nodiscard]] bool requires_grad() const { return impl().requires_grad || impl().grad_fn != nullptr; }
  Tensor& set_requires_grad(bool on = true);
  [[nodiscard]] bool is_leaf() const { return impl().grad_fn == nullptr; }
  [[nodiscard]] Tensor grad() const { return Tensor(impl().grad); }
  void set_grad(const Tensor& g) const { impl().grad = g.impl_; }
  [[nodiscard]] const std::shared_ptr<GradNode>& grad_fn() const { return impl().grad_fn; }

  [[nodiscard]] TensorImpl& impl() const;
  [[nodiscard]] const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  [[nodiscard]] bool same(const Tensor& other) const { return impl_ == other.impl_; }

 private:
  std::shared_ptr<TensorImpl> impl_;
};

}  // namespace nabla
