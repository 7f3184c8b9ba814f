#!/usr/bin/python3
"""The default ConvNet's training epoch on this machine's cores: 1 process × all threads against
N processes × 1 thread (mpirun, data-parallel, global batch 64), and the share of each step that the
processes spend waiting for each other.

Run:  /usr/bin/python3 bench/data_parallel_epoch.py [--repeats 3] [--samples 12800]
Each configuration trains one epoch on the first --samples training images, --repeats times alternately;
the figure is the median of the epochs' training time (history.json; no data loading, no validation).
Prints the machine beside the figures.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NABLA = os.path.join(ROOT, "build", "release", "nabla")
MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe"]


def cpu_field(name):
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    return "unknown"


def train(out, samples, threads, processes):
    """One epoch; returns (training seconds, the summary's JSON)."""
    command = [NABLA, "train", "--model", "convnet", "--epochs", "1", "--limit-train", str(samples),
               "--limit-test", "1000", "--threads", str(threads), "--out", out, "--json"]
    if processes > 1:
        command = MPIRUN + ["-np", str(processes)] + command
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    with open(os.path.join(out, "history.json")) as f:
        seconds = json.load(f)["epochs"][0]["seconds"]
    return seconds, json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--samples", type=int, default=12800)
    args = parser.parse_args()
    cores = os.cpu_count()
    print(f"machine: {cpu_field('model name')} at {cpu_field('cpu MHz')} MHz, {cores} cores; "
          f"load {os.getloadavg()[0]:.2f}")
    tmp = tempfile.mkdtemp(prefix="nabla_dp_")
    one, many, waiting, copying = [], [], [], []
    try:
        for i in range(args.repeats):
            seconds, _ = train(os.path.join(tmp, f"one-{i}"), args.samples, cores, 1)
            one.append(seconds)
            seconds, summary = train(os.path.join(tmp, f"many-{i}"), args.samples, 1, cores)
            many.append(seconds)
            waiting.append(summary["waiting_fraction"])
            copying.append(summary["bucket_copy_fraction"])
    finally:
        shutil.rmtree(tmp)
    a, b = statistics.median(one), statistics.median(many)
    print(f"ConvNet, {args.samples} samples, batch 64, median of {args.repeats}:")
    print(f"  1 process x {cores} threads:  {a:.2f} s  ({args.samples / a:.0f} samples/s)")
    print(f"  {cores} processes x 1 thread:  {b:.2f} s  ({args.samples / b:.0f} samples/s)")
    print(f"  ratio {b / a:.3f}; waiting for the other processes: {100 * statistics.median(waiting):.1f} % of each step, "
          f"copying gradients into buckets: {100 * statistics.median(copying):.2f} %")


if __name__ == "__main__":
    main()
