"""What every side-by-side benchmark shares: the machine line printed beside each figure, and the
environments that give PyTorch its best CPU setting on these machines.

PyTorch 1.13 on this kind of 2-core machine needs glibc's malloc told to keep freed memory (else it
page-faults on every large temporary) and is faster with one or the other OpenMP wait policy depending on
the work, so a fair comparison runs it under both and keeps the faster.
"""
import os
import platform

# glibc's malloc keeps freed memory instead of returning it (both spellings glibc reads).
MALLOC_ENV = {"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296",
              "MALLOC_MMAP_THRESHOLD_": "1073741824", "MALLOC_TRIM_THRESHOLD_": "4294967296"}
# PyTorch's candidate environments, by OpenMP wait policy.
TORCH_ENVS = {policy: {"OMP_WAIT_POLICY": policy, **MALLOC_ENV} for policy in ("passive", "active")}


def machine():
    """CPU model, its clock now (MHz, mean over cores) and the cores this process may use."""
    model, mhz = platform.processor() or "?", []
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("cpu MHz"):
                mhz.append(float(line.split(":", 1)[1]))
    clock = f"{sum(mhz) / len(mhz):.0f} MHz" if mhz else "clock ?"
    return f"{model}, {clock}, {len(os.sched_getaffinity(0))} cores available"
