// Per-layer health: parameters grouped into layers, layer gradient norms and update ratios against
// sums written out by hand, and dead ReLU units in a model whose biases silence them.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/linear.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/layer_health.h>

namespace nabla::train {
namespace {

Tensor values(std::initializer_list<double> v, const Shape& shape) { return Tensor::from_list(v, shape); }

TEST(LayerHealth, ParametersGroupIntoLayersByTheirPrefix) {
  const nn::NamedTensors params = {{"0.weight", Tensor::zeros({4, 3})},        {"0.bias", Tensor::zeros({4})},
                                   {"2.weight", Tensor::zeros({2, 4})},        {"block.0.weight", Tensor::zeros({5})},
                                   {"block.0.bias", Tensor::zeros({1})}};
  const LayerIndex index = index_layers(params);
  ASSERT_EQ(index.layers.size(), 3u);
  EXPECT_EQ(index.layers[0].name, "0");
  EXPECT_EQ(index.layers[0].parameters, 16);
  EXPECT_EQ(index.layers[1].name, "2");
  EXPECT_EQ(index.layers[2].name, "block.0");
  EXPECT_EQ(index.layers[2].parameters, 6);
  EXPECT_EQ(index.of_parameter, (std::vector<std::size_t>{0, 0, 1, 2, 2}));
}

TEST(LayerHealth, NormsAndUpdateRatiosPerLayer) {
  const LayerIndex index = index_layers({{"0.weight", Tensor::zeros({2})}, {"0.bias", Tensor::zeros({1})},
                                         {"1.weight", Tensor::zeros({2})}});
  // Layer 0: ‖(3, 0, 4)‖ = 5; layer 1: ‖(1, 1)‖ = √2; an undefined gradient counts as 0.
  const std::vector<double> norms =
      layer_norms({values({3, 0}, {2}), values({4}, {1}), values({1, 1}, {2})}, index);
  EXPECT_NEAR(norms[0], 5, 1e-12);
  EXPECT_NEAR(norms[1], std::sqrt(2.0), 1e-7);
  EXPECT_EQ(layer_norms({values({3, 0}, {2}), Tensor(), Tensor()}, index)[1], 0);
  // Layer 0 moves by (0.3, 0, 0.4) from (3, 0, 4): ratio 0.5/5; layer 1 stays: 0.
  const std::vector<double> ratios = layer_update_ratios({values({3, 0}, {2}), values({4}, {1}), values({1, 1}, {2})},
                                                         {values({3.3, 0}, {2}), values({4.4}, {1}), values({1, 1}, {2})},
                                                         index);
  EXPECT_NEAR(ratios[0], 0.1, 1e-6);  // float32 values
  EXPECT_EQ(ratios[1], 0);
  EXPECT_THROW((void)layer_norms({values({1}, {1})}, index), std::invalid_argument);
}

// Large tensors are summed in chunks over the threads: the sums still equal a serial long-double sum, and
// the same bits come out whatever the thread count.
TEST(LayerHealth, LargeTensorsSumExactlyAndIndependentlyOfThreads) {
  Generator gen(5);
  const Tensor w = randn({300, 1001}, gen), b = randn({300}, gen);  // ~18 chunks: parallel
  const Tensor w2 = add(w, randn({300, 1001}, gen, 0, 0.01));
  const LayerIndex index = index_layers({{"0.weight", w}, {"0.bias", b}});
  long double squares = 0, moved = 0;
  const std::vector<float> vw = w.to_vector<float>(), vb = b.to_vector<float>(), vw2 = w2.to_vector<float>();
  for (std::size_t i = 0; i < vw.size(); ++i) {
    squares += static_cast<long double>(vw[i]) * vw[i];
    const long double d = static_cast<long double>(vw2[i]) - vw[i];
    moved += d * d;
  }
  for (float v : vb) squares += static_cast<long double>(v) * v;
  const int threads = num_threads();
  std::vector<double> norms, ratios;
  for (int t : {1, 2}) {
    set_num_threads(t);
    const std::vector<double> n = layer_norms({w, b}, index);
    const std::vector<double> r = layer_update_ratios({w, b}, {w2, b}, index);
    EXPECT_NEAR(n[0], static_cast<double>(std::sqrt(squares)), 1e-12 * n[0]);
    EXPECT_NEAR(r[0], static_cast<double>(std::sqrt(moved / squares)), 1e-12 * r[0]);
    if (!norms.empty()) {
      EXPECT_EQ(n, norms);
      EXPECT_EQ(r, ratios);
    }
    norms = n;
    ratios = r;
  }
  set_num_threads(threads);
}

TEST(LayerHealth, RoundsToSignificantDigits) {
  EXPECT_EQ(round_significant(0.0012345678), 0.001235);
  EXPECT_EQ(round_significant(123456.0), 123500.0);
  EXPECT_EQ(round_significant(0.0), 0.0);
  EXPECT_TRUE(std::isnan(round_significant(std::nan(""))));
}

TEST(LayerHealth, DeadReluSharePerLayer) {
  Generator gen(3);
  nn::Sequential model(nn::Linear(4, 8, gen), nn::ReLU(), nn::Linear(8, 3, gen), nn::ReLU());
  EXPECT_EQ(relu_layer_names(model), (std::vector<std::string>{"1", "3"}));
  const Tensor x = randn({64, 4}, gen);
  // A Xavier layer with zero biases fires for about half the samples per unit: none is dead on 64.
  std::vector<double> shares = dead_relu_shares(model, x);
  ASSERT_EQ(shares.size(), 2u);
  EXPECT_EQ(shares[0], 0);
  // Biases of -1000 silence six of the first layer's eight units for any input of this size.
  auto state = model.state_dict();
  std::vector<float> bias(8, 0.0f);
  for (int i = 0; i < 6; ++i) bias[i] = -1000;
  state["0.bias"] = Tensor::from_vector(std::span<const float>(bias), {8});
  model.load_state_dict(state);
  shares = dead_relu_shares(model, x);
  EXPECT_EQ(shares[0], 0.75);
  EXPECT_TRUE(model.is_training());  // its mode restored
}

TEST(LayerHealth, DeadReluUnitsOfAnImageAreChannels) {
  Generator gen(5);
  nn::Sequential model(nn::Conv2d(1, 4, 3, gen), nn::ReLU());
  auto state = model.state_dict();
  std::vector<float> bias = {-1000, 0, 0, -1000};
  state["0.bias"] = Tensor::from_vector(std::span<const float>(bias), {4});
  model.load_state_dict(state);
  const std::vector<double> shares = dead_relu_shares(model, randn({8, 1, 6, 6}, gen));
  ASSERT_EQ(shares.size(), 1u);
  EXPECT_EQ(shares[0], 0.5);
}

}  // namespace
}  // namespace nabla::train
