"""What crossed a site's link, from a packet capture: every byte accounted for.

`python -m ropscreen_federated.traffic CAPTURE.pcapng SITE_ADDRESS SUPERLINK_PORT WEIGHTS_BYTES` reads a
capture of one site's veth (dumpcap in scripts/federation.sh) with tshark and prints one JSON object:

- `wireBytes`: every frame's length; `headerBytes`: what is not TCP payload (Ethernet, IP, TCP, ARP, …);
- `otherPayloadBytes`: TCP or UDP payload that is not on the SuperLink's port (should be 0: nothing but
  the federation crosses), `retransmittedBytes`: TCP payload sent again, and `plaintextPayloadBytes`: payload on
  that port that is not in a TLS record (should be 0);
- `tls`: the TLS record bytes by content type (handshake, application data, alerts, change cipher spec;
  under TLS 1.3 everything after the ServerHello is encrypted application data, the rest of the handshake included);
- `applicationBytes`: the TLS application data by direction, `down` (coordinator to site) and `up`; what
  the caller compares with the copies of the weights that should have crossed (`weightsBytes` each): Flower
  moves each array as an object of its own, so a copy of the weights is many messages, not one.

The photographs are encrypted like everything else on the link, so they cannot be looked for by content;
what the capture shows is that nothing but TLS to the SuperLink crossed, and that its application data is
the weights' copies plus a remainder (metrics, heartbeats and polls, the app's code, HTTP/2 and gRPC framing)
that the caller bounds.
"""

import json
import subprocess
import sys
from collections import defaultdict

CONTENT_TYPES = {20: "changeCipherSpec", 21: "alert", 22: "handshake", 23: "applicationData"}
# TLS 1.3 gives an encrypted record's type as `opaque_type` (always 23, application data: the real type is
# inside the encryption); the plaintext records before it (handshake, change cipher spec) as `content_type`.
FIELDS = ["frame.len", "ip.src", "tcp.srcport", "tcp.dstport", "tcp.len", "udp.length", "tcp.analysis.retransmission",
          "tls.record.content_type", "tls.record.opaque_type", "tls.record.length"]


def frames(capture: str, port: int) -> list[list[str]]:
    command = ["tshark", "-r", capture, "-n", "-d", f"tcp.port=={port},tls", "-o", "tcp.desegment_tcp_streams:TRUE",
               "-T", "fields", "-E", "separator=\t", "-E", "aggregator=,", *sum((["-e", f] for f in FIELDS), [])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in output.splitlines() if line]


def numbers(field: str) -> list[int]:
    return [int(value) for value in field.split(",") if value]


def account(capture: str, site_address: str, port: int, weights_bytes: int) -> dict:
    wire = header = other = retransmitted = 0
    tls: dict[str, int] = defaultdict(int)
    application = {"down": 0, "up": 0}
    for row in frames(capture, port):
        row += [""] * (len(FIELDS) - len(row))
        length, source, sport, dport, tcp_len, udp_len, retransmission, plain_types, opaque_types, lengths = row
        types = ",".join(filter(None, [plain_types, opaque_types]))  # plaintext records come first in a frame
        wire += int(length)
        payload = int(tcp_len or 0) + max(int(udp_len or 8) - 8, 0)
        header += int(length) - payload
        if payload and port not in (int(sport or 0), int(dport or 0)):
            other += payload
            continue
        if retransmission:  # the same payload sent again (TCP's own overhead): its records were counted the first time
            retransmitted += payload
            continue
        direction = "up" if source == site_address else "down"
        for kind, size in zip(numbers(types), numbers(lengths)):
            name = CONTENT_TYPES.get(kind, f"type{kind}")
            tls[name] += size + 5  # the record's 5-byte header
            if kind == 23:
                application[direction] += size + 5
    plaintext = max(wire - header - other - retransmitted - sum(tls.values()), 0)
    return {
        "wireBytes": wire, "headerBytes": header, "otherPayloadBytes": other, "retransmittedBytes": retransmitted,
        "plaintextPayloadBytes": plaintext, "tls": dict(tls), "weightsBytes": weights_bytes, "applicationBytes": dict(application),
    }


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: python -m ropscreen_federated.traffic CAPTURE SITE_ADDRESS SUPERLINK_PORT WEIGHTS_BYTES")
    print(json.dumps(account(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])), sort_keys=True))
