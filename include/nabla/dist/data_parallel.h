// DataParallel: one model trained by every rank of a data-parallel run (PyTorch's
// DistributedDataParallel). Wrapping a model copies rank 0's parameters and buffers to every rank; each
// backward() through it then leaves in .grad the average of every rank's gradient, all-reduced in buckets
// while backward still runs (BucketReducer). A PyTorch-style loop changes in two lines:
//
//   nabla::dist::Session session(argc, argv);     // new: opens main()
//   auto model = nabla::nn::build_model("mlp", {1, 28, 28}, 10, gen, nullptr);
//   nabla::dist::DataParallel ddp(model);         // new: wraps the model; the loop calls ddp(x)
//   nabla::optim::SGD sgd(model->parameters(), {.lr = 0.1, .momentum = 0.9});
//   for (auto& [x, y] : my_share_of_each_batch) {
//     sgd.zero_grad();
//     nabla::backward(nabla::loss::cross_entropy(ddp(x), y));
//     sgd.step();
//   }
//
// Every rank must run the same steps, each on its own share of the global batch; with shares of equal
// size the average of the ranks' mean losses is the mean loss of the global batch, so N processes follow
// the path of one process on the whole batch (data::LoaderOptions::rank shards a DataLoader so).
#pragma once
#include <memory>
#include <string>

#include <nabla/dist/bucket_reducer.h>
#include <nabla/nn/module.h>

namespace nabla::dist {

struct DataParallelOptions {
  BucketOptions buckets{};
  // BatchNorm statistics of the whole batch over every rank (SyncBatchNorm); off, each rank normalises by
  // its own share, as DDP does.
  bool sync_batchnorm = false;
  // Rank 0's buffers (BatchNorm's running statistics) copied to every rank before each forward in train
  // mode, as DDP's broadcast_buffers, so that every rank evaluates the same model.
  bool broadcast_buffers = true;
};

class DataParallel : public nn::Module {
 public:
  // The model's trainable parameters must be the same, in the same order, on every rank.
  explicit DataParallel(std::shared_ptr<nn::Module> module, const DataParallelOptions& options = {});

  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override;  // "DataParallel(<the model's>)"
  [[nodiscard]] nn::Module& module() const { return *module_; }

  // While one lives, backward() only accumulates gradients on this rank (DDP's no_sync); the first
  // backward() after it averages the sums. For gradient accumulation: K − 1 backward passes inside, one
  // outside, then the optimizer's step.
  class NoSync {
   public:
    explicit NoSync(BucketReducer* reducer) : reducer_(reducer) {
      if (reducer_) reducer_->set_sync(false);
    }
    ~NoSync() {
      if (reducer_) reducer_->set_sync(true);
    }
    NoSync(const NoSync&) = delete;
    NoSync& operator=(const NoSync&) = delete;

   private:
    BucketReducer* reducer_;
  };
  [[nodiscard]] NoSync no_sync() { return NoSync(reducer_.get()); }

  // How often and how long backward waited for the other ranks (empty in a world of one).
  [[nodiscard]] ReducerStats stats() const { return reducer_ ? reducer_->stats() : ReducerStats{}; }

 private:
  std::shared_ptr<nn::Module> module_;
  DataParallelOptions options_;
  std::unique_ptr<BucketReducer> reducer_;
};

// Rank root's parameters and buffers (or buffers only) into every rank's module, in place; a collective.
void broadcast_state(nn::Module& module, int root = 0);
void broadcast_buffers(nn::Module& module, int root = 0);

}  // namespace nabla::dist
