// Fuzzes load_cifar10 on a folder made from the input: bytes 0-1 say how many bytes of the rest form
// data_batch_1.bin, byte 2 how many then form batches.meta.txt (255: no such file), and what remains is
// test_batch.bin.
#include <nabla/data/cifar10.h>

#include <algorithm>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla;
  if (size < 3) return 0;
  const size_t batch = std::min<size_t>(size - 3, data[0] | size_t{data[1]} << 8);
  const size_t meta = data[2] == 255 ? 0 : std::min<size_t>(size - 3 - batch, data[2]);
  const std::filesystem::path root = fuzz::scratch_dir() / "cifar";
  std::filesystem::remove_all(root);
  const uint8_t* rest = data + 3;
  (void)fuzz::write_file("cifar/data_batch_1.bin", rest, batch);
  if (data[2] != 255) (void)fuzz::write_file("cifar/batches.meta.txt", rest + batch, meta);
  (void)fuzz::write_file("cifar/test_batch.bin", rest + batch + meta, size - 3 - batch - meta);
  fuzz::expect_clean_errors([&] { (void)data::load_cifar10(root); });
  return 0;
}
