# Writes optim_<problem>.json and optim_schedules.json: torch.optim 1.13 trajectories and learning-rate
# sequences that the C++ tests in tests/optim must reproduce (1e-5 relative, float64).
#
# Run with /usr/bin/python3 (torch 1.13, numpy). Problems, all in float64:
# - quadratic: f(w) = ½ wᵀAw − bᵀw, A = Q diag(1, 3, 10, 100) Qᵀ (κ = 100), Q a fixed rotation;
# - rosenbrock: f(x, y) = (1 − x)² + 100 (y − x²)² from (−1.2, 1);
# - mlp: a 3-4-2 network, y = tanh(x W1ᵀ + b1) W2ᵀ + b2, loss = mean((y − t)²) over 8 fixed samples.
# Each case records the loss returned by every step and the parameters (flattened in order) after
# every `record_every`-th step. A case with maximize runs on −f. Newton is not in PyTorch: its reference is w − α (H + μI)⁻¹ g with H
# from torch.autograd.functional.hessian and the system solved by torch.linalg.solve, and, with
# line_search, the Armijo backtracking that nabla's Newton documents.
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 50


def rounded(values):
    """Floats printed with 17 significant digits (enough to round-trip a double)."""
    return [float("%.17g" % v) for v in np.asarray(values, dtype=np.float64).ravel()]


# --- problems -------------------------------------------------------------------------------------

def quadratic_problem():
    rng = np.random.default_rng(7)
    q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    a = q @ np.diag([1.0, 3.0, 10.0, 100.0]) @ q.T
    a = (a + a.T) / 2
    b = rng.standard_normal(4)
    w0 = rng.standard_normal(4)
    a_t, b_t = torch.tensor(a), torch.tensor(b)

    def loss(params):
        (w,) = params
        return 0.5 * w @ (a_t @ w) - b_t @ w

    return {"A": rounded(a), "b": rounded(b), "w0": rounded(w0)}, [w0], loss


def rosenbrock_problem():
    def loss(params):
        (w,) = params
        return (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2

    w0 = np.array([-1.2, 1.0])
    return {"w0": rounded(w0)}, [w0], loss


def mlp_problem():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((8, 3))
    t = rng.standard_normal((8, 2))
    w1, b1 = rng.standard_normal((4, 3)) * 0.7, rng.standard_normal(4) * 0.1
    w2, b2 = rng.standard_normal((2, 4)) * 0.7, rng.standard_normal(2) * 0.1
    x_t, t_t = torch.tensor(x), torch.tensor(t)

    def loss(params):
        w1_, b1_, w2_, b2_ = params
        y = torch.tanh(x_t @ w1_.T + b1_) @ w2_.T + b2_
        return ((y - t_t) ** 2).mean()

    fixture = {"x": rounded(x), "t": rounded(t), "w1": rounded(w1), "b1": rounded(b1), "w2": rounded(w2),
               "b2": rounded(b2)}
    return fixture, [w1, b1, w2, b2], loss


# --- optimizers -----------------------------------------------------------------------------------

def torch_optimizer(kind, params, o):
    if kind == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o.get("momentum", 0), dampening=o.get("dampening", 0),
                               nesterov=o.get("nesterov", False), weight_decay=o.get("weight_decay", 0),
                               maximize=o.get("maximize", False))
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=o["lr"], lr_decay=o.get("lr_decay", 0),
                                   weight_decay=o.get("weight_decay", 0),
                                   initial_accumulator_value=o.get("initial_accumulator_value", 0),
                                   eps=o.get("eps", 1e-10))
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=o["lr"], alpha=o.get("alpha", 0.99), eps=o.get("eps", 1e-8),
                                   weight_decay=o.get("weight_decay", 0), momentum=o.get("momentum", 0),
                                   centered=o.get("centered", False))
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(params, lr=o["lr"], betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("eps", 1e-8),
                   weight_decay=o.get("weight_decay", 0 if kind == "adam" else 1e-2), amsgrad=o.get("amsgrad", False))
    if kind == "lbfgs":
        return torch.optim.LBFGS(params, lr=o["lr"], max_iter=o.get("max_iter", 20),
                                 history_size=o.get("history_size", 100),
                                 line_search_fn=o.get("line_search_fn") or None)
    raise ValueError(kind)


