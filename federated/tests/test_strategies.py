"""The coordinator's strategies on constructed replies (no federation): FedAdam moves the weights by the
server's Adam step and leaves batch norm's statistics at the sites' weighted mean."""

import numpy as np
import pytest

pytest.importorskip("flwr")

from flwr.common import Code, FitRes, Status, ndarrays_to_parameters, parameters_to_ndarrays  # noqa: E402

from ropscreen_federated import server_app  # noqa: E402

NAMES = ["bn.running_var", "conv.weight"]


def reply(variance: float, weight: float, examples: int) -> tuple[None, FitRes]:
    arrays = [np.full(3, variance, dtype=np.float32), np.full((2, 2), weight, dtype=np.float32)]
    return None, FitRes(Status(Code.OK, ""), ndarrays_to_parameters(arrays), examples, {"site": "s", "samples": examples, "loss": 1.0})


def strategy(name: str, tmp_path):
    label, base = server_app.STRATEGIES[name]
    initial = [np.full(3, 1.0, dtype=np.float32), np.zeros((2, 2), dtype=np.float32)]
    extra = {"eta": 0.05, "tau": 1e-3} if name == "fedadam" else {}
    return server_app.recording(base)(num_rounds=1, names=NAMES, output=tmp_path, initial_parameters=ndarrays_to_parameters(initial), **extra)


def test_fedadam_steps_the_weights_and_averages_the_statistics(tmp_path):
    adam = strategy("fedadam", tmp_path)
    parameters, _ = adam.aggregate_fit(1, [reply(0.2, 1.0, 30), reply(0.8, 3.0, 10)], [])
    variance, weight = parameters_to_ndarrays(parameters)
    # The statistics: (30·0.2 + 10·0.8) / 40, as FedAvg would give, and not an Adam step from 1.0.
    assert np.allclose(variance, 0.35)
    assert np.allclose(adam.current_weights[0], 0.35)
    # The weights: FedAvg's mean would be 1.5; Adam's first step is η·√(1−β₂²)/(1−β₁²) in the mean's direction.
    step = 0.05 * np.sqrt(1 - 0.99**2) / (1 - 0.9**2) * 1.5 * 0.1 / (np.sqrt(0.01 * 1.5**2) + 1e-3)
    assert np.allclose(weight, step, rtol=1e-4)
    assert 0 < weight.max() < 1.5


def test_fedavg_is_the_weighted_mean(tmp_path):
    average = strategy("fedavg", tmp_path)
    parameters, _ = average.aggregate_fit(1, [reply(0.2, 1.0, 30), reply(0.8, 3.0, 10)], [])
    variance, weight = parameters_to_ndarrays(parameters)
    assert np.allclose(variance, 0.35) and np.allclose(weight, 1.5)
    assert average.round_log == [{"round": 1, "replies": 2, "failures": 0, "loss": 1.0}]


def test_statistics_are_named_by_batch_norm():
    assert server_app.is_statistic("stages.0.0.bn1.running_mean") and server_app.is_statistic("blocks.3.bn.running_var")
    assert not server_app.is_statistic("stages.0.0.bn1.weight")


def test_dp_floors_the_noised_variances(tmp_path):
    # z·C/n = 2·1/2 = 1: noise of σ 1 on variances of 0.35 makes about a third of them negative.
    inner = strategy("fedavg", tmp_path)
    private = server_app.FlooredVariances(inner, names=NAMES, noise_multiplier=2.0, clipping_norm=1.0, num_sampled_clients=2)
    np.random.seed(7)
    variances = []
    for round_number in range(1, 21):
        parameters, _ = private.aggregate_fit(round_number, [reply(0.2, 1.0, 30), reply(0.8, 3.0, 10)], [])
        variance, weight = parameters_to_ndarrays(parameters)
        variances.append(variance)
        assert not np.allclose(weight, 1.5)  # the weights carry the noise: nothing but the variances is changed
    variances = np.concatenate(variances)
    assert variances.min() >= 1.0
    assert (variances > 1.0).any()  # the noise still shows above the floor
