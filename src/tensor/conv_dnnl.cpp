// float32 convolutions through oneDNN: a primitive and its reorders built once per shape, geometry, layout,
// thread count and precision, cached, then run on nabla's buffers. Plain NCHW activations go through the
// blocked layouts the JIT kernels want; channels-last (NHWC) ones are read and written as they lie. In bf16
// precision the reorders round the operands to bfloat16 and the primitive writes float32.
#include "conv_dnnl.h"

#include <nabla/tensor/precision.h>

#include <dnnl.hpp>
#include <omp.h>

#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "dnnl_plan.h"

namespace nabla::kernels {
namespace {

using dnnl::memory;
using namespace dnnl_plan;

enum class Kind { forward, backward_input, backward_weight };

const char* op_name(Kind kind) {
  switch (kind) {
    case Kind::forward: return "conv2d";
    case Kind::backward_input: return "conv2d_backward_input";
    case Kind::backward_weight: return "conv2d_backward_weight";
  }
  return "conv2d";
}

// One convolution as oneDNN sees it; shapes are plain row-major. With bf16 the primitive reads bfloat16
// operands (the reorders into its layouts round them) and writes float32.
struct Problem {
  Kind kind;
  Shape x, w;
  Conv2dGeometry g;
  bool bias;
  bool channels_last;  // x, its gradient, the output and its gradient are (N, H, W, C) in memory
  bool bf16 = compute_precision() == Precision::bf16;

