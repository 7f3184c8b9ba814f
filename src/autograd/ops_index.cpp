// Indexing ops with their gradient rules: gather and index_select, whose gradients scatter-add.
#include <stdexcept>
#include <string>

#include <nabla/autograd/ops.h>

#include "record.h"

namespace nabla {
namespace {

// g added into zeros of `shape` at index along dim. Linear in g, so its own gradient gathers.
Tensor scatter_add_into(const Tensor& g, int64_t dim, const Tensor& index, const Shape& shape) {
  return record("scatter_add", {g}, kernels::scatter_add(g, dim, index, shape),
                [dim, index](const Tensor& gg) { return std::vector<Tensor>{gather(gg, dim, index)}; });
}

}  // namespace

Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) {
  return record("gather", {x}, kernels::gather(x, dim, index), [dim, index, shape = x.shape()](const Tensor& g) {
    return std::vector<Tensor>{scatter_add_into(g, dim, index, shape)};
  });
}

// A gather whose index is the given one broadcast over the other dims (a view, no copy).
Tensor index_select(const Tensor& x, int64_t dim_in, const Tensor& index) {
  const int64_t dim = normalize_dim(dim_in, x.dim(), "index_select");
  if (index.dtype() != DType::i64 || index.dim() > 1)
    throw std::invalid_argument("index_select: index must be int64 with at most one dim, got " + index.describe());
  const int64_t size = x.shape()[dim];
  for (int64_t i : index.to_vector<int64_t>())
    if (i < 0 || i >= size)
      throw std::out_of_range("index_select: index " + std::to_string(i) + " is out of bounds for dimension " +
                              std::to_string(dim) + " of " + x.describe());
  Shape along(x.shape().size(), 1), out_shape = x.shape();
  along[dim] = out_shape[dim] = index.numel();
  return gather(x, dim, expand(reshape(index, along), out_shape));
}

}  // namespace nabla
