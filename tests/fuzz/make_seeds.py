#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses into tests/fuzz/corpus/<harness>/: small valid inputs
(and a few known-bad ones) from which libFuzzer mutates. Standard library only; run it again after
changing it, and commit what it writes."""
import json
import os
import struct
import zlib
import gzip

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def write(harness, name, data):
    folder = os.path.join(ROOT, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def idx(type_byte, dims, payload):
    return bytes([0, 0, type_byte, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


def cut(first, second):
    """The idx and png_folder harnesses' layout: a 2-byte little-endian length, then two files."""
    return struct.pack("<H", len(first)) + first + second


IMAGES = idx(0x08, [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0])
LABELS = idx(0x08, [3], [7, 0, 3])


def idx_seeds():
    write("idx_fuzz", "pair", cut(IMAGES, LABELS))
    write("idx_fuzz", "labels_only", cut(b"", idx(0x0C, [3], [0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1])))
    write("idx_fuzz", "float64", cut(b"", idx(0x0E, [1, 1], [0xC0, 4, 0, 0, 0, 0, 0, 0])))
    write("idx_fuzz", "int16", cut(b"", idx(0x0B, [2], [0xFF, 0xFE, 1, 0])))
    write("idx_fuzz", "gzipped", gzip.compress(IMAGES, mtime=0))
    write("idx_gz_fuzz", "one_member", bytes([0]) + IMAGES)
    write("idx_gz_fuzz", "two_members", bytes([1 | 10 << 2]) + IMAGES)
    write("idx_gz_fuzz", "truncated", bytes([2]) + LABELS)
    write("idx_gz_fuzz", "float32", bytes([0]) + idx(0x0D, [1], [0x3F, 0xC0, 0, 0]))


def csv_seeds():
    write("csv_fuzz", "header_names", "\x01x,y,label\n1,2,cat\n3,4,dog\n5,6,cat\n")
    write("csv_fuzz", "indices", "\x011.5,2,0\n-3e2, 4 ,2\n\n+5,6,1\n")
    write("csv_fuzz", "label_column", "\x81species,length,width\r\nsetosa,1,2\r\nvirginica,3,4\r\n")
    write("csv_fuzz", "quoted", '\x11a;b\n1;"x; ""y"""\n')
    write("csv_fuzz", "given_names", "\x411,cat\n2,1\n3,0\n")
    write("csv_fuzz", "numeric_names", "\x01x,y\n1,10\n2,-1\n3,9\n4,2.5\n")
    write("csv_fuzz", "gzipped", b"\x01" + gzip.compress(b"1,2,0\n3,4,1\n", mtime=0))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, bit_depth, colour, rows, palette=None, interlace=0):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, interlace)
    body = chunk(b"IHDR", ihdr)
    if palette:
        body += chunk(b"PLTE", palette)
    raw = b"".join(b"\0" + row for row in rows)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def png_seeds():
    grey = png(2, 2, 8, 0, [b"\x00\xff", b"\x33\x66"])
    rgb = png(2, 2, 8, 2, [b"\xff\x00\x33\x00\x66\xff", b"\x01\x02\x03\x04\x05\x06"])
    grey_alpha = png(2, 2, 8, 4, [b"\x33\xff\xff\x00", b"\x10\x80\x20\x40"])
    wide = png(2, 2, 16, 0, [b"\x00\x00\xff\xff", b"\x12\x34\x56\x78"])
    palette = png(2, 2, 8, 3, [b"\x00\x01", b"\x01\x00"], palette=b"\x00\x00\x00\xff\x80\x00")
    bits = png(8, 2, 1, 0, [b"\xa5", b"\x5a"])
    interlaced = png(2, 2, 8, 0, [b"\x00\xff", b"\x33\x66"], interlace=1)
    for channels, name, first, second in [(0, "grey", grey, grey), (1, "rgb_as_grey", rgb, grey),
                                          (2, "grey_alpha_as_rgb", grey_alpha, rgb), (0, "sixteen_bit", wide, wide),
                                          (0, "palette", palette, palette), (0, "one_bit", bits, bits),
                                          (0, "interlaced", interlaced, grey), (0, "sizes_differ", grey, bits)]:
        write("png_folder_fuzz", name, bytes([channels]) + cut(first, second))
    # A header that promises 20000 x 20000 pixels in about a hundred bytes.
    write("png_folder_fuzz", "promises_too_much", bytes([0]) + cut(png(20000, 20000, 8, 0, [b"\0" * 20000]), grey))


