// Inputs for `nabla predict`: PNG files and folders in order with their paths, CSV rows with and
// without a label column or header, and the errors naming the file.
#include <gtest/gtest.h>
#include <nabla/data/prediction_inputs.h>
#include <png.h>

#include "data_test_files.h"
#include "png_writer.h"

namespace nabla::data {
namespace {

using testing::error_of;
using testing::TempDir;
using testing::write_png;

// A file and a folder: the folder's PNGs (any case of the extension) sorted, other files skipped; an RGB
// image converted to the model's one channel.
TEST(PredictionInputs, ImagesAndFoldersInOrder) {
  TempDir dir;
  write_png(dir / "one.png", 2, 1, PNG_FORMAT_GRAY, {0, 255});
  write_png(dir / "more/b.png", 2, 1, PNG_FORMAT_GRAY, {51, 102});
  write_png(dir / "more/a.PNG", 2, 1, PNG_FORMAT_RGB, {255, 255, 255, 0, 0, 0});
  testing::write_text(dir / "more/notes.txt", "not an image");
  const PredictionInputs in = load_prediction_inputs({dir / "one.png", dir / "more"}, {1, 1, 2});
  EXPECT_EQ(in.names, (std::vector<std::string>{(dir / "one.png").string(), (dir / "more/a.PNG").string(),
                                                (dir / "more/b.png").string()}));
  const std::vector<float> expected{0, 1, 1, 0, 0.2f, 0.4f};
  ASSERT_EQ(in.features.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(in.features[i], expected[i], 1e-6) << i;
}

// Rows of F features, or F features and a label (ignored); a header is skipped; names give the line.
TEST(PredictionInputs, CsvRowsWithOrWithoutLabels) {
  TempDir dir;
  testing::write_text(dir / "labelled.csv", "x,y,label\n1,2,cat\n\n3,4,dog\n");
  testing::write_text(dir / "plain.csv", "5,6\n");
  const PredictionInputs in = load_prediction_inputs({dir / "labelled.csv", dir / "plain.csv"}, {2});
  EXPECT_EQ(in.features, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  const std::string labelled = (dir / "labelled.csv").string();
  const std::string plain = (dir / "plain.csv").string();
  EXPECT_EQ(in.names, (std::vector<std::string>{labelled + ":2", labelled + ":4", plain + ":1"}));
}

TEST(PredictionInputs, ErrorsNameTheFile) {
  TempDir dir;
  write_png(dir / "big.png", 3, 2, PNG_FORMAT_GRAY, {0, 0, 0, 0, 0, 0});
  std::filesystem::create_directories(dir / "empty");
  testing::write_text(dir / "rows.csv", "1,2\n1,2,3,4\n");
  testing::write_text(dir / "text.csv", "1,2\n1,x\n");
  const auto error = [](const std::vector<std::filesystem::path>& paths, const std::vector<int64_t>& shape) {
    return error_of<std::runtime_error>([&] { (void)load_prediction_inputs(paths, shape); });
  };
  EXPECT_EQ(error({dir / "nowhere.png"}, {1, 2, 2}), (dir / "nowhere.png").string() + ": no such file or folder");
  EXPECT_EQ(error({dir / "big.png"}, {1, 2, 2}),
            (dir / "big.png").string() + ": size 3x2 (width x height), the model takes 2x2");
  EXPECT_EQ(error({dir / "big.png"}, {4}),
            (dir / "big.png").string() + ": an image, but the model takes samples of shape [4]");
  EXPECT_EQ(error({dir / "empty"}, {1, 2, 2}), (dir / "empty").string() + ": no PNG or JPEG files in this folder");
  EXPECT_EQ(error({dir / "rows.csv"}, {2}),
            (dir / "rows.csv").string() + ":2: 4 fields, the model takes 2 features (and an optional label)");
  EXPECT_EQ(error({dir / "text.csv"}, {2}), (dir / "text.csv").string() + ":2: field 2 \"x\" is not a number");
  EXPECT_EQ(error({dir / "rows.csv"}, {1, 2, 2}),
            (dir / "rows.csv").string() + ": CSV rows, but the model takes samples of shape [1, 2, 2]");
}

}  // namespace
}  // namespace nabla::data
