// Class selection and per-class sampling: renumbering, names, seeded stratified draws and their errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include <nabla/data/class_selection.h>

namespace nabla::data {
namespace {

// n samples of one feature, sample i of class i % classes, its feature i.
LabeledData striped(int64_t n, int64_t classes, bool named = true) {
  LabeledData d{.features = {}, .sample_shape = {1}, .labels = {}, .num_classes = classes, .class_names = {}};
  for (int64_t i = 0; i < n; ++i) {
    d.features.push_back(static_cast<float>(i));
    d.labels.push_back(i % classes);
  }
  if (named)
    for (int64_t c = 0; c < classes; ++c) d.class_names.push_back(std::string("c").append(std::to_string(c)));
  return d;
}

std::string error_of(const auto& f) {
  try {
    (void)f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseClassList, ReadsIndicesInOrder) {
  EXPECT_EQ(parse_class_list("5,6,7,8,9"), (std::vector<int64_t>{5, 6, 7, 8, 9}));
  EXPECT_EQ(parse_class_list("3,0"), (std::vector<int64_t>{3, 0}));
}

TEST(ParseClassList, RefusesBadLists) {
  EXPECT_EQ(error_of([] { return parse_class_list("5,5,6"); }), "lists class 5 twice: \"5,5,6\"");
  EXPECT_EQ(error_of([] { return parse_class_list("4"); }),
            "must list at least two classes (training needs two), not \"4\"");
  for (const char* bad : {"", "1,,2", "1,-2", "1,x", "1, 2", "1,2,", "1,99999999999999999999"})
    EXPECT_NE(error_of([&] { return parse_class_list(bad); }).find("must be a comma-separated list of class indices"),
              std::string::npos)
        << bad;
}

TEST(SelectClasses, KeepsAndRenumbersWithNames) {
  const LabeledData d = striped(20, 10);
  const std::vector<int64_t> classes{7, 2};
  const LabeledData s = select_classes(d, classes);
  EXPECT_EQ(s.num_classes, 2);
  EXPECT_EQ(s.class_names, (std::vector<std::string>{"c7", "c2"}));
  EXPECT_EQ(s.labels, (std::vector<int64_t>{1, 0, 1, 0}));  // samples 2, 7, 12, 17 in their order
  EXPECT_EQ(s.features, (std::vector<float>{2, 7, 12, 17}));
  // Without names the old indices become the names, so that a report still says which class is which.
  EXPECT_EQ(select_classes(striped(20, 10, false), classes).class_names, (std::vector<std::string>{"7", "2"}));
}

TEST(SelectClasses, RefusesAClassOutOfRange) {
  const std::vector<int64_t> classes{2, 10};
  EXPECT_EQ(error_of([&] { return select_classes(striped(20, 10), classes); }),
            "class 10 is out of range: the data has 10 classes, 0 to 9");
}

TEST(SamplePerClass, DrawsKOfEachClassSeeded) {
  const LabeledData d = striped(300, 3);
  const LabeledData a = sample_per_class(d, 5, 42);
  ASSERT_EQ(a.size(), 15);
  for (int64_t c = 0; c < 3; ++c) EXPECT_EQ(std::count(a.labels.begin(), a.labels.end(), c), 5) << "class " << c;
  EXPECT_TRUE(std::is_sorted(a.features.begin(), a.features.end()));  // original order kept
  EXPECT_EQ(sample_per_class(d, 5, 42).features, a.features);         // the same seed, the same draw
  EXPECT_NE(sample_per_class(d, 5, 43).features, a.features);         // another seed, another draw
  EXPECT_EQ(sample_per_class(d, 100, 1).size(), 300);                 // every sample of each class
}

TEST(SamplePerClass, RefusesKBelowOneAndSmallClasses) {
  const LabeledData d = striped(10, 3);  // classes of 4, 3 and 3 samples
  EXPECT_EQ(error_of([&] { return sample_per_class(d, 0, 1); }), "must be a whole number >= 1, not 0");
  EXPECT_EQ(error_of([&] { return sample_per_class(d, 4, 1); }),
            "class 1 (\"c1\") has 3 training samples, fewer than 4; choose at most 3");
}

}  // namespace
}  // namespace nabla::data