def canonical_codes(counts, symbols):
    """Huffman codes (value, length) by symbol from a DHT's code counts per length, as JPEG assigns them."""
    codes, code, k = {}, 0, 0
    for length, count in enumerate(counts, start=1):
        for _ in range(count):
            codes[symbols[k]] = (code, length)
            code, k = code + 1, k + 1
        code <<= 1
    return codes


DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # JPEG's Annex K luminance DC table
AC_COUNTS = [1] + [0] * 15  # a single code, 0, for end-of-block: every block here is flat


def segment(marker, body):
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg(width, height, blocks):
    """A baseline JPEG with one 8x8 block per component per MCU, each block flat: blocks[row][col] holds
    one value per component (1 grey, 3 YCbCr). Quantisation is 1, so a block's DC is 8 * (value - 128)."""
    components = len(blocks[0][0])
    dc_codes = canonical_codes(DC_COUNTS, list(range(12)))
    bits, previous = [], [0] * components
    for row in blocks:
        for block in row:
            for c, value in enumerate(block):
                dc = 8 * (value - 128)
                diff, previous[c] = dc - previous[c], dc
                size = abs(diff).bit_length()
                code, length = dc_codes[size]
                bits += [(code >> i) & 1 for i in reversed(range(length))]
                extra = diff if diff >= 0 else diff + (1 << size) - 1
                bits += [(extra >> i) & 1 for i in reversed(range(size))]
                bits.append(0)  # end of block
    bits += [1] * (-len(bits) % 8)
    scan = b""
    for i in range(0, len(bits), 8):
        byte = int("".join(map(str, bits[i:i + 8])), 2)
        scan += bytes([byte, 0]) if byte == 0xFF else bytes([byte])
    frame = struct.pack(">BHHB", 8, height, width, components) + b"".join(
        bytes([c + 1, 0x11, 0]) for c in range(components))
    huffman = bytes([0x00] + DC_COUNTS) + bytes(range(12)) + bytes([0x10] + AC_COUNTS) + bytes([0])
    sos = bytes([components]) + b"".join(bytes([c + 1, 0x00]) for c in range(components)) + bytes([0, 63, 0])
    return (b"\xff\xd8" + segment(0xDB, bytes([0]) + bytes([1] * 64)) + segment(0xC0, frame) +
            segment(0xC4, huffman) + segment(0xDA, sos) + scan + b"\xff\xd9")


def jpeg_seeds():
    grey = jpeg(16, 8, [[(51,), (204,)]])
    ycbcr = jpeg(16, 16, [[(82, 90, 240), (100, 128, 128)], [(30, 200, 60), (255, 128, 128)]])
    for channels, name, first, second in [(0, "grey", grey, grey), (1, "colour_as_grey", ycbcr, ycbcr),
                                          (2, "grey_as_rgb", grey, ycbcr), (0, "truncated", grey, grey[:-6]),
                                          (0, "sizes_differ", grey, ycbcr)]:
        write("jpeg_folder_fuzz", name, bytes([channels]) + cut(first, second))


def cifar_record(label, seed):
    return bytes([label]) + bytes((seed + i) % 256 for i in range(3072))


def cifar_seeds():
    """The cifar10 harness's layout: a 2-byte length of data_batch_1.bin, a byte with the length of
    batches.meta.txt (255: none), then the three files' bytes."""
    train = cifar_record(0, 1) + cifar_record(9, 2)
    names = "".join(f"class{i}\n" for i in range(10)).encode() + b"\n"
    test = cifar_record(3, 3)
    write("cifar10_fuzz", "with_names", struct.pack("<HB", len(train), len(names)) + train + names + test)
    write("cifar10_fuzz", "without_names", struct.pack("<HB", len(train), 255) + train + test)
    write("cifar10_fuzz", "partial_record", struct.pack("<HB", len(train) - 1, 255) + train + test)


