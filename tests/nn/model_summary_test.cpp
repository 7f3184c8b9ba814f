// summarize_model: FLOPs per sample against hand-computed counts, frozen and trainable parameters.
#include <gtest/gtest.h>

#include <nabla/nn/activation.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/model_summary.h>
#include <nabla/nn/pool2d.h>
#include <nabla/nn/sequential.h>

namespace nabla::nn {
namespace {

// Conv2d(3, 4, k3, stride 2, padding 1) on [3, 8, 8] -> [4, 4, 4]; max pool 2 -> [4, 2, 2]; flatten -> [16];
// Linear(16, 5) without bias.
Sequential conv_net(Generator& gen) {
  return Sequential(Conv2d(3, 4, 3, gen, {.stride = 2, .padding = 1}), ReLU(), MaxPool2d(2), Flatten(),
                    Linear(16, 5, gen, {.bias = false}));
}

TEST(ModelSummary, FlopsOfConvAndLinearByHand) {
  Generator gen(0);
  Sequential model = conv_net(gen);
  const ModelSummary s = summarize_model(model, {3, 8, 8});
  ASSERT_EQ(s.layers.size(), 5u);
  // Conv: 4·4·4 = 64 outputs, each 3·3·3 = 27 multiply-adds (54 FLOPs) and a bias addition.
  EXPECT_EQ(s.layers[0].flops, 64 * (2 * 27 + 1));
  EXPECT_EQ(s.layers[0].output, (Shape{4, 4, 4}));
  for (std::size_t i = 1; i < 4; ++i) EXPECT_FALSE(s.layers[i].flops.has_value()) << s.layers[i].description;
  // Linear without bias: 5 outputs of 16 multiply-adds.
  EXPECT_EQ(s.layers[4].flops, 5 * 2 * 16);
  EXPECT_EQ(s.flops, 3520 + 160);
  EXPECT_EQ(s.parameters, 4 * 27 + 4 + 16 * 5);
}

TEST(ModelSummary, CountsFrozenAndTrainableParameters) {
  Generator gen(0);
  Sequential model = conv_net(gen);
  model[0].set_trainable(false);
  const ModelSummary s = summarize_model(model, {3, 8, 8});
  EXPECT_EQ(s.frozen, 112);
  EXPECT_EQ(s.trainable, 80);
  EXPECT_EQ(s.layers[0].frozen, 112);
  EXPECT_EQ(s.layers[4].frozen, 0);
  EXPECT_EQ(format_model_summary(s),
            "#  layer                                        output     params  FLOPs\n"
            "0  Conv2d(3, 4, kernel=3, stride=2, padding=1)  [4, 4, 4]     112   3520  frozen\n"
            "1  ReLU                                         [4, 4, 4]       0      -\n"
            "2  MaxPool2d(kernel=2, stride=2)                [4, 2, 2]       0      -\n"
            "3  Flatten(start_dim=1)                         [16]            0      -\n"
            "4  Linear(16, 5, bias=false)                    [5]            80    160\n"
            "total parameters: 192 (trainable 80, frozen 112)\n"
            "FLOPs per sample: 3680 (3.68 k; a multiply-add counts 2, Linear and Conv2d layers)\n");
  EXPECT_EQ(compact_model_summary(s), "model: 5 layers, 192 parameters (trainable 80, frozen 112), 3.68 k FLOPs per sample");
}

TEST(ModelSummary, ResidualBlocksCountTheirConvolutions) {
  Generator gen(0);
  const auto model = build_model("resnet20", {1, 28, 28}, 10, gen, nullptr);
  const ModelSummary s = summarize_model(*model, {1, 28, 28});
  // 3×3 convolutions without bias: 2·C·9 FLOPs per output value, outputs O·H·W.
  const auto conv = [](int64_t c, int64_t o, int64_t hw) { return 2 * c * 9 * o * hw * hw; };
  const int64_t stem = conv(1, 16, 28);
  const int64_t stage1 = 6 * conv(16, 16, 28);
  const int64_t stage2 = conv(16, 32, 14) + 5 * conv(32, 32, 14);
  const int64_t stage3 = conv(32, 64, 7) + 5 * conv(64, 64, 7);
  const int64_t head = 10 * (2 * 64 + 1);
  EXPECT_EQ(s.layers[3].flops, 2 * conv(16, 16, 28));  // the first block: two convolutions, option A adds none
  EXPECT_EQ(s.layers[9].flops, conv(16, 32, 14) + conv(32, 32, 14));
  EXPECT_EQ(s.flops, stem + stage1 + stage2 + stage3 + head);
  EXPECT_EQ(s.flops, 61642506);

  // A projection shortcut's 1×1 convolution counts too: 2·C per output value.
  Generator gen2(0);
  const auto projected = build_model("res(conv(8,3,stride=2,pad=1)|conv(8,1,stride=2))-gap-linear(2)", {4, 6, 6}, 2,
                                     gen2, nullptr);
  const ModelSummary p = summarize_model(*projected, {4, 6, 6});
  EXPECT_EQ(p.layers[0].flops, (2 * 4 * 9 + 1) * 8 * 9 + (2 * 4 + 1) * 8 * 9);
}

TEST(ModelSummary, ShortCounts) {
  EXPECT_EQ(short_count(950), "950");
  EXPECT_EQ(short_count(999.6), "1 k");
  EXPECT_EQ(short_count(12345678), "12.3 M");
}

}  // namespace
}  // namespace nabla::nn
