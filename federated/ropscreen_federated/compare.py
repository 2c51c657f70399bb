"""Federated vs each site alone vs pooled, on every site's test split (what the README's table reports).

`python -m ropscreen_federated.compare SITES FEDERATED_MODEL STEPS OUT` trains, with ropscreen's
trainer and the same recipe and seed, one model per site on its own train rows and one on all
sites' rows pooled, each for STEPS steps (the federated model's rounds × local steps), and
evaluates these and the federated model through `ropscreen evaluate` on each site's test split.
Prints one JSON object: model → site → figures. Runs where the data are: it reads photographs.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

from . import swift

RECIPE = Path(__file__).resolve().parents[2] / "recipes/federated/rop-small.json"


def train(manifest: Path, steps: int, work: Path, name: str) -> Path:
    initial = work / f"{name}-initial.safetensors"
    swift.initial(RECIPE, initial)
    swift.fit(RECIPE, manifest, initial, work / f"{name}.safetensors", work / f"{name}.json", steps=steps, mu=0.0, server_round=1)
    swift.bundle(RECIPE, work / f"{name}.safetensors", work / name)
    return work / name


def main(sites_dir: Path, federated: Path, steps: int, out: Path) -> dict:
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
    models = {"federated": federated, "pooled": train(pooled_dir / "manifest.csv", steps, work, "pooled")}
    for site in sites:
        models[f"{site} alone"] = train(sites_dir / site / "manifest.csv", steps, work, site)
    while not (federated / "card.json").exists():  # the federation may still be running
        time.sleep(5)
    table = {name: {site: swift.evaluate("rop", model, sites_dir / site / "manifest.csv")["metrics"] for site in sites}
             for name, model in models.items()}
    out.write_text(json.dumps(table, indent=2, sort_keys=True))
    return table


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: python -m ropscreen_federated.compare SITES FEDERATED_MODEL STEPS OUT")
    result = main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    for name, per_site in result.items():
        print(name, {site: round(m["auc"], 3) if m.get("auc") is not None else None for site, m in per_site.items()})
