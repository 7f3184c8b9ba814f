# Writes train_second_order.json: what `nabla train` with L-BFGS or Newton must reproduce on one small
# CSV problem, full batch. tests/cli/second_order_cli_test.cpp writes the CSV and the initial weights
# from it, runs the CLI and compares.
#
# Run with /usr/bin/python3 (torch 1.13, numpy). The data: 150 rows of 3 features and a 0/1 label
# (two overlapping Gaussian blobs), every value a multiple of 1/64 so that the CSV text is exact in
# float32. nabla trains on what is left after its stratified splits (test 0.2 with seed ^ 0x7E57, then
# validation 0.1 with seed); split_indices below reproduces src/data/split.cpp (SplitMix64 and a
# partial Fisher-Yates per class), and the C++ test checks that nabla's training rows are these.
# Cases:
# - least_squares: linear(2), mse on one-hot targets; the closed-form minimum (numpy lstsq, float64)
#   that one Newton step at lr 1 must reach.
# - newton_logistic: linear(1), bce; Newton's iterates w ← w − H⁻¹g in float64 (H from
#   torch.autograd.functional.hessian) from the given initial weights, one step per epoch.
# - lbfgs, lbfgs_strong_wolfe: linear(6)-tanh-linear(2), cross_entropy plus nabla's L2 penalty
#   λ/2·Σ‖W‖² on the weights (not the biases), λ = 0.01, which keeps the minimum finite (without it the
#   weights grow without bound); torch.optim.LBFGS in float32 (nabla's model dtype), lr 1, history 100,
#   max_iter 5, one step per epoch for 3 epochs. Longer runs reach the flat floor of the loss, where
#   float32 rounding alone moves the weights: torch's own float32 and float64 runs differ there by
#   5e-3 after 40 iterations, but by 5e-6 after these 15.
# Weights are stored under PyTorch's state-dict names, which nabla's Sequential shares.
import json
import math
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1
SEED, VAL_FRACTION, TEST_FRACTION = 0, 0.1, 0.2


def rounded(values):
    """Floats printed with 17 significant digits (enough to round-trip a double)."""
    return [float("%.17g" % v) for v in np.asarray(values, dtype=np.float64).ravel()]


# --- nabla's stratified split ---------------------------------------------------------------------

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        rejected = ((1 << 64) - n) % n
        while True:
            x = self.next()
            if x >= rejected:
                return x % n


def split_indices(labels, fraction, seed):
    """(rest, part) as nabla::data::split_stratified_indices gives them, both ascending."""
    rng = SplitMix64(seed)
    rest, part = [], []
    for label in sorted(set(labels)):
        members = [i for i, l in enumerate(labels) if l == label]
        n = len(members)
        k = min(max(int(math.floor(fraction * n + 0.5)), min(1, n - 1)), n - 1)  # llround, clamped
        for j in range(k):
            r = j + rng.below(n - j)
            members[j], members[r] = members[r], members[j]
        part += members[:k]
        rest += members[k:]
    return sorted(rest), sorted(part)


def training_rows(labels):
    """Indices of the CSV rows nabla trains on, in its order."""
    train, _ = split_indices(labels, TEST_FRACTION, SEED ^ 0x7E57)
    rows, _ = split_indices([labels[i] for i in train], VAL_FRACTION, SEED)
    return [train[i] for i in rows]


# --- data and cases -------------------------------------------------------------------------------

def make_data():
    rng = np.random.default_rng(5)
    n = 150
    labels = rng.integers(0, 2, n)
    centres = np.array([[-0.6, 0.3, 0.0], [0.6, -0.2, 0.4]])
    x = centres[labels] + rng.standard_normal((n, 3))
    return np.round(x * 64) / 64, [int(l) for l in labels]


def state(tensors):
    return {name: {"shape": list(t.shape), "data": rounded(t.detach().numpy())} for name, t in tensors.items()}


def least_squares(x, y):
    onehot = np.eye(2)[y]
    a = np.hstack([x, np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(a, onehot, rcond=None)
    residual = a @ coef - onehot
    return {"model": "linear(2)", "loss": "mse", "min_loss": float(np.mean(residual ** 2)),
            "weights": {"0.weight": {"shape": [2, 3], "data": rounded(coef[:3].T)},
                        "0.bias": {"shape": [2], "data": rounded(coef[3])}}}


def newton_logistic(x, y, epochs=4):
    torch.manual_seed(3)
    w0 = {"0.weight": torch.randn(1, 3, dtype=torch.float64) * 0.5, "0.bias": torch.zeros(1, dtype=torch.float64)}
    xt, yt = torch.tensor(x), torch.tensor(y, dtype=torch.float64)

    def f(flat):
        logits = xt @ flat[:3] + flat[3]
        return torch.nn.functional.binary_cross_entropy_with_logits(logits, yt)

    w = torch.cat([w0["0.weight"].reshape(-1), w0["0.bias"]])
    losses = []
    for _ in range(epochs):
        p = w.clone().requires_grad_(True)
        value = f(p)
        (g,) = torch.autograd.grad(value, p)
        h = torch.autograd.functional.hessian(f, w)
        losses.append(float(value))
        w = w - torch.linalg.solve(h, g)
    final = {"0.weight": w[:3].reshape(1, 3), "0.bias": w[3:]}
    return {"model": "linear(1)", "loss": "bce", "epochs": epochs, "init": state(w0), "final": state(final),
            "losses": rounded(losses)}


def lbfgs(x, y, line_search, epochs=3, max_iter=5, l2=0.01):
    torch.manual_seed(4)
    model = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.Tanh(), torch.nn.Linear(6, 2))
    init = {k: v.clone() for k, v in model.state_dict().items()}
    xt, yt = torch.tensor(x, dtype=torch.float32), torch.tensor(y)
    opt = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=max_iter, history_size=100,
                            line_search_fn=line_search or None)

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xt), yt)
        loss = loss + l2 / 2 * sum((w ** 2).sum() for name, w in model.named_parameters() if name.endswith("weight"))
        loss.backward()
        return loss

    losses = [float(opt.step(closure)) for _ in range(epochs)]
    return {"model": "linear(6)-tanh-linear(2)", "loss": "cross_entropy", "l2": l2, "epochs": epochs, "max_iter": max_iter,
            "line_search": line_search, "init": state(init), "final": state(model.state_dict()),
            "losses": rounded(losses)}


def main():
    x, labels = make_data()
    rows = training_rows(labels)
    xs, ys = x[rows], [labels[i] for i in rows]
    out = {"seed": SEED, "val_fraction": VAL_FRACTION, "test_fraction": TEST_FRACTION, "header": "a,b,c,label",
           "features": [rounded(r) for r in x], "labels": labels, "train_rows": rows,
           "least_squares": least_squares(xs, ys), "newton_logistic": newton_logistic(xs, ys),
           "lbfgs": lbfgs(xs, ys, ""), "lbfgs_strong_wolfe": lbfgs(xs, ys, "strong_wolfe")}
    for case in ("newton_logistic", "lbfgs", "lbfgs_strong_wolfe"):
        print(f"  {case}: loss per epoch {out[case]['losses']}")
    print(f"  least_squares: minimum {out['least_squares']['min_loss']:.9g} over {len(rows)} rows")
    path = os.path.join(HERE, "train_second_order.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
