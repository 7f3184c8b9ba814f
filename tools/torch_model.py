#!/usr/bin/python3
"""Loads a nabla run's model.safetensors into the equivalent PyTorch model (numpy + torch only).

    from torch_model import load_run
    model = load_run("runs/convnet-20261128-120000")   # a torch.nn.Sequential in eval mode

The model takes the same raw inputs as nabla: a run trained with --normalize true standardised its
inputs with the training set's statistics (data.json), and the returned model does the same in a
forward pre-hook, so that its state_dict keeps nabla's names.

As a command, runs the model on the tensor "x" of an input safetensors file and writes "y":
    /usr/bin/python3 tools/torch_model.py RUN_DIR INPUT.safetensors OUTPUT.safetensors
"""
import json
import os
import re
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
CODES = {np.dtype(v): k for k, v in DTYPES.items()}


def load_safetensors(path):
    """Returns ({name: numpy array}, metadata dict)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"]).copy()
    return tensors, meta


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        header[name] = {"dtype": CODES[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    head = json.dumps(header).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def _args(text):
    """'32,3,pad=1' -> ([32, 3], {'pad': 1})"""
    pos, named = [], {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" in part:
            k, v = part.split("=")
            named[k.strip()] = float(v) if "." in v else int(v)
        else:
            pos.append(float(part) if "." in part else int(part))
    return pos, named


def _split_top(text, sep):
    """text split at sep outside parentheses."""
    parts, depth, begin = [], 0, 0
    for i, c in enumerate(text):
        depth += c == "("
        depth -= c == ")"
        if c == sep and depth == 0:
            parts.append(text[begin:i])
            begin = i + 1
    return parts + [text[begin:]]


def zero_padded_shortcut(x, channels, stride):
    """Option A of nabla's Residual: x[:, :, ::s, ::s] with (channels - C) // 2 zero channels before it and
    the rest after, as the common PyTorch CIFAR ResNets pad."""
    before = (channels - x.shape[1]) // 2
    after = channels - x.shape[1] - before
    return nn.functional.pad(x[:, :, ::stride, ::stride], (0, 0, 0, 0, before, after))


class Residual(nn.Module):
    """body(x) + shortcut(x), nabla's res(body) or res(body|shortcut): the identity, or option A where body
    changes the shape, when no shortcut is given."""

    def __init__(self, body, shortcut=None):
        super().__init__()
        self.body = body
        if shortcut is not None:
            self.shortcut = shortcut

    def forward(self, x):
        y = self.body(x)
        if hasattr(self, "shortcut"):
            return y + self.shortcut(x)
        if y.shape == x.shape:
            return y + x
        return y + zero_padded_shortcut(x, y.shape[1], -(-x.shape[2] // y.shape[2]))


class GlobalAvgPool(nn.Module):
    """(N, C, H, W) -> (N, C), nabla's gap."""

    def forward(self, x):
        return x.mean(dim=(2, 3))


def _conv(shape, pos, named):
    out, k = pos
    stride, pad = named.get("stride", 1), named.get("pad", 0)
    dilation, groups = named.get("dilation", 1), named.get("groups", 1)
    layer = nn.Conv2d(shape[0], out, k, stride=stride, padding=pad, dilation=dilation, groups=groups,
                      bias=bool(named.get("bias", 1)))
    span = dilation * (k - 1) + 1
    return layer, [out, (shape[1] + 2 * pad - span) // stride + 1, (shape[2] + 2 * pad - span) // stride + 1]


def _layer(name, text, shape):
    """The torch layer of one token and the shape it leaves."""
    if name == "res":
        chains = _split_top(text, "|")
        body, out = _chain(chains[0], shape)
        shortcut = _chain(chains[1], shape)[0] if len(chains) > 1 else None
        return Residual(body, shortcut), out
    pos, named = _args(text)
    if name == "conv":
        return _conv(shape, pos, named)
    if name == "linear":
        return nn.Linear(shape[0], pos[0]), [pos[0]]
    if name in ("maxpool", "avgpool"):
        k = pos[0]
        stride = pos[1] if len(pos) > 1 else named.get("stride", k)
        pad = named.get("pad", 0)
        out = [shape[0], (shape[1] + 2 * pad - k) // stride + 1, (shape[2] + 2 * pad - k) // stride + 1]
        return (nn.MaxPool2d if name == "maxpool" else nn.AvgPool2d)(k, stride, pad), out
    if name == "flatten":
        return nn.Flatten(), [int(np.prod(shape))]
    if name == "gap":
        return GlobalAvgPool(), [shape[0]]
    if name in ("batchnorm", "bn"):
        return (nn.BatchNorm2d(shape[0]) if len(shape) == 3 else nn.BatchNorm1d(shape[0])), shape
    if name == "dropout":
        return nn.Dropout(pos[0] if pos else named.get("p", 0.5)), shape
    return {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[name](), shape


def _chain(spec, shape):
    layers = []
    for token in _split_top(spec, "-"):
        m = re.fullmatch(r"([a-z_0-9]+)(?:\((.*)\))?", token.strip(), re.S)
        layer, shape = _layer(m.group(1), m.group(2), shape)
        layers.append(layer)
    return nn.Sequential(*layers), shape


def build_torch_model(spec, sample_shape):
    """The torch.nn.Sequential of a nabla model spec (the grammar of nn/model_spec.h), with nabla's
    state-dict names: res(…) blocks hold `body` and `shortcut` Sequentials."""
    return _chain(spec, list(sample_shape))[0]


def standardizer(mean, std, sample_shape):
    """A forward pre-hook x <- (x - mean[c]) / std[c] per channel c (dimension 1), as nabla's
    apply_normalization: a channel whose std is 0 is only centred."""
    shape = [len(mean)] + [1] * (len(sample_shape) - 1)
    mean = torch.tensor(np.asarray(mean, dtype=np.float64)).reshape(shape)
    std = torch.tensor(np.where(np.asarray(std, dtype=np.float64) == 0, 1.0, std)).reshape(shape)

    def hook(module, inputs):
        x = inputs[0]
        return ((x - mean.to(x.dtype)) / std.to(x.dtype),) + tuple(inputs[1:])

    return hook


def load_run(run_dir):
    tensors, meta = load_safetensors(os.path.join(run_dir, "model.safetensors"))
    with open(os.path.join(run_dir, "data.json")) as f:
        data = json.load(f)
    sample_shape = data["sample_shape"]
    model = build_torch_model(meta["model"], sample_shape)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in tensors.items()}, strict=True)
    norm = data.get("normalization", {})
    if norm.get("mean"):
        model.register_forward_pre_hook(standardizer(norm["mean"], norm["std"], sample_shape))
    return model.eval()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    model = load_run(sys.argv[1])
    x = torch.from_numpy(load_safetensors(sys.argv[2])[0]["x"])
    with torch.no_grad():
        y = model(x.to(next(model.parameters()).dtype))
    save_safetensors(sys.argv[3], {"y": y.numpy()})


if __name__ == "__main__":
    main()
