"""Splits HVDROPDB-full into sites for a federation on one machine (standard library only).

`python -m ropscreen_federated.sites DATA_ROOT OUT` writes OUT/<site>/manifest.csv with the
rows of each site and links OUT/<site>/images and masks to the data set's own folders, so
the manifests' relative paths hold and no photograph is copied. Sites differ by camera:
`neo` (every Neo photograph), `retcam-a` and `retcam-b` (the RetCam photographs, alternating
in manifest order); each keeps the data set's train/test split.
"""

import csv
import sys
from pathlib import Path

SITES = ("neo", "retcam-a", "retcam-b")


def site_of(image: str, retcam_index: int) -> str:
    if "_Neo_" in image:
        return "neo"
    return "retcam-a" if retcam_index % 2 == 0 else "retcam-b"


def split(data_root: Path, out: Path, dataset: str = "HVDROPDB-full", train_limit: int | None = None) -> dict[str, int]:
    """Writes the sites; with `train_limit`, each site keeps only its first that many train rows (quick runs)."""
    source = data_root / dataset
    with open(source / "manifest.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        rows = list(reader)
    grouped: dict[str, list[dict]] = {site: [] for site in SITES}
    retcam = 0
    for row in rows:
        site = site_of(row["image"], retcam)
        if site != "neo":
            retcam += 1
        grouped[site].append(row)
    if train_limit is not None:
        for site, site_rows in grouped.items():
            train = [row for row in site_rows if row["split"] == "train"][:train_limit]
            grouped[site] = train + [row for row in site_rows if row["split"] != "train"]
    for site, site_rows in grouped.items():
        directory = out / site
        directory.mkdir(parents=True, exist_ok=True)
        for folder in ("images", "masks"):
            link = directory / folder
            if not link.exists():
                link.symlink_to((source / folder).resolve(), target_is_directory=True)
        with open(directory / "manifest.csv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(site_rows)
    return {site: len(site_rows) for site, site_rows in grouped.items()}


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python -m ropscreen_federated.sites DATA_ROOT OUT [TRAIN_ROWS_PER_SITE]")
    limit = int(sys.argv[3]) if len(sys.argv) == 4 else None
    for site, count in split(Path(sys.argv[1]), Path(sys.argv[2]), train_limit=limit).items():
        print(f"{site}: {count} rows")
