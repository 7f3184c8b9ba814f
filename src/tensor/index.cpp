// Indexing kernels along one dimension: gather and its adjoint, scatter-add.
#include <stdexcept>
#include <string>

#include <nabla/tensor/kernels.h>

#include "dispatch.h"
#include "strided_loop.h"

namespace nabla::kernels {
namespace {

// Throws unless index is int64 with x's rank and fits in `shape` outside dim (PyTorch's rule for gather).
void check_index(const char* op, const Shape& shape, int64_t dim, const Tensor& index) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  if (index.dtype() != DType::i64 || index.dim() != rank)
    throw std::invalid_argument(std::string(op) + ": index " + index.describe() + " must be int64 with the " +
                                std::to_string(rank) + " dims of " + shape_str(shape));
  for (int64_t d = 0; d < rank; ++d)
    if (d != dim && index.shape()[d] > shape[d])
      throw std::invalid_argument(std::string(op) + ": index " + shape_str(index.shape()) + " is larger than " +
                                  shape_str(shape) + " in dimension " + std::to_string(d));
}

int64_t checked(const char* op, int64_t i, int64_t dim, int64_t size) {
  if (i < 0 || i >= size)
    throw std::out_of_range(std::string(op) + ": index " + std::to_string(i) + " is out of bounds for dimension " +
                            std::to_string(dim) + " with size " + std::to_string(size));
  return i;
}

}  // namespace

Tensor gather(const Tensor& x, int64_t dim_in, const Tensor& index) {
  const int64_t dim = normalize_dim(dim_in, x.dim(), "gather");
  check_index("gather", x.shape(), dim, index);
  Tensor out = Tensor::empty(index.shape(), x.dtype());
  // x's strides with dim's set to 0: the row loop walks the other dims, the index value adds dim's offset.
  Shape x_strides = x.strides();
  const int64_t step = x_strides[dim], size = x.shape()[dim];
  x_strides[dim] = 0;
  const Shape& out_strides = out.strides();
  const int64_t* pi = index.data<int64_t>();
  visit_dtype(x.dtype(), [&]<class T>() {
    check_cpu(x.device(), "gather");
    const T* px = x.data<T>();
    T* po = out.data<T>();
    strided_rows<3>(index.shape(), {&out_strides, &x_strides, &index.strides()}, false,
                    [&](auto& off, int64_t n, auto& st) {
                      for (int64_t i = 0; i < n; ++i) {
                        const int64_t at = checked("gather", pi[off[2] + i * st[2]], dim, size);
                        po[off[0] + i * st[0]] = px[off[1] + i * st[1] + at * step];
                      }
                    });
  });
  return out;
}

Tensor scatter_add(const Tensor& src, int64_t dim_in, const Tensor& index, const Shape& shape) {
  const int64_t dim = normalize_dim(dim_in, static_cast<int64_t>(shape.size()), "scatter_add");
  check_index("scatter_add", shape, dim, index);
  if (src.shape() != index.shape())
    throw std::invalid_argument("scatter_add: source " + src.describe() + " and index " + index.describe() +
                                " must have the same shape");
  Tensor out = Tensor::zeros(shape, src.dtype());
  Shape out_strides = out.strides();
  const int64_t step = out_strides[dim], size = shape[dim];
  out_strides[dim] = 0;
  const int64_t* pi = index.data<int64_t>();
  visit_dtype(src.dtype(), [&]<class T>() {
    check_cpu(src.device(), "scatter_add");
    const T* ps = src.data<T>();
    T* po = out.data<T>();
    // One thread: several sources may add into the same output.
    strided_rows<3>(index.shape(), {&out_strides, &src.strides(), &index.strides()}, false,
                    [&](auto& off, int64_t n, auto& st) {
                      for (int64_t i = 0; i < n; ++i) {
                        const int64_t at = checked("scatter_add", pi[off[2] + i * st[2]], dim, size);
                        po[off[0] + i * st[0] + at * step] += ps[off[1] + i * st[1]];
                      }
                    });
  });
  return out;
}

}  // namespace nabla::kernels
