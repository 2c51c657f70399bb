"""What crossed a site's link, from a packet capture: every byte accounted for.

`python -m ropscreen_federated.traffic CAPTURE.pcapng SITE_ADDRESS SUPERLINK_PORT WEIGHTS_BYTES` reads a
capture of one site's veth (dumpcap in scripts/federation.sh) with tshark and prints one JSON object:

- `wireBytes`: every frame's length; `headerBytes`: what is not TCP payload (Ethernet, IP, TCP, ARP, …);
- `otherPayloadBytes`: TCP or UDP payload that is not on the SuperLink's port (should be 0: nothing but
  the federation crosses), and `plaintextPayloadBytes`: payload on that port that is not TLS (should be 0);
- `tls`: the TLS record bytes by content type (handshake, application data, alerts, change cipher spec);
- `transfers`: the application data grouped into messages (records in one direction with no gap of more
  than a second): the large ones, each within 10 % of the weights' bytes, are the global weights going
  down and the sites' updates going up; the rest (`smallMessages`: metrics, heartbeats, the app's code,
  HTTP/2 control frames) is summed with the largest of them.

The photographs are encrypted like everything else on the link, so they cannot be looked for by content;
what the capture shows is that the application data is the weights transfers plus a remainder smaller
than one photograph.
"""

import json
import subprocess
import sys
from collections import defaultdict

CONTENT_TYPES = {20: "changeCipherSpec", 21: "alert", 22: "handshake", 23: "applicationData"}
FIELDS = ["frame.time_epoch", "frame.len", "ip.src", "tcp.srcport", "tcp.dstport", "tcp.len", "udp.length",
          "tls.record.content_type", "tls.record.length"]


def frames(capture: str, port: int) -> list[list[str]]:
    command = ["tshark", "-r", capture, "-n", "-d", f"tcp.port=={port},tls", "-o", "tcp.desegment_tcp_streams:TRUE",
               "-T", "fields", "-E", "separator=\t", "-E", "aggregator=,", *sum((["-e", f] for f in FIELDS), [])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in output.splitlines() if line]


def numbers(field: str) -> list[int]:
    return [int(value) for value in field.split(",") if value]


def account(capture: str, site_address: str, port: int, weights_bytes: int) -> dict:
    wire = header = other = plaintext = 0
    tls: dict[str, int] = defaultdict(int)
    records: list[tuple[float, str, int]] = []  # (time, direction, application data bytes)
    for row in frames(capture, port):
        row += [""] * (len(FIELDS) - len(row))
        time, length, source, sport, dport, tcp_len, udp_len, types, lengths = row
        wire += int(length)
        payload = int(tcp_len or 0) + max(int(udp_len or 8) - 8, 0)
        header += int(length) - payload
        if payload and port not in (int(sport or 0), int(dport or 0)):
            other += payload
            continue
        direction = "up" if source == site_address else "down"
        for kind, size in zip(numbers(types), numbers(lengths)):
            name = CONTENT_TYPES.get(kind, f"type{kind}")
            tls[name] += size + 5  # the record's 5-byte header
            if kind == 23:
                records.append((float(time), direction, size + 5))
    plaintext = max(wire - header - other - sum(tls.values()), 0)

    messages: list[dict] = []
    last: dict[str, dict] = {}
    for time, direction, size in sorted(records):
        current = last.get(direction)
        if current is None or time - current["end"] > 1.0:
            current = {"direction": direction, "start": time, "end": time, "bytes": 0}
            messages.append(current)
            last[direction] = current
        current["bytes"] += size
        current["end"] = time
    large = [m for m in messages if abs(m["bytes"] - weights_bytes) <= 0.1 * weights_bytes]
    small = [m for m in messages if m not in large]
    return {
        "wireBytes": wire, "headerBytes": header, "otherPayloadBytes": other, "plaintextPayloadBytes": plaintext,
        "tls": dict(tls),
        "transfers": {
            "weightsBytes": weights_bytes,
            "down": sum(1 for m in large if m["direction"] == "down"),
            "up": sum(1 for m in large if m["direction"] == "up"),
            "bytes": sum(m["bytes"] for m in large),
            "smallMessages": len(small),
            "smallBytes": sum(m["bytes"] for m in small),
            "largestSmallMessage": max((m["bytes"] for m in small), default=0),
        },
    }


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: python -m ropscreen_federated.traffic CAPTURE SITE_ADDRESS SUPERLINK_PORT WEIGHTS_BYTES")
    print(json.dumps(account(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])), sort_keys=True))
