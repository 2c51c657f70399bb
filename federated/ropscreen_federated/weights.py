"""Model weights as Flower exchanges them: safetensors files (what ropscreen reads and writes) <-> a list of arrays in sorted key order."""

from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file


def read(path: Path) -> tuple[list[str], list[np.ndarray]]:
    """The tensors of a safetensors file, sorted by name."""
    tensors = load_file(str(path))
    names = sorted(tensors)
    return names, [tensors[name] for name in names]


def write(path: Path, names: list[str], arrays: list[np.ndarray]) -> None:
    """Writes `arrays` under `names` as float32 (what ropscreen's models hold); the lists must match."""
    if len(names) != len(arrays):
        raise ValueError(f"{len(arrays)} arrays for {len(names)} tensor names")
    save_file({name: np.ascontiguousarray(array, dtype=np.float32) for name, array in zip(names, arrays)}, str(path))


def parameter_count(arrays: list[np.ndarray]) -> int:
    return int(sum(array.size for array in arrays))
