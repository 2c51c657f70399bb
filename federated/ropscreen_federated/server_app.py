"""The coordinator: a Flower ServerApp with FedAvg, FedProx or FedAdam, optionally SecAgg+ and
differential privacy, that writes the final model as a ropscreen bundle whose card
records the federation. It never sees a photograph: only weights and figures."""

import json

import numpy as np
from importlib.metadata import version
from pathlib import Path

from flwr.common import Context, ndarrays_to_parameters, parameters_to_ndarrays
from flwr.server import Grid, LegacyContext, ServerApp, ServerConfig
from flwr.server.strategy import DifferentialPrivacyClientSideFixedClipping, FedAdam, FedAvg, FedProx
from flwr.server.workflow import DefaultWorkflow, SecAggPlusWorkflow

from . import accountant, swift, weights


STRATEGIES = {"fedavg": ("FedAvg", FedAvg), "fedprox": ("FedProx", FedProx), "fedadam": ("FedAdam", FedAdam)}


def is_statistic(name: str) -> bool:
    """Batch norm's running mean and variance: averaged, never moved by a server optimiser (an Adam
    step on a variance can make it negative)."""
    return name.endswith(".running_mean") or name.endswith(".running_var")


def recording(base):
    """`base` (FedAvg, FedProx or FedAdam) that evaluates at the sites after the last round only, keeps the
    global weights of every round on disk and records what each site reported. Under FedAdam the
    batch-norm statistics take the sites' weighted mean instead of the server's Adam step."""

    class Recording(base):
        def __init__(self, *, num_rounds: int, names: list[str], output: Path, **kwargs):
            super().__init__(**kwargs)
            self.num_rounds = num_rounds
            self.names = names
            self.output = output
            self.round_log: list[dict] = []
            self.train_samples: dict[str, int] = {}
            self.test: dict[str, dict] = {}

        def configure_evaluate(self, server_round, parameters, client_manager):
            return super().configure_evaluate(server_round, parameters, client_manager) if server_round == self.num_rounds else []

        def aggregate_fit(self, server_round, results, failures):
            losses = [res.metrics["loss"] for _, res in results if "loss" in res.metrics]
            for _, res in results:
                if "site" in res.metrics:
                    self.train_samples[str(res.metrics["site"])] = int(res.metrics["samples"])
            entry = {"round": server_round, "replies": len(results), "failures": len(failures)}
            if losses:
                entry["loss"] = sum(losses) / len(losses)
            proximal = [res.metrics["proximal"] for _, res in results if "proximal" in res.metrics]
            if proximal:
                entry["proximal"] = sum(proximal) / len(proximal)  # FedProx's term, mean over the sites' steps
            self.round_log.append(entry)
            parameters, metrics = super().aggregate_fit(server_round, results, failures)
            if parameters is None or not isinstance(self, FedAdam):
                return parameters, metrics
            arrays = parameters_to_ndarrays(parameters)
            examples = np.array([res.num_examples for _, res in results], dtype=np.float64)
            updates = [parameters_to_ndarrays(res.parameters) for _, res in results]
            for index, name in enumerate(self.names):
                if is_statistic(name):
                    mean = sum(w * update[index] for w, update in zip(examples / examples.sum(), updates))
                    arrays[index] = self.current_weights[index] = mean.astype(arrays[index].dtype)
            return ndarrays_to_parameters(arrays), metrics

        def aggregate_evaluate(self, server_round, results, failures):
            for _, res in results:
                metrics = dict(res.metrics)
                site = str(metrics.pop("site", f"site-{len(self.test) + 1}"))
                self.test[site] = {key: float(value) for key, value in metrics.items()}
            return super().aggregate_evaluate(server_round, results, failures)

        def evaluate(self, server_round, parameters):
            # The global weights after each round (noised, where DP is on), written where the coordinator keeps them.
            weights.write(self.output / "global.safetensors", self.names, parameters_to_ndarrays(parameters))
            return None

    return Recording


def noise_sigma(noise_multiplier: float, clipping_norm: float, sites: int) -> float:
    """The standard deviation of the Gaussian noise Flower's central DP adds to each value of the mean."""
    return noise_multiplier * clipping_norm / sites


class FlooredVariances(DifferentialPrivacyClientSideFixedClipping):
    """Flower's central DP, whose noise lands on batch norm's running variances too, with each variance
    then floored at the noise's standard deviation z·C/n. A variance the noise made negative makes the
    network's outputs not numbers; one within a standard deviation of zero says nothing of the true one.
    The floor is post-processing of the noised result: it costs no privacy."""

    def __init__(self, strategy, *, names: list[str], **kwargs):
        super().__init__(strategy, **kwargs)
        self.names = names

    def aggregate_fit(self, server_round, results, failures):
        parameters, metrics = super().aggregate_fit(server_round, results, failures)
        if parameters is None:
            return parameters, metrics
        floor = noise_sigma(self.noise_multiplier, self.clipping_norm, self.num_sampled_clients)
        arrays = [np.maximum(array, floor).astype(array.dtype) if name.endswith(".running_var") else array
                  for name, array in zip(self.names, parameters_to_ndarrays(parameters))]
        return ndarrays_to_parameters(arrays), metrics


