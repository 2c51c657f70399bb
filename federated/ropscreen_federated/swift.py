"""The ropscreen binary, called as a subprocess: the only code that reads photographs is Swift, at the site."""

import json
import os
import subprocess
from pathlib import Path


class RopscreenError(RuntimeError):
    """ropscreen exited with an error; the message is its first stderr line (no photograph data is in it)."""


def binary() -> str:
    return os.environ.get("ROPSCREEN_BIN", "ropscreen")


def run(*arguments: str, cwd: Path | None = None) -> str:
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    completed = subprocess.run([binary(), *arguments], capture_output=True, text=True, cwd=cwd, env=env, check=False)
    if completed.returncode != 0:
        lines = [line for line in completed.stderr.strip().splitlines() if line.strip()]
        raise RopscreenError(f"ropscreen {arguments[0]} {arguments[1] if len(arguments) > 1 else ''} failed: "
                             f"{lines[0] if lines else 'exit ' + str(completed.returncode)}")
    return completed.stdout


def fit(recipe: Path, manifest: Path, global_weights: Path, output: Path, metrics: Path, steps: int, mu: float,
        server_round: int, repo: Path | None = None) -> dict:
    """One site's local steps. `repo`, the checkout, is the working directory: a recipe names its
    transfer-learning weights relative to it."""
    run("federated", "fit", "--recipe", str(recipe), "--manifest", str(manifest), "--global", str(global_weights),
        "--output", str(output), "--metrics", str(metrics), "--steps", str(steps), "--mu", repr(float(mu)),
        "--round", str(server_round), cwd=repo)
    return json.loads(metrics.read_text())


def initial(recipe: Path, output: Path, repo: Path | None = None) -> None:
    run("federated", "init", "--recipe", str(recipe), "--output", str(output), cwd=repo)


def bundle(recipe: Path, weights: Path, output: Path, federation: Path | None = None, repo: Path | None = None) -> None:
    arguments = ["federated", "bundle", "--recipe", str(recipe), "--weights", str(weights), "--output", str(output)]
    if federation is not None:
        arguments += ["--federation", str(federation)]
    run(*arguments, cwd=repo)


def evaluate(task: str, model: Path, manifest: Path, split: str = "test", repo: Path | None = None) -> dict:
    """`ropscreen evaluate --json` on the manifest's split: the product's own evaluation path (the report's,
    behind the bundled quality gate, which a binary outside the checkout finds as ./Models of `repo`)."""
    out = run("evaluate", "--task", task, "--model", str(model), "--manifest", str(manifest), "--split", split, "--json", cwd=repo)
    return json.loads(out.strip().splitlines()[-1])
