# Writes nn_fixtures.json: torch.nn layer outputs on fixed inputs and weights, and BatchNorm running
# statistics after three training batches.
#
# Run with /usr/bin/python3 (torch 1.13). Everything is float64; the C++ tests in tests/nn load the same
# weights and inputs and must agree to 1e-12. Each tensor is {"shape": [...], "data": [... row-major ...]}.
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn_fixtures.json")


def tensor(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def randn(g, *shape, scale=1.0, shift=0.0):
    return torch.randn(*shape, generator=g, dtype=torch.float64) * scale + shift


def linear(g):
    layer = torch.nn.Linear(5, 3).double()
    with torch.no_grad():
        layer.weight.copy_(randn(g, 3, 5))
        layer.bias.copy_(randn(g, 3))
    x = randn(g, 4, 5)
    return {"weight": tensor(layer.weight), "bias": tensor(layer.bias), "x": tensor(x), "y": tensor(layer(x))}


def conv(g, stride, padding):
    layer = torch.nn.Conv2d(2, 4, 3, stride=stride, padding=padding).double()
    with torch.no_grad():
        layer.weight.copy_(randn(g, 4, 2, 3, 3))
        layer.bias.copy_(randn(g, 4))
    x = randn(g, 2, 2, 7, 6)
    return {"stride": stride, "padding": padding, "weight": tensor(layer.weight), "bias": tensor(layer.bias),
            "x": tensor(x), "y": tensor(layer(x))}


def pools(g):
    x = randn(g, 2, 3, 7, 7)
    return {"kernel": 3, "stride": 2, "padding": 1, "x": tensor(x),
            "max": tensor(torch.nn.MaxPool2d(3, stride=2, padding=1)(x)),
            "avg": tensor(torch.nn.AvgPool2d(3, stride=2, padding=1)(x))}


def batch_norm(g, layer, batch_shape):
    """Three train-mode batches (outputs kept), then the running statistics and an eval-mode output."""
    layer = layer.double()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([0.5, 1.5, -1.0], dtype=torch.float64))
        layer.bias.copy_(torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64))
    layer.train()
    batches, outputs = [], []
    for i in range(3):
        x = randn(g, *batch_shape, scale=2.0, shift=float(i))
        batches.append(tensor(x))
        outputs.append(tensor(layer(x)))
    layer.eval()
    x_eval = randn(g, *batch_shape, scale=2.0, shift=1.0)
    return {"weight": tensor(layer.weight), "bias": tensor(layer.bias), "batches": batches, "train_outputs": outputs,
            "running_mean": tensor(layer.running_mean), "running_var": tensor(layer.running_var),
            "num_batches_tracked": int(layer.num_batches_tracked), "eval_x": tensor(x_eval),
            "eval_y": tensor(layer(x_eval))}


def main():
    g = torch.Generator().manual_seed(11)
    fixtures = {
        "linear": linear(g),
        "conv": [conv(g, 1, 0), conv(g, 2, 1)],
        "pool": pools(g),
        "batch_norm_1d": batch_norm(g, torch.nn.BatchNorm1d(3), (8, 3)),
        "batch_norm_1d_sequence": batch_norm(g, torch.nn.BatchNorm1d(3), (4, 3, 5)),
        "batch_norm_2d": batch_norm(g, torch.nn.BatchNorm2d(3), (2, 3, 4, 4)),
        "torch_version": torch.__version__,
    }
    with open(OUT, "w") as f:
        json.dump(fixtures, f)
        f.write("\n")


if __name__ == "__main__":
    main()
