// TrainConfig: everything a training run is made of, with nabla's defaults; read from a JSON config
// file and written beside the run so that it can be resumed or repeated exactly.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/optim/factory.h>

namespace nabla::train {

struct TrainConfig {
  // fashion-mnist, a directory of IDX files (MNIST layout), a .csv file, or a folder of PNG class folders.
  std::string data = "fashion-mnist";
  std::string model = "convnet";  // a preset (neuron, mlp, convnet, resnet20) or a spec such as flatten-linear(10)
  // The weights of Linear and Conv2d layers: xavier (uniform) or kaiming (He et al.'s normal, for ReLU nets).
  std::string init = "xavier";
  std::string loss = "cross_entropy";
  // Label smoothing ε of the cross_entropy loss (torch's label_smoothing): targets (1 − ε)·onehot + ε/C.
  // It applies to the validation and test losses too, so that they compare with the training loss.
  double label_smoothing = 0;
  optim::OptimizerConfig optimizer{};
  // Cosine annealing of the learning rate to 0 over the run by default ("none" keeps it constant): a
  // run of a fixed length ends at a small learning rate instead of mid-noise.
  optim::ScheduleConfig schedule{.name = "cosine"};
  // The global batch: in a data-parallel run of N processes each takes batch_size / N samples of it.
  int64_t batch_size = 64;
  // Gradient accumulation: each optimizer step sums the gradients of this many batches (their losses
  // weighted by their share of the samples), so that a step sees accumulate × batch_size samples; a
  // data-parallel run all-reduces once per step, not per batch (DDP's no_sync).
  int64_t accumulate = 1;
  // In a data-parallel run, BatchNorm normalises with the statistics of the whole batch over every
  // process (SyncBatchNorm); off, each process with those of its own share, as DDP does.
  bool sync_bn = false;
  int64_t epochs = 8;
  double val_fraction = 0.1;    // carved from the training data, stratified
  double test_fraction = 0.2;   // for data without its own test set (CSV, image folders)
  uint64_t seed = 0;
  int threads = 0;              // 0: every core
  int64_t early_stopping = 0;   // patience in epochs on validation loss; 0: off
  double l2 = 0;                // λ of the L2 penalty λ/2·Σ‖w‖² on weights (not biases)
  // Standardise features with training-set statistics. Off by default: images already arrive scaled to
  // [0, 1], and measured on Fashion-MNIST (MLP, SGD lr 0.1, momentum 0.9, 10 epochs, constant rate)
  // standardised pixels reached 83.5 % test accuracy against 85.5 % for [0, 1] pixels. Turn it on for
  // tabular data of mixed scales.
  bool normalize = false;
  // Augmentation of the training images as the loader assembles each batch (data/augmentation.h), such
  // as "crop:4,flip,erase:0.5"; "none": off. Validation, test and evaluation never see it.
  std::string augment = "none";
  // Test-time augmentation of validation, test and evaluation images [C,H,W]: "flip" scores each image
  // by the mean of the model's outputs on it and on its mirror image; "none": the image alone.
  std::string tta = "none";
  // The arithmetic of convolutions and matrix products: "f32", or "bf16", mixed precision (bfloat16
  // operands, float32 accumulation, weights, gradients, optimizer state, losses and everything else), on
  // CPUs with bfloat16 instructions; elsewhere the run says so and computes in float32.
  std::string precision = "f32";
  int64_t limit_train = 0;      // use only the first N training samples (0: all); for quick runs
  int64_t limit_test = 0;
  std::string out;              // output folder; empty: runs/<model>-<time>
  // Start from these weights instead of the seeded initialisation: a safetensors file with the
  // model's state-dict names and shapes (train/initial_weights.h); empty: off. A resumed run ignores it.
  std::string init_from;
  // Fine-tuning. classes: "5,6,7" keeps only these classes in every split, renumbered 0, 1, 2 in that
  // order, their names following; empty: all. limit_per_class: train on this many samples of each class,
  // a stratified draw seeded by seed (data/class_selection.h); unset: all. freeze: "0.,3." keeps the
  // parameters whose names start with one of these prefixes fixed (no gradient, no optimizer state).
  // reset_head: with init_from, the last Linear layer keeps its fresh initialisation, sized for the
  // data's classes, instead of taking the file's weights.
  std::string classes;
  std::optional<int64_t> limit_per_class;
  std::string freeze;
  bool reset_head = false;
};

// Where a layer of config values came from, which decides how strictly it is read.
enum class ConfigOrigin {
  person,  // flags or a --config file: a field that the optimizer or schedule does not use is an error
  trial,   // a search trial's values: a field that the trial's optimizer or schedule does not use is unused
  saved,   // nabla's own config.json or checkpoint: as trial, and the placeholders that earlier versions
           // wrote for "the default" (-1 for lr, momentum, eps and max_lr; 0 for t_max and total_steps)
           // read as unset
};

// One layer of config values: a JSON object in the config's form with only the keys given, how errors
// name a key ("--lr" for a flag, "run.json: optimizer.lr" for a file; "" names the whole layer) and its
// origin.
struct ConfigLayer {
  nlohmann::json values;
  std::function<std::string(const std::string& key)> name;
  ConfigOrigin origin = ConfigOrigin::person;
};

// A layer whose errors say "SOURCE: key".
[[nodiscard]] ConfigLayer json_layer(nlohmann::json values, const std::string& source,
                                     ConfigOrigin origin = ConfigOrigin::person);
// The layer of a JSON config file, named by its path.
[[nodiscard]] ConfigLayer file_layer(const std::filesystem::path& path, ConfigOrigin origin = ConfigOrigin::person);

// Writes value at a config key of the JSON form, nested at its dot: "optimizer.lr" -> {"optimizer": {"lr": …}}.
void place(nlohmann::json& j, const std::string& key, nlohmann::json value);

// base with the layers' values written over it, later layers winning, then checked as a whole. Throws
// std::invalid_argument with one line that names the key as its layer does and says what is allowed:
// an unknown key (with the closest known one), a value of the wrong type or out of range
// (config_fields.h), a field that a person gave but the optimizer or schedule does not use, or options
// that contradict each other.
[[nodiscard]] TrainConfig config_from_layers(const std::vector<ConfigLayer>& layers, TrainConfig base = {});
// One layer whose errors say "config: key".
[[nodiscard]] TrainConfig config_from_json(const nlohmann::json& j, TrainConfig base = {},
                                           ConfigOrigin origin = ConfigOrigin::person);

// Throws std::invalid_argument("config: KEY: what is wrong") for a config that config_from_layers would
// refuse (a field out of range, contradicting options); for configs built in code.
void validate(const TrainConfig& config);

// The config that a run of steps_per_epoch optimizer steps per epoch (batches, or groups of `accumulate`
// batches) uses, every default resolved: the optimizer's for its name (optim::with_defaults), the
// schedule's length (cosine's t_max: the epochs; onecycle's total_steps: every step of the run) and
// onecycle's max_lr (the optimizer's lr).
[[nodiscard]] TrainConfig effective_config(const TrainConfig& config, int64_t steps_per_epoch);

// The fields that the optimizer and schedule use, unset ones left out: a run's config.json holds
// to_json(effective_config(…)), its checkpoint the config as given (so that a resumed run resolves the
// defaults again, for the epochs it then has).
[[nodiscard]] nlohmann::json to_json(const TrainConfig& config);
// Every key, each with a value of its type: the default, or 0 (0.0 for real numbers) where the default
// is left to the optimizer or the run. The fields a search space may name.
[[nodiscard]] nlohmann::json config_schema();

// Reads a JSON file; errors name the file and, for bad JSON, the byte, or for a number beyond a double's
// range (1e999), its key.
[[nodiscard]] nlohmann::json read_config_file(const std::filesystem::path& path);

}  // namespace nabla::train