def run_torch(kind, options, start, loss_fn, steps):
    params = [torch.tensor(p, requires_grad=True) for p in start]
    opt = torch_optimizer(kind, params, options)

    def closure():
        opt.zero_grad()
        value = loss_fn(params)
        value.backward()
        return value

    losses, trajectory = [], []
    for _ in range(steps):
        losses.append(float(opt.step(closure)))
        trajectory.append(torch.cat([p.detach().reshape(-1) for p in params]).numpy().copy())
    return losses, trajectory


def run_newton(options, start, loss_fn, steps):
    shapes = [np.shape(p) for p in start]
    sizes = [int(np.prod(s)) for s in shapes]
    w = torch.tensor(np.concatenate([np.ravel(p) for p in start]))
    lr, mu = options["lr"], options.get("damping", 0.0)

    def f(flat):
        parts, offset = [], 0
        for shape, size in zip(shapes, sizes):
            parts.append(flat[offset:offset + size].reshape(shape))
            offset += size
        return loss_fn(parts)

    losses, trajectory = [], []
    for _ in range(steps):
        x = w.clone().requires_grad_(True)
        value = f(x)
        (g,) = torch.autograd.grad(value, x)
        h = torch.autograd.functional.hessian(f, w)
        d = -torch.linalg.solve(h + mu * torch.eye(len(w)), g)
        losses.append(float(value))
        if not options.get("line_search", False):
            w = w + lr * d
        else:
            # Armijo backtracking: t = α, α/2, …; the direction falls back to −g when it is not a descent
            # direction; no step when no trial point decreases f enough.
            slope = float(g @ d)
            if slope >= 0:
                d, slope = -g, -float(g @ g)
            t = lr
            for _ in range(options.get("max_backtracks", 30) + 1):
                trial = w + t * d
                if float(f(trial)) <= float(value) + 1e-4 * t * slope:
                    w = trial
                    break
                t *= 0.5
        trajectory.append(w.detach().numpy().copy())
    return losses, trajectory


# --- cases ----------------------------------------------------------------------------------------

def cases(lr_first, lr_adam, newton_damping):
    """(name, optimizer, options) for one problem; lr_first scales the SGD-family learning rates;
    newton_damping keeps Newton's system regular where the Hessian is singular (the MLP's)."""
    a, mu = lr_first, newton_damping
    return [
        ("sgd", "sgd", {"lr": a}),
        ("sgd_momentum", "sgd", {"lr": a / 2, "momentum": 0.9}),
        ("sgd_dampening", "sgd", {"lr": a / 2, "momentum": 0.9, "dampening": 0.3}),
        ("sgd_nesterov", "sgd", {"lr": a / 2, "momentum": 0.9, "nesterov": True}),
        ("sgd_weight_decay", "sgd", {"lr": a, "momentum": 0.5, "weight_decay": 0.1}),
        # maximize climbs −f, so the path descends f as the other cases do.
        ("sgd_maximize", "sgd", {"lr": a / 2, "maximize": True, "momentum": 0.3}),
        ("adagrad", "adagrad", {"lr": 10 * lr_adam}),
        ("adagrad_decay", "adagrad", {"lr": 10 * lr_adam, "lr_decay": 0.05, "initial_accumulator_value": 0.1,
                                      "weight_decay": 0.01}),
        ("rmsprop", "rmsprop", {"lr": lr_adam}),
        ("rmsprop_centered", "rmsprop", {"lr": lr_adam, "centered": True, "alpha": 0.9}),
        ("rmsprop_momentum", "rmsprop", {"lr": lr_adam / 2, "momentum": 0.8, "weight_decay": 0.01}),
        ("adam", "adam", {"lr": lr_adam}),
        ("adam_amsgrad", "adam", {"lr": lr_adam, "amsgrad": True, "beta2": 0.99}),
        ("adam_weight_decay", "adam", {"lr": lr_adam, "weight_decay": 0.1, "eps": 1e-6}),
        ("adamw", "adamw", {"lr": lr_adam, "weight_decay": 0.1}),
        ("adamw_amsgrad", "adamw", {"lr": lr_adam, "amsgrad": True}),
        ("lbfgs", "lbfgs", {"lr": 0.5, "max_iter": 2, "history_size": 5}),
        ("lbfgs_strong_wolfe", "lbfgs", {"lr": 1, "max_iter": 3, "history_size": 10,
                                         "line_search_fn": "strong_wolfe"}),
        ("newton", "newton", {"lr": 1, "damping": mu}),
        ("newton_damped", "newton", {"lr": 0.7, "damping": mu + 0.5}),
        ("newton_line_search", "newton", {"lr": 1, "damping": mu, "line_search": True}),
    ]


