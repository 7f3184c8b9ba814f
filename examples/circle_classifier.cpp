// A complete user program in the lecture's PyTorch idiom: a small MLP learns whether a point of the
// plane lies inside a circle, trained with minibatch SGD + momentum. Step for step it is
//   x = (x - x.mean(0)) / x.std(0)
//   loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
//   model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2))
//   optimizer = optim.SGD(model.parameters(), lr=0.03, momentum=0.9)
//   for x, y in loader:
//       optimizer.zero_grad(); loss = F.cross_entropy(model(x), y); loss.backward(); optimizer.step()
//   with torch.no_grad(): accuracy = (model(x_test).argmax(1) == y_test).float().mean()
// It exits with 1 unless the test accuracy reaches 95 %.
#include <cstdio>
#include <utility>

#include <nabla/nabla.h>

namespace {

using nabla::Tensor;

// n points uniform in [-2, 2]², labelled 1 outside the circle x₁² + x₂² = 2.5 (about half of them).
std::pair<Tensor, Tensor> circle_points(int64_t n, nabla::Generator& gen) {
  const Tensor x = nabla::rand({n, 2}, gen, -2, 2);
  const Tensor outside = nabla::gt(nabla::sum(x * x, {1}), nabla::tensor({2.5}));
  return {x, outside.to(nabla::DType::i64)};
}

}  // namespace

int main() {
  using namespace nabla;
  Generator gen(0);
  auto [x_train, y_train] = circle_points(2000, gen);
  auto [x_test, y_test] = circle_points(1000, gen);
  // Standardise with the training set's statistics.
  const Tensor mu = mean(x_train, {0}, true), sigma = nabla::std(x_train, {0}, 1, true);
  x_train = (x_train - mu) / sigma;
  x_test = (x_test - mu) / sigma;

  const data::TensorDataset train_set(x_train, y_train);
  data::DataLoader loader(train_set, {.batch_size = 32, .shuffle = true, .seed = 1});
  nn::Sequential model(nn::Linear(2, 32, gen), nn::ReLU(), nn::Linear(32, 2, gen));
  optim::SGD optimizer(model.parameters(), {.lr = 0.03, .momentum = 0.9});

  double accuracy = 0;
  for (int64_t epoch = 0; epoch < 10; ++epoch) {
    model.train();
    loader.start_epoch(epoch);
    double loss_sum = 0;
    while (auto batch = loader.next()) {
      optimizer.zero_grad();
      const Tensor loss = loss::cross_entropy(model(batch->x), batch->y);
      backward(loss);
      optimizer.step();
      loss_sum += loss.item() * static_cast<double>(batch->y.numel());
    }
    model.eval();
    NoGradGuard no_grad;
    accuracy = mean(eq(argmax(model(x_test), 1), y_test)).item();
    std::printf("epoch %2lld  train loss %.4f  test accuracy %.3f\n", static_cast<long long>(epoch + 1),
                loss_sum / static_cast<double>(train_set.size()), accuracy);
  }
  return accuracy >= 0.95 ? 0 : 1;
}
