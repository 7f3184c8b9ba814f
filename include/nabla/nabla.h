// The modelling API in one include, as <torch/torch.h>: tensors and their ops, autograd, layers,
// losses, optimizers and schedulers, data loading, and the Predictor that serves a trained run. The
// trainer, metrics, reports and plots keep their own headers (<nabla/train/trainer.h>,
// <nabla/metrics/…>, <nabla/plot/…>).
#pragma once

#include <nabla/tensor/precision.h>
#include <nabla/tensor/print.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/tensor.h>
#include <nabla/tensor/tensor_values.h>
#include <nabla/tensor/threads.h>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/functional.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>

#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/dropout.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/functional.h>
#include <nabla/nn/global_avg_pool.h>
#include <nabla/nn/init.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/model_summary.h>
#include <nabla/nn/module.h>
#include <nabla/nn/pool2d.h>
#include <nabla/nn/residual.h>
#include <nabla/nn/sequential.h>

#include <nabla/loss/bce_with_logits.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/loss/hinge.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/loss/logistic.h>
#include <nabla/loss/mse.h>

#include <nabla/optim/adagrad.h>
#include <nabla/optim/adam.h>
#include <nabla/optim/adamw.h>
#include <nabla/optim/cosine_annealing_lr.h>
#include <nabla/optim/lbfgs.h>
#include <nabla/optim/newton.h>
#include <nabla/optim/one_cycle_lr.h>
#include <nabla/optim/reduce_lr_on_plateau.h>
#include <nabla/optim/rmsprop.h>
#include <nabla/optim/sgd.h>
#include <nabla/optim/step_lr.h>

#include <nabla/data/augmentation.h>
#include <nabla/data/data_loader.h>
#include <nabla/data/fashion_mnist.h>
#include <nabla/data/normalization.h>
#include <nabla/data/split.h>
#include <nabla/data/tensor_dataset.h>

#include <nabla/predictor.h>
