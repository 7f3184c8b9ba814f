// Training with augmentation: the training batches are augmented, the validation and test sets never are.
#include <gtest/gtest.h>

#include <span>

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

// The mean loss of the run's saved weights on data, computed here on the whole set at once, apart from the
// evaluation code (and its loader) that the run used.
double plain_loss(const TrainConfig& c, const TrainResult& r, const data::LabeledData& data) {
  ModelAndLoss ml = build_model_and_loss(c, data.sample_shape, data.num_classes, std::make_shared<Generator>(0));
  ml.model->load_state_dict(load_safetensors(r.out / "model.safetensors"));
  ml.model->eval();
  Shape shape{data.size()};
  shape.insert(shape.end(), data.sample_shape.begin(), data.sample_shape.end());
  const Tensor out = (*ml.model)(Tensor::from_vector(std::span<const float>(data.features), shape));
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