app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    config = context.run_config
    repo = Path(str(config["repo"]))
    recipe = repo / str(config["recipe"])
    output = Path(str(config["output"]))
    output.mkdir(parents=True, exist_ok=True)
    rounds = int(config["num-server-rounds"])
    local_steps = int(config["local-steps"])
    strategy_name = str(config.get("strategy", "fedavg")).lower()
    mu = float(config.get("proximal-mu", 0.0))
    fraction = float(config.get("fraction-train", 1.0))
    min_sites = int(config.get("min-sites", 2))
    available = int(config.get("min-available-sites", min_sites))
    noise = float(config.get("dp-noise-multiplier", 0.0))
    clipping = float(config.get("dp-clipping-norm", 1.0))
    delta = float(config.get("dp-delta", 1e-3))
    secagg = bool(config.get("secagg", False))
    timeout = float(config.get("round-timeout", 120.0))

    swift.initial(recipe, output / "initial.safetensors", repo=repo)
    names, arrays = weights.read(output / "initial.safetensors")
    if strategy_name not in STRATEGIES:
        raise ValueError(f"strategy {strategy_name!r}: one of {', '.join(STRATEGIES)}")
    label, base = STRATEGIES[strategy_name]
    if base is FedAdam and noise > 0:
        # Flower's DP wrapper noises the strategy's result; Adam's moments would keep the un-noised mean.
        raise ValueError("differential privacy with FedAdam: the server's moments would see the un-noised updates")
    extra = {"proximal_mu": mu} if base is FedProx else {}
    if base is FedAdam:
        extra = {"eta": float(config.get("server-learning-rate", 0.01)), "tau": float(config.get("server-tau", 1e-3)),
                 "beta_1": float(config.get("server-beta-1", 0.9)), "beta_2": float(config.get("server-beta-2", 0.99))}
    strategy = recording(base)(
        num_rounds=rounds, names=names, output=output, fraction_fit=fraction, fraction_evaluate=1.0,
        min_fit_clients=min_sites, min_evaluate_clients=min_sites, min_available_clients=available,
        initial_parameters=ndarrays_to_parameters(arrays), accept_failures=True,
        on_fit_config_fn=lambda server_round: {"local-steps": local_steps}, **extra)
    inner = strategy
    # The sites each round draws (rounds wait for `available` sites first): the noise is z·C over this many.
    sampled = max(min_sites, int(available * fraction))
    if noise > 0:
        strategy = FlooredVariances(strategy, names=names, noise_multiplier=noise, clipping_norm=clipping, num_sampled_clients=sampled)
    legacy = LegacyContext(context=context, config=ServerConfig(num_rounds=rounds, round_timeout=timeout), strategy=strategy)
    fit_workflow = None
    if secagg:
        fit_workflow = SecAggPlusWorkflow(
            num_shares=int(config.get("num-shares", 3)), reconstruction_threshold=int(config.get("reconstruction-threshold", 2)),
            max_weight=float(config.get("max-weight", 10000.0)), timeout=timeout)
    DefaultWorkflow(fit_workflow=fit_workflow)(grid, legacy)

    privacy = None
    if noise > 0:
        eps, order = accountant.epsilon(noise, rounds, delta)
        privacy = {"clippingNorm": clipping, "noiseMultiplier": noise, "epsilon": eps, "delta": delta,
                   "accountant": f"Rényi DP of the Gaussian mechanism over {rounds} rounds, no sampling credit (order {order:.2f}); site-level",
                   "sitesPerRound": sampled,
                   "statistics": (f"batch-norm running variances floored at the noise's σ = {noise_sigma(noise, clipping, sampled):.4g} after each round (post-processing)"
                                  if any(name.endswith(".running_var") for name in names)
                                  else "batch-norm statistics kept from the start at every site, not exchanged")}
    sites = sorted(set(inner.train_samples) | set(inner.test))
    record = {
        "engine": f"flwr {version('flwr')}", "strategy": label,
        "mu": mu if base is FedProx else None,
        "serverOptimiser": ({"eta": extra["eta"], "tau": extra["tau"], "beta1": extra["beta_1"], "beta2": extra["beta_2"],
                             "statistics": "batch-norm running statistics averaged"} if base is FedAdam else None), "rounds": rounds, "localSteps": local_steps, "fractionTrain": fraction,
        "minSites": min_sites,
        "secureAggregation": (f"SecAgg+ (shares {config.get('num-shares', 3)}, reconstruction threshold "
                              f"{config.get('reconstruction-threshold', 2)})") if secagg else None,
        "privacy": privacy, "transport": str(config.get("transport", "")) or None,
        "sites": [{"name": site, "trainSamples": inner.train_samples.get(site), "test": inner.test.get(site)} for site in sites],
        "roundLog": inner.round_log,
    }
    record = {key: value for key, value in record.items() if value is not None}
    (output / "federation.json").write_text(json.dumps(record, indent=2, sort_keys=True, allow_nan=False))
    swift.bundle(recipe, output / "global.safetensors", output / "model", federation=output / "federation.json", repo=repo)
