// Storage allocation and the Tensor handle: creation, element access, copies and views without autograd.
#include <nabla/tensor/tensor.h>

#include <nabla/tensor/memory_format.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

#include "allocator.h"
#include "dispatch.h"
#include "strided_loop.h"

namespace nabla {

Storage::Storage(std::size_t bytes, Device device) : bytes_(bytes), device_(device) {
  check_cpu(device, "allocate");
  configure_allocator();
  const std::size_t rounded = (std::max<std::size_t>(bytes, 1) + 63) / 64 * 64;
  data_ = std::aligned_alloc(64, rounded);
  if (!data_) throw std::bad_alloc();
}

Storage::~Storage() { std::free(data_); }

TensorImpl& Tensor::impl() const {
  if (!impl_) throw std::logic_error("use of an undefined tensor");
  return *impl_;
}

Tensor Tensor::empty(const Shape& shape, DType dtype, Device device) {
  for (int64_t d : shape)
    if (d < 0) throw std::invalid_argument("empty: negative size in shape " + shape_str(shape));
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = std::make_shared<Storage>(shape_numel(shape) * dtype_size(dtype), device);
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw_data(), 0, t.numel() * dtype_size(dtype));
  return t;
}

Tensor Tensor::ones(const Shape& shape, DType dtype) { return full(shape, 1.0, dtype); }

Tensor Tensor::full(const Shape& shape, double value, DType dtype) {
  Tensor t = empty(shape, dtype);
  t.fill_(value);
  return t;
}

Tensor Tensor::scalar(double value, DType dtype) { return full({}, value, dtype); }

Tensor Tensor::arange(int64_t n, DType dtype) {
  Tensor t = empty({n}, dtype);
  visit_dtype(dtype, [&]<class T>() {
    T* p = t.data<T>();
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(i);
  });
  return t;
}

template <class T>
static Tensor from_values(std::span<const T> values, const Shape& shape) {
  if (static_cast<int64_t>(values.size()) != shape_numel(shape))
    throw std::invalid_argument("from_vector: " + std::to_string(values.size()) + " values for shape " +
                                shape_str(shape));
  Tensor t = Tensor::empty(shape, dtype_of<T>());
  if (!values.empty()) std::memcpy(t.raw_data(), values.data(), values.size() * sizeof(T));
  return t;
}

Tensor Tensor::from_vector(std::span<const float> v, const Shape& s) { return from_values(v, s); }
Tensor Tensor::from_vector(std::span<const double> v, const Shape& s) { return from_values(v, s); }
Tensor Tensor::from_vector(std::span<const int64_t> v, const Shape& s) { return from_values(v, s); }

Tensor Tensor::from_list(std::initializer_list<double> values, const Shape& shape, DType dtype) {
  Tensor t = from_values(std::span<const double>(values.begin(), values.size()), shape);
  return dtype == DType::f64 ? t : t.to(dtype);
}

int64_t Tensor::size(int64_t d) const { return shape()[normalize_dim(d, dim(), "size")]; }

bool Tensor::is_contiguous() const {
  const Shape& s = shape();
  const Shape& st = strides();
  int64_t expected = 1;
  for (std::size_t i = s.size(); i-- > 0;) {
    if (s[i] != 1 && st[i] != expected) return false;
    expected *= s[i];
  }
  return true;
}

std::string Tensor::describe() const { return std::string(dtype_name(dtype())) + shape_str(shape()); }

void* Tensor::raw_data() const {
  return static_cast<char*>(impl().storage->data()) + offset() * dtype_size(dtype());
}

template <class T>
T* Tensor::data() const {
  if (dtype() != dtype_of<T>())
    throw std::invalid_argument("data: tensor is " + describe() + ", asked for " +
                                std::string(dtype_name(dtype_of<T>())));
  return static_cast<T*>(raw_data());
}
template float* Tensor::data<float>() const;
template double* Tensor::data<double>() const;
template int64_t* Tensor::data<int64_t>() const;

