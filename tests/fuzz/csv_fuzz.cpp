// Fuzzes load_csv: the first byte picks the options (label column, header rule, delimiter, given class
// names), the rest is the file.
#include <nabla/data/csv_reader.h>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla::data;
  if (size == 0) return 0;
  const uint8_t o = data[0];
  CsvOptions options{.label_index = (o & 3) - 2,
                     .header = static_cast<CsvHeader>((o >> 2 & 3) % 3),
                     .delimiter = ",;\t|"[o >> 4 & 3]};
  if (o & 0x40) options.class_names = {"0", "1", "cat"};
  if (o & 0x80) options.label_column = "label";
  const auto path = nabla::fuzz::write_file("data.csv", data + 1, size - 1);
  nabla::fuzz::expect_clean_errors([&] { (void)load_csv(path, options); });
  return 0;
}
