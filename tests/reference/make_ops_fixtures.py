# Writes ops_fixtures.json: values and gradients of the ops nabla follows PyTorch on (sin, cos, min/max
# with ties, logsumexp, var, std, gather, index_select) and int64 arithmetic, from torch 1.13.
#
# Run with /usr/bin/python3. Floating cases are float64: each holds the input "x", the output "out", an
# upstream gradient "g" and the input's gradient "grad" = (d out/d x)ᵀ g. Each tensor is
# {"shape": [...], "data": [... row-major ...]}.
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops_fixtures.json")


def tensor(t):
    t = t.detach()
    values = t.reshape(-1).tolist()
    if t.dtype in (torch.int64, torch.bool):
        return {"shape": list(t.shape), "data": [int(v) for v in values]}
    return {"shape": list(t.shape), "data": values}


def case(f, x, g, **params):
    x = x.clone().requires_grad_(True)
    out = f(x)
    g = g(out.shape) if callable(g) else g
    (grad,) = torch.autograd.grad(out, x, g)
    return dict(params, x=tensor(x), out=tensor(out), g=tensor(g), grad=tensor(grad))


def main():
    gen = torch.Generator().manual_seed(0)

    def randn(*shape):
        return torch.randn(*shape, generator=gen, dtype=torch.float64)

    ties = torch.tensor([[1.0, 3.0, 1.0], [2.0, 2.0, 5.0]], dtype=torch.float64)
    big = torch.tensor([[1000.0, 1000.5, -3.0]], dtype=torch.float64)
    x34 = randn(3, 4)
    constant_row = torch.tensor([[3.0, 3.0, 3.0], [1.0, 2.0, 4.0]], dtype=torch.float64)
    gather_index = torch.tensor([[2, 0, 1, 1], [0, 0, 2, 1]])
    narrow_index = torch.tensor([[3, 3], [0, 1], [2, 0]])
    select_index = torch.tensor([3, 1, 3])
    a = torch.tensor([5, -3, 7, 2**62])
    b = torch.tensor([2, -3, 9, 2])
    fixtures = {
        "sin": case(torch.sin, x34, randn),
        "cos": case(torch.cos, x34, randn),
        # Ties: amin shares the gradient evenly; so does the full min (and max) of all elements.
        "amin_dim1": case(lambda x: torch.amin(x, 1), ties, torch.ones),
        "min_all": case(torch.min, ties, torch.ones),
        "max_all": case(torch.max, ties, torch.ones),
        "amax_dim0_keepdim": case(lambda x: torch.amax(x, 0, keepdim=True), ties, torch.ones),
        "logsumexp_dim1": case(lambda x: torch.logsumexp(x, 1), big, torch.ones),
        "logsumexp_dims01_keepdim": case(lambda x: torch.logsumexp(x, (0, 1), keepdim=True), x34, torch.ones),
        "var_dim1": case(lambda x: torch.var(x, 1), x34, randn),
        "var_dims01_biased_keepdim": case(lambda x: torch.var(x, (0, 1), unbiased=False, keepdim=True), x34, torch.ones),
        "var_correction3": case(lambda x: torch.var(x, 1, correction=3), x34, randn),
        "std_dim0": case(lambda x: torch.std(x, 0), x34, randn),
        "std_constant_row": case(lambda x: torch.std(x, 1), constant_row, torch.ones),
        "gather_dim0": dict(case(lambda x: torch.gather(x, 0, gather_index), x34, randn), index=tensor(gather_index)),
        "gather_dim1_narrow": dict(case(lambda x: torch.gather(x, 1, narrow_index), x34, randn),
                                   index=tensor(narrow_index)),
        "index_select_dim1": dict(case(lambda x: torch.index_select(x, 1, select_index), x34, randn),
                                  index=tensor(select_index)),
        "int64": {"a": tensor(a), "b": tensor(b), "add": tensor(a + b), "sub": tensor(a - b),
                  "mul": tensor(a * b), "neg": tensor(-a), "minimum": tensor(torch.minimum(a, b)),
                  "eq": tensor(a == b), "lt": tensor(a < b), "sum": tensor(a.sum()), "max": tensor(a.max()),
                  "min": tensor(a.min()), "argmax": tensor(torch.argmax(b))},
    }
    with open(OUT, "w") as f:
        json.dump(fixtures, f, allow_nan=False)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
