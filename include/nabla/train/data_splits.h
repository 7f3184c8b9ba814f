// The training, validation and test sets of a run, loaded from the config's data source, split
// (stratified, seeded) and standardised with statistics of the training set only.
#pragma once
#include <string>

#include <nabla/data/labeled_data.h>
#include <nabla/data/normalization.h>
#include <nabla/train/train_config.h>

namespace nabla::train {

struct DataSplits {
  data::LabeledData train, validation, test;
  data::Normalization normalization;  // empty when config.normalize is off
  std::string source;                 // where the data came from, for the report
};

// Fashion-MNIST (or any MNIST-layout IDX folder) and a CIFAR-10 folder (data_batch_<N>.bin, test_batch.bin)
// keep their own test file as the test set; CSV files and image folders have test_fraction carved out
// first. Validation is carved from the training data.
// config.classes selects classes of every split (before any split); config.limit_per_class then draws
// that many samples per class from what remains for training after validation is carved (an error when
// a class has fewer), so that the validation set is the same with and without it.
[[nodiscard]] DataSplits load_data_splits(const TrainConfig& config);

}  // namespace nabla::train
