// with_head_outputs: a spec's last linear resized for another number of classes, its other layers kept.
#include <gtest/gtest.h>

#include <nabla/nn/model_spec.h>

namespace nabla::nn {
namespace {

TEST(HeadOutputs, ResizesTheLastLinearOnly) {
  EXPECT_EQ(with_head_outputs("convnet", 5),
            "conv(32,3,pad=1)-relu-maxpool(2)-conv(64,3,pad=1)-relu-maxpool(2)-flatten-linear(128)-relu-linear(5)");
  EXPECT_EQ(with_head_outputs("flatten-linear(7)-relu-linear( 10 )-relu", 3), "flatten-linear(7)-relu-linear(3)-relu");
  EXPECT_EQ(with_head_outputs("flatten", 3), "flatten");  // nothing to resize: build_model says why
  Generator gen(0);
  EXPECT_EQ(build_model(with_head_outputs("mlp", 4), {1, 28, 28}, 4, gen, nullptr)->parameter_count(),
            784 * 256 + 256 + 256 * 128 + 128 + 128 * 4 + 4);
}

}  // namespace
}  // namespace nabla::nn
