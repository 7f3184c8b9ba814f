# Writes loss_fixtures.json: loss values and gradients from torch.nn.functional on fixed inputs.
#
# Run with /usr/bin/python3 (torch 1.13). Everything is float64; the C++ tests in tests/loss read the
# JSON and must agree to 1e-12. Each tensor is {"shape": [...], "data": [... row-major ...]}.
# The lecture's logistic loss log(1 + e^(-y*s)) on ±1 labels is torch's soft_margin_loss; the hinge
# loss max(0, 1 - y*s) has no torch.nn.functional form and is written with clamp.
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loss_fixtures.json")


def tensor(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def int_tensor(t):
    return {"shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()]}


def case(fn, output, target, target_json):
    """Values for each reduction and the gradient of the mean with respect to the output."""
    out = {"output": tensor(output), "target": target_json}
    for reduction in ("mean", "sum", "none"):
        out[reduction] = tensor(fn(output, target, reduction))
    x = output.clone().requires_grad_(True)
    fn(x, target, "mean").backward()
    out["grad_mean"] = tensor(x.grad)
    return out


def hinge(s, y, reduction):
    per = torch.clamp(1 - y * s, min=0)
    return {"mean": per.mean(), "sum": per.sum(), "none": per}[reduction]


def main():
    g = torch.Generator().manual_seed(7)
    dt = torch.float64
    fixtures = {}

    logits = torch.randn(6, 4, generator=g, dtype=dt) * 3
    logits[2] = torch.tensor([1000.0, -1000.0, 999.0, 0.0], dtype=dt)  # stability: log_softmax must not overflow
    labels = torch.tensor([0, 3, 2, 1, 1, 0])
    fixtures["cross_entropy"] = case(lambda o, t, r: F.cross_entropy(o, t, reduction=r), logits, labels,
                                     int_tensor(labels))

    for smoothing in (0.1, 1.0):  # label_smoothing: the target mixed with the uniform distribution
        fixtures[f"cross_entropy_smoothed_{smoothing}"] = case(
            lambda o, t, r: F.cross_entropy(o, t, reduction=r, label_smoothing=smoothing), logits, labels,
            int_tensor(labels))

    s = torch.randn(8, generator=g, dtype=dt) * 2
    s[0], s[1] = 100.0, -100.0  # e^100 overflows nothing in a stable form
    t = torch.tensor([1, 0, 0.3, 1, 0, 0.5, 1, 0], dtype=dt)
    fixtures["bce_with_logits"] = case(
        lambda o, tt, r: F.binary_cross_entropy_with_logits(o, tt, reduction=r), s, t, tensor(t))

    y = torch.tensor([1, -1, 1, 1, -1, -1, 1, -1], dtype=dt)
    fixtures["logistic"] = case(lambda o, tt, r: F.soft_margin_loss(o, tt, reduction=r), s, y, tensor(y))

    s_h = torch.tensor([0.3, -2.0, 1.5, 0.99, -0.4, 0.2, -1.7, 2.5], dtype=dt)
    fixtures["hinge"] = case(hinge, s_h, y, tensor(y))

    p = torch.randn(5, 3, generator=g, dtype=dt)
    target = torch.randn(5, 3, generator=g, dtype=dt)
    fixtures["mse"] = case(lambda o, tt, r: F.mse_loss(o, tt, reduction=r), p, target, tensor(target))

    w1 = torch.randn(3, 4, generator=g, dtype=dt).requires_grad_(True)
    w2 = torch.randn(3, generator=g, dtype=dt).requires_grad_(True)
    lam = 0.01
    penalty = lam / 2 * (w1.pow(2).sum() + w2.pow(2).sum())
    penalty.backward()
    fixtures["l2_penalty"] = {"params": [tensor(w1), tensor(w2)], "lambda": lam, "value": penalty.item(),
                              "grads": [tensor(w1.grad), tensor(w2.grad)]}

    fixtures["torch_version"] = torch.__version__
    with open(OUT, "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