def write_problem(name, make, lr_first, lr_adam, newton_damping=0.0, record_every=1):
    fixture, start, loss_fn = make()
    out = {"problem": name, "steps": STEPS, "record_every": record_every, "rtol": 1e-5, "cases": []}
    out.update(fixture)
    for case, kind, options in cases(lr_first, lr_adam, newton_damping):
        objective = (lambda params: -loss_fn(params)) if options.get("maximize") else loss_fn
        losses, trajectory = (run_newton(options, start, objective, STEPS) if kind == "newton"
                              else run_torch(kind, options, start, objective, STEPS))
        kept = [trajectory[k] for k in range(record_every - 1, STEPS, record_every)]
        if not all(np.isfinite(v).all() for v in kept):
            raise RuntimeError(f"{name}/{case}: the trajectory is not finite")
        print(f"  {name}/{case}: loss {losses[0]:.4g} -> {losses[-1]:.4g}")
        out["cases"].append({"name": case, "optimizer": kind, "options": options, "loss": rounded(losses),
                             "trajectory": [rounded(v) for v in kept]})
    path = os.path.join(HERE, f"optim_{name}.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path)} bytes")


# --- schedules ------------------------------------------------------------------------------------

def schedule_sequence(make, steps, metrics=None, momentum=0.9):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=momentum)
    sched = make(opt)
    lrs, momenta = [opt.param_groups[0]["lr"]], [opt.param_groups[0]["momentum"]]
    for k in range(steps):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[k])
        lrs.append(opt.param_groups[0]["lr"])
        momenta.append(opt.param_groups[0]["momentum"])
    return rounded(lrs), rounded(momenta)


def write_schedules():
    lr_sched = torch.optim.lr_scheduler
    plateau_metrics = [1.0, 0.9, 0.85, 0.85, 0.849, 0.86, 0.8, 0.8, 0.8, 0.8, 0.79, 0.795, 0.7, 0.71, 0.72, 0.73,
                       0.74, 0.69, 0.69, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.5, 0.5, 0.5,
                       0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    out = {"base_lr": 0.1, "base_momentum": 0.9, "schedules": []}
    specs = [
        ("step", {"step_size": 7, "gamma": 0.5}, lambda o: lr_sched.StepLR(o, step_size=7, gamma=0.5), 40, None),
        ("cosine", {"t_max": 10, "eta_min": 0.001},
         lambda o: lr_sched.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 45, None),
        ("cosine_zero_min", {"t_max": 13, "eta_min": 0.0},
         lambda o: lr_sched.CosineAnnealingLR(o, T_max=13), 40, None),
        ("plateau", {"factor": 0.5, "patience": 2, "threshold": 1e-2, "cooldown": 1, "min_lr": 0.004},
         lambda o: lr_sched.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=1e-2, cooldown=1, min_lr=0.004),
         40, plateau_metrics),
        ("plateau_defaults", {}, lambda o: lr_sched.ReduceLROnPlateau(o), 40, plateau_metrics),
        ("onecycle", {"max_lr": 0.5, "total_steps": 40},
         lambda o: lr_sched.OneCycleLR(o, max_lr=0.5, total_steps=40), 39, None),
        ("onecycle_odd", {"max_lr": 1.0, "total_steps": 33},
         lambda o: lr_sched.OneCycleLR(o, max_lr=1.0, total_steps=33), 33, None),
        ("onecycle_three_phase", {"max_lr": 0.3, "total_steps": 30, "three_phase": True, "pct_start": 0.25},
         lambda o: lr_sched.OneCycleLR(o, max_lr=0.3, total_steps=30, three_phase=True, pct_start=0.25), 30, None),
    ]
    for name, options, make, steps, metrics in specs:
        lrs, momenta = schedule_sequence(make, steps, metrics)
        entry = {"name": name, "options": options, "lr": lrs, "momentum": momenta}
        if metrics is not None:
            entry["metrics"] = metrics
        out["schedules"].append(entry)
    path = os.path.join(HERE, "optim_schedules.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    assert torch.__version__.startswith("1.13"), torch.__version__
    write_problem("quadratic", quadratic_problem, lr_first=0.015, lr_adam=0.05)
    write_problem("rosenbrock", rosenbrock_problem, lr_first=1e-3, lr_adam=0.02)
    write_problem("mlp", mlp_problem, lr_first=0.2, lr_adam=0.02, newton_damping=0.2, record_every=2)
    write_schedules()
