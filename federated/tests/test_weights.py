"""Weights as the federation exchanges them: safetensors <-> arrays in sorted key order."""

import numpy as np
import pytest

from ropscreen_federated import weights


def test_round_trip_in_sorted_order(tmp_path):
    names = ["head.linear.weight", "blocks.0.bias"]
    arrays = [np.arange(6, dtype=np.float64).reshape(2, 3), np.ones(2)]
    weights.write(tmp_path / "w.safetensors", names, arrays)
    read_names, read_arrays = weights.read(tmp_path / "w.safetensors")
    assert read_names == sorted(names)
    assert read_arrays[1].dtype == np.float32 and np.array_equal(read_arrays[1], arrays[0].astype(np.float32))
    assert weights.parameter_count(read_arrays) == 8


def test_mismatched_lists_are_refused(tmp_path):
    with pytest.raises(ValueError):
        weights.write(tmp_path / "w.safetensors", ["a"], [])
