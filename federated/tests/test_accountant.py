"""The accountant against values worked by hand."""

import math

import pytest

from ropscreen_federated import accountant


def test_one_round_matches_the_closed_form():
    # z = 1, one round, δ = 1e-5: ε = min_α α/2 + ln(1e5)/(α − 1); the optimum α = 1 + sqrt(2·ln 1e5)
    # gives ε = 1/2 + sqrt(2·ln 1e5) = 0.5 + 4.79852 = 5.29852 (worked by hand).
    eps, order = accountant.epsilon(1.0, 1, 1e-5)
    assert eps == pytest.approx(5.29852, abs=1e-4)
    assert order == pytest.approx(1 + math.sqrt(2 * math.log(1e5)), abs=1e-6)


def test_rounds_compose_and_noise_helps():
    # In general ε = T/(2z²) + sqrt(2·T·ln(1/δ))/z: z = 2, T = 4, δ = 1e-3 → 0.5 + sqrt(8·6.907755)/2 = 4.21700.
    assert accountant.epsilon(2.0, 4, 1e-3)[0] == pytest.approx(0.5 + math.sqrt(8 * math.log(1e3)) / 2, abs=1e-6)
    assert accountant.epsilon(2.0, 4, 1e-3)[0] == pytest.approx(4.21700, abs=1e-4)
    assert accountant.epsilon(1.0, 4, 1e-3)[0] > accountant.epsilon(1.0, 2, 1e-3)[0] > accountant.epsilon(2.0, 2, 1e-3)[0]


def test_no_noise_is_no_privacy_and_bad_delta_is_an_error():
    assert accountant.epsilon(0.0, 3, 1e-3)[0] == math.inf
    with pytest.raises(ValueError):
        accountant.epsilon(1.0, 3, 0.0)
