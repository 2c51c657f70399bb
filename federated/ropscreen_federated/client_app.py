"""The site: a Flower ClientApp that hands the global weights to ropscreen's Swift trainer.

The site's SuperNode names its manifest in its node config (`manifest`, `site`,
`repo`); the photographs it lists are read only by `ropscreen federated fit` and
`ropscreen evaluate` on this machine. What goes back is weights and figures.
"""

import tempfile
from pathlib import Path

from flwr.client import ClientApp, NumPyClient
from flwr.client.mod import fixedclipping_mod, secaggplus_mod
from flwr.common import Context

from . import swift, weights


class SiteClient(NumPyClient):
    def __init__(self, site: str, manifest: Path, repo: Path, recipe: Path, task: str, local_steps: int, uniform_weights: bool):
        self.site = site
        self.repo = repo
        self.manifest = manifest
        self.recipe = recipe
        self.task = task
        self.local_steps = local_steps
        self.uniform_weights = uniform_weights

    def _names(self, work: Path) -> list[str]:
        # The order of the exchanged tensors: the recipe's own model, made here (no data needed).
        template = work / "template.safetensors"
        swift.initial(self.recipe, template, repo=self.repo)
        return weights.read(template)[0]

    def fit(self, parameters, config):
        with tempfile.TemporaryDirectory(prefix="ropscreen-fit-") as directory:
            work = Path(directory)
            names = self._names(work)
            weights.write(work / "global.safetensors", names, parameters)
            report = swift.fit(self.recipe, self.manifest, work / "global.safetensors", work / "local.safetensors",
                               work / "metrics.json", steps=int(config.get("local-steps", self.local_steps)),
                               mu=float(config.get("proximal_mu", 0.0)), server_round=int(config.get("server-round", 1)),
                               repo=self.repo)
            new_names, arrays = weights.read(work / "local.safetensors")
            if new_names != names:
                raise ValueError("ropscreen wrote other tensors than the federation exchanges")
        metrics = {"site": self.site, "samples": report["samples"], "loss": report["loss"], "proximal": report["proximal"],
                   "seconds": report["durationSeconds"]}
        metrics.update({f"val_{key}": value for key, value in report["validation"].items()})
        # Under differential privacy every site weighs the same, so one site's influence is bounded by the clipping norm.
        return arrays, 1 if self.uniform_weights else report["samples"], metrics

    def evaluate(self, parameters, config):
        with tempfile.TemporaryDirectory(prefix="ropscreen-evaluate-") as directory:
            work = Path(directory)
            names = self._names(work)
            weights.write(work / "global.safetensors", names, parameters)
            swift.bundle(self.recipe, work / "global.safetensors", work / "model", repo=self.repo)
            result = swift.evaluate(self.task, work / "model", self.manifest, "test", repo=self.repo)
        figures = {key: float(value) for key, value in result["metrics"].items() if value is not None}
        metrics = {"site": self.site, "n": int(result["n"]), **figures}
        # Flower wants a loss; the product's figure is the AUC, so 1 − AUC stands in.
        return 1.0 - figures.get("auc", 0.0), max(int(result["n"]), 1), metrics


def client_fn(context: Context):
    node = context.node_config
    run = context.run_config
    repo = Path(str(node.get("repo", ".")))
    return SiteClient(
        site=str(node["site"]), manifest=Path(str(node["manifest"])), repo=repo, recipe=repo / str(run["recipe"]),
        task=str(run.get("task", "rop")), local_steps=int(run["local-steps"]),
        uniform_weights=float(run.get("dp-noise-multiplier", 0.0)) > 0,
    ).to_client()


# SecAgg+ masks what fixed clipping has clipped: secaggplus_mod wraps fixedclipping_mod.
# Each mod acts only when the ServerApp asks for it (its workflow or DP wrapper sends the settings).
def _secagg_if_asked(msg, ctxt, call_next):
    return secaggplus_mod(msg, ctxt, call_next) if bool(ctxt.run_config.get("secagg", False)) else call_next(msg, ctxt)


def _clipping_if_asked(msg, ctxt, call_next):
    return fixedclipping_mod(msg, ctxt, call_next) if float(ctxt.run_config.get("dp-noise-multiplier", 0.0)) > 0 else call_next(msg, ctxt)


app = ClientApp(client_fn=client_fn, mods=[_secagg_if_asked, _clipping_if_asked])