def safetensors(tensors, metadata=None):
    """tensors: [(name, dtype, shape, bytes)] laid out in order."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, payload in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def safetensors_seeds():
    tensors = [("0.weight", "F32", [2, 2], struct.pack("<4f", 1.5, -2, 3.25, 1e-30)),
               ("0.bias", "F64", [2], struct.pack("<2d", 0.1, 0.2)),
               ("steps", "I64", [], struct.pack("<q", 7)),
               ("empty", "F32", [0, 3], b"")]
    write("safetensors_fuzz", "model", safetensors(tensors, {"format": "pt"}))
    write("safetensors_fuzz", "no_tensors", safetensors([]))
    state = {"epoch": 2, "best_val_loss": 0.5, "best_epoch": 1, "stale_epochs": 1, "dropout_rng": [1, 2],
             "history": {"epochs": [{"epoch": 1, "train_loss": 0.9, "val_loss": 0.5, "lr": 0.1, "seconds": 1.0},
                                    {"epoch": 2, "train_loss": 0.7, "val_loss": None, "lr": 0.05}]}}
    config = {"model": "mlp", "epochs": 3, "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9}}
    checkpoint = safetensors([("model.0.weight", "F32", [1, 2], struct.pack("<2f", 1, 2)),
                              ("optimizer.0.momentum_buffer", "F32", [1, 2], struct.pack("<2f", 0, 0)),
                              ("best_model.0.weight", "F32", [1, 2], struct.pack("<2f", 1, 2))],
                             {"format": "nabla-checkpoint", "trainer_state": json.dumps(state),
                              "config": json.dumps(config)})
    write("checkpoint_fuzz", "checkpoint", checkpoint)
    write("checkpoint_fuzz", "no_tensors", safetensors([], {"format": "nabla-checkpoint",
                                                            "trainer_state": json.dumps(state), "config": "{}"}))


def json_seeds():
    write("config_fuzz", "small", '{"model": "mlp", "epochs": 3, "optimizer": {"name": "sgd", "lr": 0.1}}')
    write("config_fuzz", "schedule", '{"schedule": {"name": "step", "step_size": 2, "gamma": 0.5}, "seed": 7,'
                                     ' "normalize": true, "val_fraction": 0.2, "data": "blobs.csv"}')
    write("config_fuzz", "empty", "{}")
    write("search_space_fuzz", "readme", '{"lr": {"log_uniform": [1e-4, 1e-1]}, "momentum": {"uniform": [0.5, 0.99]},'
                                         ' "batch_size": [32, 64, 128], "epochs": {"int_uniform": [3, 8]},'
                                         ' "optimizer": {"choice": ["sgd", "adam"]}}')
    write("search_space_fuzz", "grid", '{"batch_size": [16, 32], "lr": [0.01, 0.1, 1], "schedule.gamma": [0.5]}')
    write("search_space_fuzz", "dotted_unknown", '{"bogus.x": [1]}')  # crashed the resolver once
    write("search_space_fuzz", "model", '{"model": ["mlp", "linear(3)"], "l2": {"uniform": [0, 0.01]}}')


def score_seeds():
    write("score_csv_fuzz", "binary", "\x00label,score\n1,0.9\n0,0.1\n1,0.4\n0,0.6\n")
    write("score_csv_fuzz", "signed", "\x0clabel, score\r\n+1,0.9\r\n\r\n-1, -0.25\r\n")
    write("score_csv_fuzz", "multiclass", "\x09label,score_0,score_1,score_2\n2,0.1,0.2,0.7\n0,0.8,0.1,0.1\n1,0.3,0.4,0.3\n")
    write("score_csv_fuzz", "precision_target", "\x3alabel,score\n1,0.9\n0,0.8\n1,0.7\n")


if __name__ == "__main__":
    idx_seeds()
    csv_seeds()
    png_seeds()
    jpeg_seeds()
    cifar_seeds()
    safetensors_seeds()
    json_seeds()
    score_seeds()
