// init_from: a safetensors file checked against the model, name by name, before any weight is copied.
#include <nabla/train/initial_weights.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/train/safetensors.h>

namespace nabla::train {
namespace {

bool all_finite(const Tensor& t) {
  if (t.dtype() == DType::i64) return true;
  for (double v : t.to_vector<double>())
    if (!std::isfinite(v)) return false;
  return true;
}

// What is wrong with the file's tensor for the model's tensor `name`; empty when it fits.
std::string mismatch(const std::string& name, const Tensor& in_file, const Tensor& in_model) {
  const std::string quoted = "\"" + name + "\"";
  if (in_file.shape() != in_model.shape())
    return quoted + " is " + shape_str(in_file.shape()) + " in the file but " + shape_str(in_model.shape()) +
           " in the model";
  if ((in_file.dtype() == DType::i64) != (in_model.dtype() == DType::i64))
    return quoted + " is " + std::string(dtype_name(in_file.dtype())) + " in the file but " +
           std::string(dtype_name(in_model.dtype())) + " in the model";
  if (!all_finite(in_file)) return quoted + " holds a value that is not finite";
  return "";
}

// The file's tensors; an unreadable file's error is prefixed with the config key.
TensorMap read_file(const std::filesystem::path& path) {
  try {
    return load_safetensors(path);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("init_from: ") + e.what());
  }
}

}  // namespace

void load_initial_weights(nn::Module& model, const std::filesystem::path& source, const std::string& fresh_prefix) {
  // A run folder gives its final weights.
  const std::filesystem::path path = std::filesystem::is_directory(source) ? source / "model.safetensors" : source;
  TensorMap file = read_file(path);
  TensorMap own = model.state_dict();
  const auto fresh = [&](const std::string& name) { return !fresh_prefix.empty() && name.starts_with(fresh_prefix); };
  std::erase_if(file, [&](const auto& entry) { return fresh(entry.first); });
  for (auto& [name, t] : own)
    if (fresh(name)) file.emplace(name, t);  // the model's own fresh values, copied onto themselves
  std::vector<std::string> problems;
  for (const auto& [name, t] : own) {
    const auto it = file.find(name);
    if (it == file.end())
      problems.push_back("missing \"" + name + "\" " + shape_str(t.shape()));
    else if (std::string why = mismatch(name, it->second, t); !why.empty())
      problems.push_back(std::move(why));
  }
  for (const auto& [name, t] : file)
    if (!own.contains(name)) problems.push_back("unexpected \"" + name + "\" " + shape_str(t.shape()));
  if (!problems.empty()) {
    std::string list;
    for (const std::string& p : problems) list += (list.empty() ? "" : "; ") + p;
    throw std::invalid_argument("init_from " + path.string() + " does not fit the model: " + list +
                                (fresh_prefix.empty() ? "" : " (reset_head re-initialises \"" + fresh_prefix + "*\")"));
  }
  model.load_state_dict(file);
}

}  // namespace nabla::train
