// "Did you mean": edit distances and the nearest known name, or none when nothing is near.
#include <gtest/gtest.h>

#include <nabla/io/closest_name.h>

namespace nabla::io {
namespace {

TEST(ClosestName, EditDistanceCountsSingleCharacterEdits) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("lr", "lr"), 0u);
  EXPECT_EQ(edit_distance("lrr", "lr"), 1u);         // deletion
  EXPECT_EQ(edit_distance("epoch", "epochs"), 1u);   // insertion
  EXPECT_EQ(edit_distance("momentun", "momentum"), 1u);  // substitution
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(ClosestName, SuggestsOnlyNearNames) {
  const std::vector<std::string> flags = {"--lr", "--epochs", "--momentum", "--batch-size"};
  EXPECT_EQ(closest_name("--lrr", flags), "--lr");
  EXPECT_EQ(closest_name("--epoch", flags), "--epochs");
  EXPECT_EQ(closest_name("--batchsize", flags), "--batch-size");
  EXPECT_EQ(closest_name("--learning-rate", flags), std::nullopt);
  EXPECT_EQ(did_you_mean("--momentm", flags), " (did you mean --momentum?)");
  EXPECT_EQ(did_you_mean("--colour", flags), "");
}

}  // namespace
}  // namespace nabla::io