  [[nodiscard]] Shape out() const {
    return {x[0], w[0], (x[2] + 2 * g.padding.h - w[2]) / g.stride.h + 1, (x[3] + 2 * g.padding.w - w[3]) / g.stride.w + 1};
  }
  // oneDNN fixes how it splits the work over threads when it creates a primitive, so the thread count is
  // part of what a cached primitive was built for.
  [[nodiscard]] std::vector<int64_t> key() const {
    std::vector<int64_t> k{static_cast<int64_t>(kind), bias, channels_last, bf16, omp_get_max_threads()};
    k.insert(k.end(), x.begin(), x.end());
    k.insert(k.end(), w.begin(), w.end());
    k.insert(k.end(), {g.stride.h, g.stride.w, g.padding.h, g.padding.w});
    return k;
  }
};

memory::desc plain_desc(const Shape& shape, memory::format_tag tag) {
  return memory::desc(shape, memory::data_type::f32, tag);
}
// format_tag::any lets the primitive pick its layout (nChw16c and blocked weights on AVX-512).
memory::desc any_desc(const Shape& shape) { return plain_desc(shape, memory::format_tag::any); }
// An operand the primitive reads: float32, or bfloat16 in mixed precision.
memory::desc operand_desc(const Shape& shape, const Problem& p) {
  return memory::desc(shape, p.bf16 ? memory::data_type::bf16 : memory::data_type::f32, memory::format_tag::any);
}
// Activations (x, the output and their gradients) as nabla holds them: NCHW, or NHWC when channels-last.
memory::desc activation_plain(const Shape& shape, const Problem& p) {
  return plain_desc(shape, p.channels_last ? memory::format_tag::nhwc : memory::format_tag::nchw);
}
// An activation the primitive writes (float32) or reads (operand_desc's type): channels-last ones stay NHWC,
// which oneDNN's kernels read and write as fast as their blocked layouts, so no reorder is needed in float32
// and in bf16 only the conversion; plain NCHW ones go through the primitive's choice.
memory::desc activation_out(const Shape& shape, const Problem& p) {
  return p.channels_last ? activation_plain(shape, p) : any_desc(shape);
}
memory::desc activation_in(const Shape& shape, const Problem& p) {
  if (!p.channels_last) return operand_desc(shape, p);
  return memory::desc(shape, p.bf16 ? memory::data_type::bf16 : memory::data_type::f32, memory::format_tag::nhwc);
}

// A convolution with its arguments, in the order the entry points pass their buffers.
struct Plan {
  Step convolution;
  std::vector<Arg> inputs;
  Arg output;
};

memory::desc bias_desc(const Problem& p) { return plain_desc({p.w[0]}, memory::format_tag::x); }

// The forward kernel to take instead of oneDNN's first choice, or "" to keep it. oneDNN 2.6 ranks its brgemm
// convolution first on AVX-512 CPUs, but without AMX its direct JIT kernel ran channels-last 3x3 convolutions
// faster (AMD EPYC with AVX512_BF16, 2 threads, batch 128, medians of 30): float32 16 -> 16 channels at 28x28
// 1.33-1.84 ms against 1.83-2.58 (with 32 or 64 input channels brgemm was 5 % faster and keeps them), bfloat16
// 0.85-0.89 ms against 1.06-1.15 and 3-25 % faster at every ResNet-20 shape. AMX kernels stay first.
std::string direct_kernel_over(const std::string& chosen, const Problem& p) {
  if (chosen == "brgconv:avx512_core_bf16") return "jit_bf16:avx512_core_bf16";
  if (chosen == "brgconv:avx512_core" && p.channels_last && p.x[1] <= 16) return "jit:avx512_core";
  return "";
}

dnnl::convolution_forward::primitive_desc forward_desc(const Problem& p) {
  const memory::dims strides{p.g.stride.h, p.g.stride.w}, pad{p.g.padding.h, p.g.padding.w};
  const auto prop = dnnl::prop_kind::forward_training;
  const auto algo = dnnl::algorithm::convolution_direct;
  const auto x = activation_in(p.x, p), w = operand_desc(p.w, p), y = activation_out(p.out(), p);
  const auto d = p.bias ? dnnl::convolution_forward::desc(prop, algo, x, w, bias_desc(p), y, strides, pad, pad)
                        : dnnl::convolution_forward::desc(prop, algo, x, w, y, strides, pad, pad);
  dnnl::convolution_forward::primitive_desc first(d, user_scratchpad(), cpu_engine());
  const std::string direct = direct_kernel_over(first.impl_info_str(), p);
  if (!direct.empty()) {
    dnnl::convolution_forward::primitive_desc next(d, user_scratchpad(), cpu_engine());
    while (next.next_impl())
      if (next.impl_info_str() == direct) return next;
  }
  return first;
}

// Throws dnnl::error when oneDNN has no implementation for the problem.
Plan make_plan(const Problem& p) {
  using Tag = memory::format_tag;
  const memory::desc x = activation_plain(p.x, p), w = plain_desc(p.w, Tag::oihw);
  const memory::desc out = activation_plain(p.out(), p);
  const memory::dims strides{p.g.stride.h, p.g.stride.w}, pad{p.g.padding.h, p.g.padding.w};
  const auto algo = dnnl::algorithm::convolution_direct;
  const auto fwd = forward_desc(p);
  switch (p.kind) {
    case Kind::forward: {
      std::vector<Arg> in{make_arg(DNNL_ARG_SRC, x, fwd.src_desc(), false),
                          make_arg(DNNL_ARG_WEIGHTS, w, fwd.weights_desc(), false)};
      if (p.bias) in.push_back(make_arg(DNNL_ARG_BIAS, bias_desc(p), fwd.bias_desc(), false));
      return {{dnnl::convolution_forward(fwd), fwd.scratchpad_desc()},
              in,
              make_arg(DNNL_ARG_DST, out, fwd.dst_desc(), true)};
    }
    case Kind::backward_input: {
      const dnnl::convolution_backward_data::primitive_desc bwd(
          {algo, activation_out(p.x, p), operand_desc(p.w, p), activation_in(p.out(), p), strides, pad, pad},
          user_scratchpad(), cpu_engine(), fwd);
      return {{dnnl::convolution_backward_data(bwd), bwd.scratchpad_desc()},
              {make_arg(DNNL_ARG_DIFF_DST, out, bwd.diff_dst_desc(), false),
               make_arg(DNNL_ARG_WEIGHTS, w, bwd.weights_desc(), false)},
              make_arg(DNNL_ARG_DIFF_SRC, x, bwd.diff_src_desc(), true)};
    }
    case Kind::backward_weight: {
      const dnnl::convolution_backward_weights::primitive_desc bwd(
          {algo, activation_in(p.x, p), any_desc(p.w), activation_in(p.out(), p), strides, pad, pad},
          user_scratchpad(), cpu_engine(), fwd);
      return {{dnnl::convolution_backward_weights(bwd), bwd.scratchpad_desc()},
              {make_arg(DNNL_ARG_DIFF_DST, out, bwd.diff_dst_desc(), false),
               make_arg(DNNL_ARG_SRC, x, bwd.src_desc(), false)},
              make_arg(DNNL_ARG_DIFF_WEIGHTS, w, bwd.diff_weights_desc(), true)};
    }
  }
  throw std::logic_error("conv2d: unknown oneDNN convolution kind");
}

// The plan of a problem, built once; nullptr where oneDNN has none.
std::shared_ptr<const Plan> plan_for(const Problem& p) {
  static PlanCache<Plan> cache;
  auto plan = cache.get(p.key(), [&] { return make_plan(p); });
  if (plan || !p.bf16) return plan;
  // No bfloat16 primitive for this geometry: the float32 one, not the much slower im2col.
  Problem f32 = p;
  f32.bf16 = false;
  return cache.get(f32.key(), [&] { return make_plan(f32); });
}

// Runs the convolution on its prepared inputs and reorders its output back into `output`.
void run(const Plan& plan, const std::vector<memory>& inputs, float* output, dnnl::stream& stream) {
  std::unordered_map<int, memory> args;
  for (std::size_t i = 0; i < inputs.size(); ++i) args.emplace(plan.inputs[i].id, inputs[i]);
  const Arg& o = plan.output;
  memory user_out(o.plain, cpu_engine(), output);
  memory inner_out = o.reorder ? memory(o.inner, cpu_engine()) : user_out;
  args.emplace(o.id, inner_out);
  plan.convolution.run(stream, args);
  if (o.reorder) o.reorder->run(stream, {{DNNL_ARG_FROM, inner_out}, {DNNL_ARG_TO, user_out}});
}

template <class F>
void guarded(Kind kind, F&& body) {
  try {
    body();
    cpu_stream().wait();
  } catch (const dnnl::error& e) {
    throw std::runtime_error(std::string(op_name(kind)) + ": oneDNN failed: " + e.what());
  }
}

// Reorders the inputs into the primitive's layouts, runs it, reorders its output back into `output`.
void execute(const Plan& plan, std::initializer_list<const float*> inputs, float* output, Kind kind) {
  guarded(kind, [&] {
    auto& stream = cpu_stream();
    std::vector<memory> prepared;
    auto in = inputs.begin();
    for (const Arg& a : plan.inputs) prepared.push_back(prepare(a, *in++, stream));
    run(plan, prepared, output, stream);
  });
}

}  // namespace

bool dnnl_conv2d(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g, bool channels_last,
                 const float* x, const float* w, const float* bias, float* out) {
  const auto plan = plan_for({Kind::forward, x_shape, w_shape, g, bias != nullptr, channels_last});
  if (!plan) return false;
  if (bias)
    execute(*plan, {x, w, bias}, out, Kind::forward);
  else
    execute(*plan, {x, w}, out, Kind::forward);
  return true;
}

bool dnnl_conv2d_backward_input(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g,
                                bool channels_last, const float* grad_out, const float* w, float* dx) {
  const auto plan = plan_for({Kind::backward_input, x_shape, w_shape, g, false, channels_last});
  if (!plan) return false;
  execute(*plan, {grad_out, w}, dx, Kind::backward_input);
  return true;
}

bool dnnl_conv2d_backward_weight(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g,
                                 bool channels_last, const float* grad_out, const float* x, float* dw) {
  const auto plan = plan_for({Kind::backward_weight, x_shape, w_shape, g, false, channels_last});
  if (!plan) return false;
  execute(*plan, {grad_out, x}, dw, Kind::backward_weight);
  return true;
}

bool dnnl_conv2d_backward(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g, bool channels_last,
                          const float* grad_out, const float* x, const float* w, float* dx, float* dw) {
  const auto data = plan_for({Kind::backward_input, x_shape, w_shape, g, false, channels_last});
  const auto weights = plan_for({Kind::backward_weight, x_shape, w_shape, g, false, channels_last});
  if (!data || !weights) return false;
  // Both primitives read grad_out (their first input); when they want it in one layout, one reorder
  // serves both: a pass over the largest tensor of the step saved.
  const Arg& dy_data = data->inputs[0];
  const Arg& dy_weights = weights->inputs[0];
  guarded(Kind::backward_input, [&] {
    auto& stream = cpu_stream();
    const memory dy = prepare(dy_data, grad_out, stream);
    run(*data, {dy, prepare(data->inputs[1], w, stream)}, dx, stream);
    const memory dy_again = dy_weights.inner == dy_data.inner ? dy : prepare(dy_weights, grad_out, stream);
    run(*weights, {dy_again, prepare(weights->inputs[1], x, stream)}, dw, stream);
  });
  return true;
}

}  // namespace nabla::kernels
