"""Federated vs each site alone vs pooled, on every site's test split (what the README's table reports).

`python -m ropscreen_federated.compare SITES STEPS OUT [--recipe R] [NAME=FEDERATED_MODEL …]` trains,
with ropscreen's trainer and the same recipe and seed, one model per site on its own train rows and one
on all sites' rows pooled, each for STEPS steps (the federated models' rounds × local steps), and
evaluates these and the named federated models (bundles that scripts/federation.sh wrote) through
`ropscreen evaluate` on each site's test split. Writes and prints one JSON object: model → site →
figures. Runs where the data are: it reads photographs.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

from . import swift

REPO = Path(__file__).resolve().parents[2]


def train(recipe: Path, manifest: Path, steps: int, work: Path, name: str) -> Path:
    initial = work / f"{name}-initial.safetensors"
    swift.initial(recipe, initial, repo=REPO)
    swift.fit(recipe, manifest, initial, work / f"{name}.safetensors", work / f"{name}.json", steps=steps, mu=0.0, server_round=1,
              repo=REPO)
    swift.bundle(recipe, work / f"{name}.safetensors", work / name, repo=REPO)
    return work / name


def main(sites_dir: Path, recipe: Path, federated: dict[str, Path], steps: int, out: Path) -> dict:
    sites = sorted(path.name for path in sites_dir.iterdir() if (path / "manifest.csv").exists())
    work = Path(tempfile.mkdtemp(prefix="ropscreen-compare-"))
    pooled_dir = work / "pooled"
    pooled_dir.mkdir()
    rows: list[str] = []
    for site in sites:
        lines = (sites_dir / site / "manifest.csv").read_text().splitlines()
        header, body = lines[0], lines[1:]
        rows += body
    (pooled_dir / "manifest.csv").write_text("\n".join([header, *rows]) + "\n")
    for folder in ("images", "masks"):
        (pooled_dir / folder).symlink_to((sites_dir / sites[0] / folder).resolve(), target_is_directory=True)
    models = {**federated, "pooled": train(recipe, pooled_dir / "manifest.csv", steps, work, "pooled")}
    for site in sites:
        models[f"{site} alone"] = train(recipe, sites_dir / site / "manifest.csv", steps, work, site)
    for model in federated.values():
        while not (model / "card.json").exists():  # a federation may still be running
            time.sleep(5)
    table = {name: {site: swift.evaluate("rop", model, sites_dir / site / "manifest.csv", repo=REPO)["metrics"] for site in sites}
             for name, model in models.items()}
    out.write_text(json.dumps(table, indent=2, sort_keys=True))
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m ropscreen_federated.compare")
    parser.add_argument("sites", type=Path, help="the sites' folders (ropscreen_federated.sites wrote them)")
    parser.add_argument("steps", type=int, help="optimiser steps of each site-alone and pooled model")
    parser.add_argument("out", type=Path, help="where the JSON table goes")
    parser.add_argument("models", nargs="*", metavar="NAME=MODEL", help="federated model bundles to measure beside them")
    parser.add_argument("--recipe", type=Path, default=REPO / "recipes/federated/rop-small.json")
    arguments = parser.parse_intermixed_args()
    named = dict(item.split("=", 1) for item in arguments.models)
    result = main(arguments.sites, arguments.recipe.resolve(), {name: Path(path) for name, path in named.items()}, arguments.steps, arguments.out)
    for name, per_site in result.items():
        print(name, {site: round(m["auc"], 3) if m.get("auc") is not None else None for site, m in per_site.items()})
