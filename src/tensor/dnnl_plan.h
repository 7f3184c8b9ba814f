// What nabla's oneDNN kernels share: the engine, a stream per thread, primitives with their scratchpads,
// arguments reordered between nabla's plain buffers and a primitive's layouts, and a cache of plans.
#pragma once

#include <dnnl.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace nabla::kernels::dnnl_plan {

using dnnl::memory;

const dnnl::engine& cpu_engine();
// One stream per calling thread: oneDNN does not promise that two threads may execute on one stream at once.
dnnl::stream& cpu_stream();
// Primitives are built with scratchpad_mode::user and each call hands them a scratchpad of its own: with the
// library's shared scratchpad a primitive must run on the thread that created it, and plans are shared
// between threads.
dnnl::primitive_attr user_scratchpad();

// A primitive and the scratchpad it needs.
struct Step {
  dnnl::primitive primitive;
  memory::desc scratchpad;

  void run(dnnl::stream& stream, std::unordered_map<int, memory> args) const;
};

// One argument of a primitive: nabla's plain layout, the primitive's, and a reorder between them when they
// differ (plain -> inner for inputs, inner -> plain for the output), converting the data type too.
struct Arg {
  int id;  // DNNL_ARG_*
  memory::desc plain, inner;
  std::optional<Step> reorder;
};

[[nodiscard]] Arg make_arg(int id, const memory::desc& plain, const memory::desc& inner, bool output);

// One input as the primitive reads it: the caller's buffer, or its reorder into the primitive's layout.
[[nodiscard]] memory prepare(const Arg& a, const float* data, dnnl::stream& stream);

// Plans by problem key, built once; nullptr records that oneDNN has none (make throws dnnl::error), so it
// is asked only once.
template <class Plan>
class PlanCache {
 public:
  std::shared_ptr<const Plan> get(const std::vector<int64_t>& key, const std::function<Plan()>& make) {
    const std::lock_guard lock(mutex_);
    if (const auto it = plans_.find(key); it != plans_.end()) return it->second;
    // A training run meets a handful of shapes (its layers, a shorter last batch); the bound only keeps a
    // sweep over many shapes from holding every primitive it ever built.
    if (plans_.size() >= kMaxPlans) plans_.clear();
    std::shared_ptr<const Plan> plan;
    try {
      plan = std::make_shared<const Plan>(make());
    } catch (const dnnl::error&) {
      // No oneDNN implementation accepts the problem: the plan stays null and the caller falls back.
    }
    return plans_[key] = plan;
  }

 private:
  static constexpr std::size_t kMaxPlans = 64;
  std::mutex mutex_;
  std::map<std::vector<int64_t>, std::shared_ptr<const Plan>> plans_;
};

}  // namespace nabla::kernels::dnnl_plan
