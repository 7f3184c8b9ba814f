// The engine, streams, steps and argument reorders that nabla's oneDNN kernels share (dnnl_plan.h).
#include "dnnl_plan.h"

namespace nabla::kernels::dnnl_plan {

const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpu_stream() {
  thread_local dnnl::stream stream(cpu_engine());
  return stream;
}

dnnl::primitive_attr user_scratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

void Step::run(dnnl::stream& stream, std::unordered_map<int, memory> args) const {
  if (scratchpad.get_size() > 0) args.emplace(DNNL_ARG_SCRATCHPAD, memory(scratchpad, cpu_engine()));
  primitive.execute(stream, args);
}

Arg make_arg(int id, const memory::desc& plain, const memory::desc& inner, bool output) {
  Arg a{id, plain, inner, std::nullopt};
  if (plain != inner) {
    const auto& e = cpu_engine();
    const auto pd = output ? dnnl::reorder::primitive_desc(e, inner, e, plain, user_scratchpad())
                           : dnnl::reorder::primitive_desc(e, plain, e, inner, user_scratchpad());
    a.reorder = Step{dnnl::reorder(pd), pd.scratchpad_desc()};
  }
  return a;
}

memory prepare(const Arg& a, const float* data, dnnl::stream& stream) {
  // oneDNN's handles are untyped and non-const; the primitive only reads its inputs.
  memory user(a.plain, cpu_engine(), const_cast<float*>(data));
  if (!a.reorder) return user;
  memory inner(a.inner, cpu_engine());
  a.reorder->run(stream, {{DNNL_ARG_FROM, user}, {DNNL_ARG_TO, inner}});
  return inner;
}

}  // namespace nabla::kernels::dnnl_plan
