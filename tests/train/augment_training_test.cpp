// Training with augmentation: the training batches are augmented, the validation and test sets never are.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

#include <nabla/autograd/ops.h>
#include <nabla/io/atomic_file.h>
#include <nabla/loss/loss_factory.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/safetensors.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/trainer.h>

#include "../common/image_fixtures.h"
#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

TrainConfig image_config(const std::filesystem::path& dir, const std::string& augment, const std::string& out) {
  TrainConfig c;
  c.data = testing::write_image_folder(dir).string();
  c.model = "flatten-linear(2)";
  c.optimizer.name = "sgd";
  c.optimizer.lr = 0.1;
  c.batch_size = 8;
  c.epochs = 2;
  c.augment = augment;
  c.out = (dir / out).string();
  return c;
}

// Every image of data with its columns reversed, written out sample by sample.
std::vector<float> mirrored(const data::LabeledData& data) {
  std::vector<float> m(data.features.size());
  const int64_t w = data.sample_shape.back(), rows = static_cast<int64_t>(data.features.size()) / w;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t x = 0; x < w; ++x)
      m[static_cast<std::size_t>(row * w + x)] = data.features[static_cast<std::size_t>(row * w + w - 1 - x)];
  return m;
}

// The mean loss of the run's saved weights on data, computed here on the whole set at once, apart from the
// evaluation code (and its loader) that the run used; with mirror, of the mean output on the images and
// on their mirror images.
double plain_loss(const TrainConfig& c, const TrainResult& r, const data::LabeledData& data, bool mirror = false) {
  ModelAndLoss ml = build_model_and_loss(c, data.sample_shape, data.num_classes, std::make_shared<Generator>(0));
  ml.model->load_state_dict(load_safetensors(r.out / "model.safetensors"));
  ml.model->eval();
  Shape shape{data.size()};
  shape.insert(shape.end(), data.sample_shape.begin(), data.sample_shape.end());
  Tensor out = (*ml.model)(Tensor::from_vector(std::span<const float>(data.features), shape));
  if (mirror) out = (out + (*ml.model)(Tensor::from_vector(std::span<const float>(mirrored(data)), shape))) * 0.5;
  const Tensor labels = Tensor::from_vector(std::span<const int64_t>(data.labels), {data.size()});
  return ml.loss(out, loss::encode_targets(labels, ml.loss.target, out)).item();
}

TEST(AugmentTraining, TrainsOnAugmentedBatchesAndEvaluatesPlainOnes) {
  const auto dir = testing::fresh_dir("augment_training");
  // Erasing every sample: a validation or test set that saw it would score differently.
  const TrainConfig c = image_config(dir, "crop:2,flip,erase:1", "augmented");
  const TrainResult r = run_training(c, {.progress = make_progress(ProgressStyle::quiet)});
  const TrainResult plain = run_training(image_config(dir, "none", "plain"), {.progress = make_progress(ProgressStyle::quiet)});
  EXPECT_NE(io::read_file(r.out / "model.safetensors"), io::read_file(plain.out / "model.safetensors"));
  const DataSplits splits = load_data_splits(c);
  const double validation = plain_loss(c, r, splits.validation), test = plain_loss(c, r, splits.test);
  // The same weights on the same samples, summed in another order: float32 rounding apart. Erased samples
  // would move the loss by far more (a rectangle of every image zeroed).
  EXPECT_NEAR(r.history.epochs.back().val_loss, validation, 1e-5 * validation);
  EXPECT_NEAR(r.validation.loss, validation, 1e-5 * validation);
  EXPECT_NEAR(r.test.loss, test, 1e-5 * test);
}

}  // namespace
}  // namespace nabla::train

namespace nabla::train {
namespace {

TEST(AugmentTraining, FlipAtTestTimeScoresTheMeanOutputOfTheImageAndItsMirror) {
  const auto dir = testing::fresh_dir("tta_training");
  TrainConfig c = image_config(dir, "flip", "tta");
  c.tta = "flip";
  c.label_smoothing = 0.1;
  const TrainResult r = run_training(c, {.progress = make_progress(ProgressStyle::quiet)});
  const DataSplits splits = load_data_splits(c);
  const double validation = plain_loss(c, r, splits.validation, true), test = plain_loss(c, r, splits.test, true);
  EXPECT_NEAR(r.validation.loss, validation, 1e-5 * validation);
  EXPECT_NEAR(r.test.loss, test, 1e-5 * test);
  // The images alone score otherwise: the flatten-linear model weighs each column apart.
  EXPECT_GT(std::abs(r.test.loss - plain_loss(c, r, splits.test)), 1e-3 * test);
  // Saved-run evaluation (nabla eval) scores the same way.
  const EvalOutcome again = evaluate_saved_run(r.out, std::nullopt, r.out / "eval");
  EXPECT_NEAR(again.evaluation.loss, test, 1e-5 * test);
}

}  // namespace
}  // namespace nabla::train
