#!/usr/bin/python3
"""Per-epoch training time of nabla against PyTorch 1.13, side by side, same models and batch size.

Run with Debian's interpreter (python3-torch):  /usr/bin/python3 bench/train_vs_torch.py [--epochs 2]
A short look at ResNet-20: --models resnet20 --batch-size 128 --limit-train 6400 (a ninth of an epoch).
PyTorch gets its best CPU setting on these machines (bench/peer_setting.py): glibc's malloc told not to
return memory (without it PyTorch runs about 3x slower through page faults) and both OpenMP wait
policies, the faster one kept. Models other than mlp and convnet are built in PyTorch from the spec nabla's run saved
(tools/torch_model.py). Prints seconds per epoch, samples per second, the ratio nabla/PyTorch and each
process's peak memory.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

from peer_setting import TORCH_ENVS, machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("NABLA_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
# Validation and the final test pass run in batches of up to 1000 samples; kept small, so that nabla's
# peak memory is that of training, as PyTorch's is.
VAL_FRACTION = 0.02


def torch_worker(model_name, epochs, batch_size, threads, train_samples, spec):
    """Runs in a child process: trains with PyTorch and prints seconds per epoch as JSON."""
    import numpy as np
    import torch
    from torch import nn
    torch.set_num_threads(threads)

    def idx(name):
        with gzip.open(os.path.join(DATA, name)) as f:
            raw = f.read()
        return np.frombuffer(raw, np.uint8, offset=16 if "images" in name else 8)

    x = torch.tensor(idx("train-images-idx3-ubyte.gz").reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    x = (x - x.mean()) / x.std()
    x, y = x[:train_samples], y[:train_samples]  # the size of nabla's training split
    if model_name == "mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                              nn.Linear(128, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    elif model_name != "convnet":
        sys.path.insert(0, os.path.join(ROOT, "tools"))
        from torch_model import build_torch_model
        model = build_torch_model(spec, [1, 28, 28])
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        perm = torch.randperm(len(x))
        for i in range(0, len(x), batch_size):
            idx_b = perm[i:i + batch_size]
            opt.zero_grad()
            loss = loss_fn(model(x[idx_b]), y[idx_b])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    print(json.dumps({"epoch_seconds": times}))


def run_child(cmd, env):
    """Runs cmd; returns (stdout, peak resident memory in MiB of that child)."""
    child = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the maximum over all children
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed with exit code {child.returncode}")
    return out, usage.ru_maxrss / 1024


def nabla_epochs(binary, model_name, epochs, batch_size, threads, limit):
    """Returns (seconds per epoch, peak MiB, the model spec the run saved)."""
    out_dir = tempfile.mkdtemp(prefix="nabla-bench-")
    args = [binary, "train", "--model", model_name, "--epochs", str(epochs), "--batch-size", str(batch_size),
            "--threads", str(threads), "--limit-train", str(limit), "--val-fraction", str(VAL_FRACTION),
            "--limit-test", "256", "--out", os.path.join(out_dir, "run"), "--json"]
    if model_name == "mlp":
        args += ["--optimizer", "sgd", "--lr", "0.1", "--momentum", "0.9"]
    _, peak = run_child(args, {})
    with open(os.path.join(out_dir, "run", "history.json")) as f:
        history = json.load(f)
    with open(os.path.join(out_dir, "run", "model.safetensors"), "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
    return [e["seconds"] for e in history["epochs"]], peak, header["__metadata__"]["model"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--models", default="mlp,convnet", help="mlp, convnet, resnet20 or other nabla presets")
    p.add_argument("--limit-train", type=int, default=60000,
                   help="train on the first N samples (nabla's --limit-train; 2 %% of them go to validation)")
    p.add_argument("--nabla", default=os.path.join(ROOT, "build", "release", "nabla"))
    p.add_argument("--worker", nargs=6, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        torch_worker(a.worker[0], *map(int, a.worker[1:5]), a.worker[5])
        return
    train_samples = a.limit_train - int(a.limit_train * VAL_FRACTION)  # nabla's split, give or take its rounding
    med = lambda v: sorted(v)[len(v) // 2]
    print(f"machine: {machine()}; {a.threads} threads, batch {a.batch_size}, {train_samples} training samples, "
          f"median of {a.epochs} epochs")
    print(f"{'model':8} {'nabla s/epoch':>14} {'torch s/epoch':>14} {'torch OMP':>9} {'ratio':>7} "
          f"{'nabla samples/s':>16} {'torch samples/s':>16} {'nabla MiB':>10} {'torch MiB':>10}")
    for model_name in a.models.split(","):
        # nabla, then PyTorch under each wait policy, one after the other; medians of the epochs.
        n_times, n_peak, spec = nabla_epochs(a.nabla, model_name, a.epochs, a.batch_size, a.threads, a.limit_train)
        torch_runs = {}
        for policy, env in TORCH_ENVS.items():
            out, peak = run_child([sys.executable, __file__, "--worker", model_name, str(a.epochs),
                                   str(a.batch_size), str(a.threads), str(train_samples), spec], env)
            torch_runs[policy] = (med(json.loads(out)["epoch_seconds"]), peak)
        policy = min(torch_runs, key=lambda k: torch_runs[k][0])
        n_sec, (t_sec, t_peak) = med(n_times), torch_runs[policy]
        print(f"{model_name:8} {n_sec:14.2f} {t_sec:14.2f} {policy:>9} {n_sec / t_sec:7.2f} "
              f"{train_samples / n_sec:16.0f} {train_samples / t_sec:16.0f} {n_peak:10.0f} {t_peak:10.0f}")


if __name__ == "__main__":
    main()
