"""(ε, δ) of a federation's training under differential privacy, by Rényi DP (Mironov 2017).

Each round the server adds Gaussian noise of standard deviation z·C/m to the mean of m
updates clipped to norm C (Flower's DifferentialPrivacyClientSideFixedClipping), which
is the Gaussian mechanism with noise multiplier z on one site's contribution: RDP of
order α is α/(2z²) per round and adds up over rounds. Site sampling would only lower
ε; it is not credited (every round counts in full), so the figure is an upper bound.
The guarantee is site-level: it covers one site's whole contribution, not one photograph.
"""

import math

ORDERS = [1 + x / 100 for x in range(1, 100)] + [2 + x / 10 for x in range(0, 190)] + list(range(21, 257))


def rdp_gaussian(noise_multiplier: float, order: float) -> float:
    """Rényi DP of the Gaussian mechanism of sensitivity 1 at `order`."""
    return order / (2 * noise_multiplier**2)


def epsilon(noise_multiplier: float, rounds: int, delta: float) -> tuple[float, float]:
    """(ε, best order) after `rounds` Gaussian mechanisms with `noise_multiplier`, for `delta`.

    ε = min over α of rounds·RDP(α) + log(1/δ)/(α − 1) (Mironov 2017, Proposition 3), searched over
    a grid of orders and at the continuous optimum α = 1 + z·sqrt(2·log(1/δ)/rounds).
    """
    if noise_multiplier <= 0:
        return math.inf, math.nan
    if not 0 < delta < 1 or rounds < 1:
        raise ValueError(f"needs 0 < delta < 1 and rounds >= 1, got delta={delta}, rounds={rounds}")
    log_inverse_delta = math.log(1 / delta)
    optimum = 1 + noise_multiplier * math.sqrt(2 * log_inverse_delta / rounds)
    best = (math.inf, math.nan)
    for order in ORDERS + [optimum]:
        value = rounds * rdp_gaussian(noise_multiplier, order) + log_inverse_delta / (order - 1)
        if value < best[0]:
            best = (value, order)
    return best
