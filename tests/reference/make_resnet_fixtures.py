# Writes resnet_fixtures.json: dilated and grouped convolutions, and residual blocks (identity, option-A and
# projection shortcuts, batch norm in train mode), each with its output and the gradients of sum(y * g).
#
# Run with /usr/bin/python3 (torch 1.13). Everything is float64; the C++ tests in tests/nn load the same
# weights and inputs and must agree to 1e-10. Each tensor is {"shape": [...], "data": [... row-major ...]}.
# Option A is written as in the common PyTorch CIFAR ResNets: F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, p, p)).
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resnet_fixtures.json")


def tensor(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def randn(g, *shape):
    return torch.randn(*shape, generator=g, dtype=torch.float64)


def randomize(g, module):
    """Every parameter drawn from N(0, 1) (BN's weight around 1), so that each shows in the outputs."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(randn(g, *p.shape) * 0.5 + (1.0 if name.endswith("weight") and p.dim() == 1 else 0.0))


def gradients(g, module, x):
    """Output, and the gradients of sum(y * upstream) for x and every parameter (by state-dict name)."""
    x = x.clone().requires_grad_()
    y = module(x)
    upstream = randn(g, *y.shape)
    (y * upstream).sum().backward()
    return {"x": tensor(x), "y": tensor(y), "upstream": tensor(upstream), "grad_x": tensor(x.grad),
            "params": {k: tensor(v) for k, v in module.state_dict().items() if v.is_floating_point()},
            "grads": {k: tensor(p.grad) for k, p in module.named_parameters()}}


def conv(g, spec, in_channels, out_channels, k, **options):
    layer = nn.Conv2d(in_channels, out_channels, k, **options).double()
    randomize(g, layer)
    case = gradients(g, nn.Sequential(layer), randn(g, 2, in_channels, 7, 8))
    case["spec"] = spec
    return case


class OptionA(nn.Module):
    def __init__(self, pad):
        super().__init__()
        self.pad = pad

    def forward(self, x):
        return nn.functional.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))


class Block(nn.Module):
    """conv-bn-relu-conv-bn plus a shortcut: nabla's res(…) (its ReLU after the sum is the next layer)."""

    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                                  nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.cut = shortcut

    def forward(self, x):
        return torch.relu(self.body(x) + self.cut(x))


def block(g, spec, cin, cout, stride, shortcut, projection=None):
    m = Block(cin, cout, stride, shortcut).double()
    if projection is not None:
        m.shortcut = projection.double()
        m.cut = m.shortcut
    randomize(g, m)
    model = nn.Sequential(m).train()
    case = gradients(g, model, randn(g, 3, cin, 6, 6))
    # nabla's names: the block is layer 0, its ReLU layer 1; torch's "0.cut.*" duplicates "0.shortcut.*".
    for key in ("params", "grads"):
        case[key] = {k: v for k, v in case[key].items() if ".cut." not in k}
    case["spec"] = spec
    return case


def main():
    g = torch.Generator().manual_seed(12)
    fixtures = {
        "conv": [
            conv(g, "conv(4,3,dilation=2,pad=1)", 2, 4, 3, dilation=2, padding=1),
            conv(g, "conv(6,3,stride=2,pad=2,dilation=2,groups=2)", 4, 6, 3, stride=2, padding=2, dilation=2,
                 groups=2),
            conv(g, "conv(4,3,pad=1,groups=4,bias=0)", 4, 4, 3, padding=1, groups=4, bias=False),
        ],
        "residual": [
            block(g, "res(conv(4,3,pad=1,bias=0)-bn-relu-conv(4,3,pad=1,bias=0)-bn)-relu", 4, 4, 1, nn.Identity()),
            block(g, "res(conv(8,3,stride=2,pad=1,bias=0)-bn-relu-conv(8,3,pad=1,bias=0)-bn)-relu", 4, 8, 2,
                  OptionA(2)),
            block(g, "res(conv(6,3,stride=2,pad=1,bias=0)-bn-relu-conv(6,3,pad=1,bias=0)-bn|conv(6,1,stride=2,bias=0)"
                     "-bn)-relu", 4, 6, 2, None,
                  nn.Sequential(nn.Conv2d(4, 6, 1, 2, bias=False), nn.BatchNorm2d(6))),
        ],
        "torch_version": torch.__version__,
    }
    with open(OUT, "w") as f:
        json.dump(fixtures, f)
        f.write("\n")


if __name__ == "__main__":
    main()
