// summarize_model: FLOPs per sample against hand-computed counts, frozen and trainable parameters.
#include <gtest/gtest.h>

#include <nabla/nn/activation.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/linear.h>
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

TEST(ModelSummary, ShortCounts) {
  EXPECT_EQ(short_count(950), "950");
  EXPECT_EQ(short_count(999.6), "1 k");
  EXPECT_EQ(short_count(12345678), "12.3 M");
}

}  // namespace
}  // namespace nabla::nn
