#!/usr/bin/python3
"""Inference images/s of nabla's Predictor (and `nabla predict` on PNGs) against PyTorch 1.13, same model.

Run with Debian's interpreter (python3-torch):  /usr/bin/python3 bench/predict_vs_torch.py [--run RUN]
Without --run it trains the default ConvNet for one short epoch (the weights' values do not change the
speed). Every figure classifies the 10000 Fashion-MNIST test images (raw pixels; the run's
standardisation is part of the model) in batches of 256 on the same number of threads, median of
--repeats passes. PyTorch runs the same weights (tools/torch_model.py) under torch.inference_mode, with
glibc's malloc told not to return memory and OMP_WAIT_POLICY tried both passive and active; its best
is compared. `nabla predict` is timed end to end on a folder of the images as PNG files (process start,
decoding, printing included).
"""
import argparse
import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib

from peer_setting import MALLOC_ENV, TORCH_ENVS, machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("NABLA_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
BATCH = 256


def test_images():
    """The 10000 test images as uint8 bytes, 784 each."""
    with gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")) as f:
        return f.read()[16:]


def torch_worker(run, threads, repeats):
    """Runs in a child process: images/s of the run's PyTorch model per pass, as JSON."""
    import numpy as np
    import torch
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from torch_model import load_run
    torch.set_num_threads(threads)
    model = load_run(run)
    x = torch.tensor(np.frombuffer(test_images(), np.uint8).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
    rates = []
    with torch.inference_mode():
        for _ in range(repeats + 1):  # the first pass warms up and is dropped
            start = time.perf_counter()
            for i in range(0, len(x), BATCH):
                model(x[i:i + BATCH]).softmax(-1)
            rates.append(len(x) / (time.perf_counter() - start))
    print(json.dumps({"images_per_second": rates[1:]}))


def run_child(cmd, env, stdout=subprocess.PIPE):
    child = subprocess.run(cmd, env={**os.environ, **env}, stdout=stdout, text=True)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {child.returncode}")
    return child.stdout


def train_run(nabla, threads):
    run = os.path.join(tempfile.mkdtemp(prefix="nabla-predict-bench-"), "run")
    run_child([nabla, "train", "--model", "convnet", "--epochs", "1", "--limit-train", "2048", "--threads",
               str(threads), "--out", run], {}, stdout=subprocess.DEVNULL)
    return run


def predictor_rates(bench, run, threads, repeats):
    """images/s of the Predictor from bench/predict_bench: (one caller, one caller per thread)."""
    out = run_child([bench, f"--benchmark_repetitions={repeats}", "--benchmark_format=json"],
                    {"NABLA_BENCH_RUN": run, "NABLA_BENCH_THREADS": str(threads), **MALLOC_ENV})
    rates = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            rates[b["run_name"].split("/")[0]] = b["items_per_second"]
    return rates["BM_Predict"], rates["BM_PredictFromClients"]


def write_pngs(folder):
    """The test images as 28×28 grey PNG files (zlib, no filter), 00000.png …"""
    os.makedirs(folder, exist_ok=True)
    raw = test_images()
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data +
                                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0))
    for i in range(len(raw) // 784):
        rows = b"".join(b"\0" + raw[i * 784 + r * 28:i * 784 + (r + 1) * 28] for r in range(28))
        with open(os.path.join(folder, f"{i:05d}.png"), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return len(raw) // 784


def cli_rate(nabla, run, folder, count, threads, repeats):
    """images/s of `nabla predict RUN FOLDER --batch-size 256`, end to end, median of repeats."""
    env = {"OMP_NUM_THREADS": str(threads)}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_child([nabla, "predict", run, folder, "--batch-size", str(BATCH)], env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return count / sorted(times)[len(times) // 2]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", help="a run folder of `nabla train --model convnet` (default: train one briefly)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--nabla", default=os.path.join(ROOT, "build", "release", "nabla"))
    p.add_argument("--bench", default=os.path.join(ROOT, "build", "release", "bench", "predict_bench"))
    p.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        torch_worker(a.worker[0], int(a.worker[1]), int(a.worker[2]))
        return
    run = a.run or train_run(a.nabla, a.threads)
    med = lambda v: sorted(v)[len(v) // 2]
    torch_rates = {}
    for policy in TORCH_ENVS:
        out = run_child([sys.executable, __file__, "--worker", run, str(a.threads), str(a.repeats)],
                        TORCH_ENVS[policy])
        torch_rates[policy] = med(json.loads(out)["images_per_second"])
    best = max(torch_rates, key=torch_rates.get)
    single, clients = predictor_rates(a.bench, run, a.threads, a.repeats)
    folder = os.path.join(tempfile.mkdtemp(prefix="nabla-predict-pngs-"), "images")
    cli = cli_rate(a.nabla, run, folder, write_pngs(folder), a.threads, a.repeats)
    print(f"machine: {machine()}; {a.threads} threads; ConvNet, batch {BATCH}, 10000 Fashion-MNIST test images, "
          f"median of {a.repeats}")
    print(f"{'what':52} {'images/s':>10} {'vs torch':>9}")
    rows = [("PyTorch 1.13 inference_mode, OMP_WAIT_POLICY=passive", torch_rates["passive"]),
            ("PyTorch 1.13 inference_mode, OMP_WAIT_POLICY=active", torch_rates["active"]),
            ("nabla::Predictor, one caller", single),
            (f"nabla::Predictor, {a.threads} callers x 1 thread", clients),
            ("nabla predict FOLDER (PNG decoding, process incl.)", cli)]
    for name, rate in rows:
        print(f"{name:52} {rate:10.0f} {rate / torch_rates[best]:9.2f}")


if __name__ == "__main__":
    main()
