// CIFAR-10's binary version (the cifar-10-batches-bin folder): its batch files and class names.
#pragma once

#include <nabla/data/labeled_data.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nabla::data {

// One record: a label byte 0-9, then 1024 red, 1024 green and 1024 blue bytes, each a 32x32 plane row by row.
inline constexpr uint64_t kCifar10RecordBytes = 1 + 3 * 32 * 32;

// The ten class names in label order: airplane, automobile, bird, ..., truck.
[[nodiscard]] const std::vector<std::string>& cifar10_class_names();

// Whether dir holds test_batch.bin or a data_batch_<N>.bin: the files that make it a CIFAR-10 folder.
[[nodiscard]] bool is_cifar10_folder(const std::filesystem::path& dir);

// Reads one batch file (gzipped or not) of whole records into samples of shape {3,32,32} with values
// byte / 255, in file order; num_classes 10, class_names cifar10_class_names().
// Throws std::runtime_error naming the file for an empty file, a size that is not a multiple of
// kCifar10RecordBytes (with the offset of the incomplete record), or a label past 9 (with the record
// number, counted from 1, and its byte offset).
[[nodiscard]] LabeledData read_cifar10_batch(const std::filesystem::path& path);

// Loads dir/data_batch_<N>.bin in increasing N (the official folder holds 1 to 5, 10000 records each) as
// the training part and dir/test_batch.bin as the test part. The class names are the lines of
// dir/batches.meta.txt when it exists (ten names, one per line; blank lines at its end are ignored), else
// cifar10_class_names(). Throws std::runtime_error naming the folder when test_batch.bin or every data
// batch is missing, naming batches.meta.txt when it does not hold ten non-empty names, and as
// read_cifar10_batch for a damaged batch.
[[nodiscard]] TrainTestData load_cifar10(const std::filesystem::path& dir);

}  // namespace nabla::data