double Tensor::item() const {
  if (numel() != 1) throw std::invalid_argument("item: tensor " + describe() + " has more than one element");
  double v = 0;
  visit_dtype(dtype(), [&]<class T>() { v = static_cast<double>(*data<T>()); });
  return v;
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  const Tensor c = contiguous();
  std::vector<T> out(c.numel());
  visit_dtype(c.dtype(), [&]<class S>() {
    const S* p = c.data<S>();
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<T>(p[i]);
  });
  return out;
}
template std::vector<float> Tensor::to_vector<float>() const;
template std::vector<double> Tensor::to_vector<double>() const;
template std::vector<int64_t> Tensor::to_vector<int64_t>() const;

double Tensor::at(std::initializer_list<int64_t> index) const {
  if (static_cast<int64_t>(index.size()) != dim())
    throw std::invalid_argument("at: " + std::to_string(index.size()) + " indices for " + describe());
  int64_t off = 0, d = 0;
  for (int64_t i : index) {
    if (i < 0 || i >= shape()[d])
      throw std::out_of_range("at: index " + std::to_string(i) + " out of range in dimension " +
                              std::to_string(d) + " of " + describe());
    off += i * strides()[d++];
  }
  return as_strided({}, {}, offset() + off).item();
}

Tensor Tensor::clone() const {
  Tensor out = empty(shape(), dtype(), device());
  out.copy_(*this);
  return out;
}

Tensor Tensor::contiguous() const { return is_contiguous() ? detach() : clone(); }

Tensor Tensor::to(DType target) const {
  Tensor out = empty(shape(), target, device());
  const Tensor src = contiguous();
  visit_dtype(dtype(), [&]<class S>() {
    visit_dtype(target, [&]<class D>() {
      const S* s = src.data<S>();
      D* d = out.data<D>();
      for (int64_t i = 0, n = out.numel(); i < n; ++i) d[i] = static_cast<D>(s[i]);
    });
  });
  return out;
}

Tensor Tensor::as_strided(const Shape& shape, const Shape& strides, int64_t offset) const {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = impl_ptr()->storage;
  impl->shape = shape;
  impl->strides = strides;
  impl->offset = offset;
  impl->dtype = dtype();
  return Tensor(std::move(impl));
}

Tensor Tensor::detach() const { return as_strided(shape(), strides(), offset()); }

namespace {

// Sizes or strides in the order loops writing dst walk them: (N, H, W, C) when dst's channels lie innermost in
// memory (a channels-last tensor or a view of one), so that its buffer is written in memory order.
Shape walk_order(const Tensor& dst, const Shape& dims) { return has_channels_innermost(dst) ? in_nhwc_order(dims) : dims; }

}  // namespace

Tensor& Tensor::copy_(const Tensor& src) {
  if (src.shape() != shape())
    throw std::invalid_argument("copy_: source " + src.describe() + " into " + describe());
  const Tensor s = src.dtype() == dtype() ? src : src.to(dtype());
  visit_dtype(dtype(), [&]<class T>() {
    T* d = data<T>();
    const T* p = s.data<T>();
    if (is_contiguous() && s.is_contiguous()) {
      std::memcpy(d, p, numel() * sizeof(T));
      return;
    }
    // Rows split over the threads for large tensors: layout conversions copy whole activations.
    const Shape dims = walk_order(*this, shape()), to = walk_order(*this, strides()),
                from = walk_order(*this, s.strides());
    strided_rows<2>(dims, {&to, &from}, true, [&](const auto& o, int64_t n, const auto& st) {
      for (int64_t i = 0; i < n; ++i) d[o[0] + i * st[0]] = p[o[1] + i * st[1]];
    });
  });
  return *this;
}

Tensor& Tensor::fill_(double value) {
  visit_dtype(dtype(), [&]<class T>() {
    T* d = data<T>();
    const T v = static_cast<T>(value);
    const Shape dims = walk_order(*this, shape()), st = walk_order(*this, strides());
    strided_rows<1>(dims, {&st}, true, [&](const auto& o, int64_t n, const auto& s) {
      for (int64_t i = 0; i < n; ++i) d[o[0] + i * s[0]] = v;
    });
  });
  return *this;
}

Tensor& Tensor::set_requires_grad(bool on) {
  if (on && dtype() == DType::i64) throw std::invalid_argument("set_requires_grad: integer tensor " + describe());
  if (!is_leaf()) throw std::invalid_argument("set_requires_grad: only leaf tensors can change requires_grad");
  impl().requires_grad = on;
  return *this;
}

}  // namespace nabla
