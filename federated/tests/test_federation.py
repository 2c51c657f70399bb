"""A real federation on this machine: scripts/federation.sh with three sites in network namespaces.

Skips, saying why, without root and `ip netns`, without Flower in the .venv, without a built
ropscreen or without HVDROPDB-full. One run covers: TLS and SuperNode authentication (an
unregistered node is refused), a site killed in the middle of round 1 (the round completes with
the others and the site rejoins; it is measured in the final evaluation), the model bundle and its card, and what
crossed each site's link: the kernel's byte counters against the parameter count, and a packet capture (dumpcap,
tshark) that accounts for every byte as TLS to the SuperLink, in weight-sized transfers and a small remainder.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ropscreen_federated import accountant, weights

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("ROPSCREEN_DATA", REPO.parent / "shared" / "data"))


def _binary() -> Path | None:
    if os.environ.get("ROPSCREEN_BIN"):
        return Path(os.environ["ROPSCREEN_BIN"])
    # The newer of the two builds: a release build left from earlier may lack what the debug one has.
    built = [c for c in (REPO / ".build/release/ropscreen", REPO / ".build/debug/ropscreen") if c.exists()]
    return max(built, key=lambda c: c.stat().st_mtime) if built else None


def _why_not() -> str | None:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        return "needs root and iproute2 for network namespaces"
    probe = subprocess.run(["ip", "netns", "list"], capture_output=True)
    if probe.returncode != 0:
        return "ip netns does not work here"
    if not (REPO / ".venv/bin/flower-superlink").exists():
        return "no Flower in .venv (scripts/setup.sh --federated)"
    if _binary() is None:
        return "no ropscreen binary (swift build)"
    if shutil.which("tshark") is None or shutil.which("dumpcap") is None:
        return "no tshark for the link captures (scripts/setup.sh --test)"
    if not (DATA / "HVDROPDB-full/manifest.csv").exists():
        return f"HVDROPDB-full not found under {DATA}"
    return None


def run_federation(output: Path, *arguments: str) -> dict:
    env = dict(os.environ, ROPSCREEN_BIN=str(_binary()), ROPSCREEN_DATA=str(DATA))
    command = ["bash", str(REPO / "scripts/federation.sh"), "--output", str(output), "--timeout", "300", *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    if completed.returncode == 4:
        # Seen once in about ten runs: flwr 1.42's ServerApp waits past its round timeout for replies the sites had
        # sent (federation.sh exits 4 when its own deadline passes). One fresh federation is tried; a second
        # timeout fails the test.
        print("federation timed out; trying once more:", completed.stderr[-800:])
        completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    assert completed.returncode == 0, completed.stderr[-4000:]
    line = next(line for line in completed.stdout.splitlines() if line.startswith("federation: {"))
    return json.loads(line.removeprefix("federation: "))


@pytest.fixture(autouse=True)
def _requirements():
    reason = _why_not()
    if reason:
        print(f"skipped: {reason}")
        pytest.skip(reason)


def test_three_sites_two_rounds_a_dead_site_and_an_intruder(tmp_path):
    summary = run_federation(tmp_path, "--rounds", "2", "--steps", "3", "--site-train-rows", "30",
                             "--kill-site", "retcam-b", "--intruder", "--capture")
    assert summary["intruder_refused"] is True

    card = json.loads((tmp_path / "model/card.json").read_text())
    federation = card["federation"]
    assert federation["rounds"] == 2 and federation["strategy"] == "FedAvg"
    assert "TLS" in federation["transport"] and "authentication" in federation["transport"]
    first, second = federation["roundLog"]
    assert first["replies"] == 2, "round 1 completed with the two sites left"
    # Round 2 is drawn from the sites connected when it starts: the killed one may or may not be back by then.
    assert second["replies"] >= 2 and second["failures"] == 0
    sites = {site["name"]: site for site in federation["sites"]}
    assert set(sites) == {"neo", "retcam-a", "retcam-b"}
    for name, site in sites.items():
        assert site["test"]["n"] > 0 and 0 <= site["test"]["auc"] <= 1, name
        assert card["metrics"][f"{name}/test"] == site["test"]
    assert sites["neo"]["trainSamples"] > 0
    # The killed site rejoined: the final model was measured on its test split at the site, after its restart.
    assert sites["retcam-b"]["test"]["n"] > 0

    # What crossed each link (kernel counters of the veth, both directions): the global weights down and the
    # update up for each round a site took part in, the final weights down for its test figures, and protocol
    # (HTTP/2, TLS, TCP, heartbeats, the app's code). One photograph of these sites is 100-400 KB, so the
    # allowance of 1.5 MB above 110% of the weights' own bytes leaves no room for more than a few.
    weights_bytes = 4 * summary["parameters"]
    for name, crossed in summary["link_bytes"].items():
        assert crossed >= 2 * weights_bytes, (name, crossed)
        assert crossed <= (2 * 2 + 1) * weights_bytes * 1.1 + 1_500_000, (name, crossed, weights_bytes)

    # The capture of the same links, byte by byte: nothing but TLS to the SuperLink's port crossed (no other port,
    # no plaintext), and the TLS application data going down is the global weights once per round the site was sent
    # and once for its test figures, going up its update once per reply, each plus less than 1 MB of remainder
    # (polls and heartbeats over two minutes, metrics, the app's code, gRPC and HTTP/2 framing; measured here
    # 0.2-0.7 MB). Flower moves every array as an object of its own, so the copies are counted by bytes, not messages.
    remainder = 1_000_000
    for name, traffic in summary["traffic"].items():
        assert traffic["otherPayloadBytes"] == 0, (name, traffic)
        assert traffic["plaintextPayloadBytes"] <= 0.001 * traffic["wireBytes"], (name, traffic)
        # The capture starts before the first connection, the counters after the sites joined (and the intruder left).
        assert summary["link_bytes"][name] <= traffic["wireBytes"] <= summary["link_bytes"][name] + 1_000_000, (name, traffic)
        assert traffic["weightsBytes"] == weights_bytes
        down, up = traffic["applicationBytes"]["down"], traffic["applicationBytes"]["up"]
        # Down: at least round 1's weights and the final ones for the test figures, at most round 2's too.
        assert 2 * weights_bytes <= down <= 3 * weights_bytes + remainder, (name, traffic)
        assert up <= 2 * weights_bytes + remainder, (name, traffic)
    # Up: exactly one update per reply the coordinator counted (the killed site's round-1 update never left it).
    replies = sum(entry["replies"] for entry in federation["roundLog"])
    uploaded = sum(traffic["applicationBytes"]["up"] for traffic in summary["traffic"].values())
    assert replies * weights_bytes <= uploaded <= replies * weights_bytes + 3 * remainder, (replies, uploaded, weights_bytes)


def test_fedadam_under_secure_aggregation(tmp_path):
    """FedAdam through Flower with SecAgg+ on: the coordinator steps the sum it is shown (never a site's own update)
    by its Adam optimiser, and the card says so."""
    summary = run_federation(tmp_path, "--rounds", "2", "--steps", "3", "--site-train-rows", "30",
                             "--strategy", "fedadam", "--server-lr", "0.001", "--secagg")
    card = json.loads((tmp_path / "model/card.json").read_text())
    federation = card["federation"]
    assert federation["strategy"] == "FedAdam" and federation["serverOptimiser"]["eta"] == 0.001
    assert federation["secureAggregation"].startswith("SecAgg+")
    assert [entry["failures"] for entry in federation["roundLog"]] == [0, 0]
    assert {site["name"] for site in federation["sites"]} == {"neo", "retcam-a", "retcam-b"}
    assert all(site["test"]["n"] > 0 for site in federation["sites"])
    assert summary["rounds"] == 2


def test_fedadam_with_differential_privacy_is_refused(tmp_path):
    completed = subprocess.run(["bash", str(REPO / "scripts/federation.sh"), "--output", str(tmp_path), "--strategy", "fedadam",
                                "--dp-noise", "0.5"], capture_output=True, text=True, env=dict(os.environ, ROPSCREEN_BIN=str(_binary())),
                               timeout=60)
    assert completed.returncode == 2 and "cannot be combined" in completed.stderr, completed.stderr


def test_differential_privacy_records_its_budget_and_floors_the_noised_variances(tmp_path):
    run_federation(tmp_path, "--rounds", "2", "--steps", "3", "--site-train-rows", "30", "--dp-noise", "0.5", "--dp-clip", "1")
    privacy = json.loads((tmp_path / "model/card.json").read_text())["federation"]["privacy"]
    assert privacy["noiseMultiplier"] == 0.5 and privacy["clippingNorm"] == 1 and privacy["sitesPerRound"] == 3
    epsilon, _ = accountant.epsilon(0.5, 2, privacy["delta"])
    assert abs(privacy["epsilon"] - epsilon) < 1e-9
    # This recipe exchanges batch norm's statistics: the noise (σ = z·C/n = 0.5/3) lands on the running variances,
    # and every one is floored at σ, which costs no privacy.
    assert "floored" in privacy["statistics"]
    names, arrays = weights.read(tmp_path / "global.safetensors")
    variances = [array for name, array in zip(names, arrays) if name.endswith(".running_var")]
    assert variances and min(float(v.min()) for v in variances) >= 0.5 / 3 - 1e-6
