#!/usr/bin/env bash
# A Flower federation on one machine, each party in a network namespace of its own:
# the SuperLink (coordinator) in one, every site's SuperNode in another, joined by veth
# pairs on 10.231.<site>.0/24 (addresses that exist only inside these namespaces), so
# what passes between them is real network traffic. TLS (a CA and a server certificate
# made by openssl for this run, never kept) and SuperNode authentication (each site's
# ECDSA P-384 key registered with the SuperLink before it joins) are always on.
#
#   scripts/federation.sh [--rounds N] [--steps N] [--strategy fedavg|fedprox|fedadam] [--mu X] [--server-lr η]
#       [--recipe recipes/federated/….json]
#       [--secagg] [--dp-noise Z] [--dp-clip C] [--sites a,b,c] [--kill-site NAME]
#       [--intruder] [--site-train-rows N] [--round-timeout S] [--min-sites N] [--min-available N]
#       [--capture] [--output DIR] [--data DIR] [--timeout S]
#
# A round starts once --min-available sites are connected (default: all) and is sent to
# at least --min-sites (default: all but one); it completes with the replies that come.
# --kill-site kills that site's SuperNode once its first round's training has started
# and restarts it until the SuperLink takes it back (it has to notice the death first); --intruder starts one more SuperNode whose key
# was never registered and checks it is refused. --capture records every site's link with dumpcap
# and accounts for its bytes with tshark (ropscreen_federated.traffic); the captures are kept in OUTPUT. Needs root (ip netns), the .venv of
# scripts/setup.sh --federated, and a built ropscreen ($ROPSCREEN_BIN, else
# .build/release/ropscreen or .build/debug/ropscreen, whichever is newer). Prints one JSON summary line
# (prefixed "federation:") and writes the model bundle to OUTPUT/model.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds=2 steps=10 strategy=fedavg mu=0.0 secagg=false noise=0.0 clip=1.0 kill_site="" intruder=false capture=false
sites="neo,retcam-a,retcam-b" output="$repo/runs/federated" data="${ROPSCREEN_DATA:-$repo/../shared/data}"
timeout_s=600 train_rows="" round_timeout=120 min_sites="" min_available="" server_lr=0.01
recipe="recipes/federated/rop-small.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --strategy) strategy="$2"; shift 2 ;;
    --mu) mu="$2"; shift 2 ;;
    --server-lr) server_lr="$2"; shift 2 ;;
    --recipe) recipe="$2"; shift 2 ;;
    --secagg) secagg=true; shift ;;
    --dp-noise) noise="$2"; shift 2 ;;
    --dp-clip) clip="$2"; shift 2 ;;
    --sites) sites="$2"; shift 2 ;;
    --kill-site) kill_site="$2"; shift 2 ;;
    --intruder) intruder=true; shift ;;
    --capture) capture=true; shift ;;
    --output) output="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --site-train-rows) train_rows="$2"; shift 2 ;;
    --round-timeout) round_timeout="$2"; shift 2 ;;
    --min-sites) min_sites="$2"; shift 2 ;;
    --min-available) min_available="$2"; shift 2 ;;
    *) echo "federation: unknown argument $1" >&2; exit 2 ;;
  esac
done

venv="$repo/.venv"
[ -x "$venv/bin/flower-superlink" ] || { echo "federation: no Flower in $venv (run scripts/setup.sh --federated)" >&2; exit 3; }
bin="${ROPSCREEN_BIN:-}"
[ -n "$bin" ] || for candidate in "$repo/.build/release/ropscreen" "$repo/.build/debug/ropscreen"; do
  # The newer of the two builds (a release build left from earlier may lack what the debug one has).
  [ -x "$candidate" ] || continue
  { [ -z "$bin" ] || [ "$candidate" -nt "$bin" ]; } && bin="$candidate"
done
[ -x "$bin" ] || { echo "federation: no ropscreen binary (swift build, or set ROPSCREEN_BIN)" >&2; exit 3; }
case "$strategy" in fedavg|fedprox|fedadam) ;; *) echo "federation: --strategy fedavg, fedprox or fedadam" >&2; exit 2 ;; esac
if [ "$strategy" = fedadam ] && [ "$(awk "BEGIN {print ($noise > 0)}")" = 1 ]; then
  # Flower's DP wrapper noises the strategy's result, so FedAdam's moments would keep the un-noised updates.
  echo "federation: --dp-noise cannot be combined with --strategy fedadam" >&2; exit 2
fi
[ -f "$repo/$recipe" ] || { echo "federation: no recipe $repo/$recipe" >&2; exit 2; }
! $capture || { command -v dumpcap > /dev/null && command -v tshark > /dev/null; } \
  || { echo "federation: --capture needs dumpcap and tshark (apt-get install tshark)" >&2; exit 3; }
[ -f "$data/HVDROPDB-full/manifest.csv" ] || { echo "federation: no HVDROPDB-full under $data" >&2; exit 3; }
mkdir -p "$output"
output="$(cd "$output" && pwd)"

IFS=, read -r -a site_names <<< "$sites"
work="$(mktemp -d /tmp/ropscreen-federation.XXXXXX)"
tag="rf$$"
link_ns="$tag-link"
pids=()
namespaces=()

teardown() {
  local status=$?
  # The recorded pids are the background subshells; the Flower processes (and the SuperExecs they
  # spawn) run inside the namespaces, so everything in each namespace is stopped too.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ns in "${namespaces[@]}"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in "${namespaces[@]}"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true; done
  for ns in "${namespaces[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
  [ "$status" -eq 0 ] || { echo "federation: failed (status $status); logs in $work" >&2; return; }
  rm -rf "$work"
}
trap teardown EXIT

export PATH="$venv/bin:$PATH" ROPSCREEN_BIN="$bin" OMP_NUM_THREADS=1 PYTHONUNBUFFERED=1
in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# Network: the link namespace and one namespace per site, a veth pair each.
ip netns add "$link_ns"; namespaces+=("$link_ns")
in_ns "$link_ns" ip link set lo up
san="IP:127.0.0.1"
for i in "${!site_names[@]}"; do
  n=$((i + 1)) ns="$tag-s$n"
  ip netns add "$ns"; namespaces+=("$ns")
  ip link add "vl$n" netns "$link_ns" type veth peer name "vs$n" netns "$ns"
  in_ns "$link_ns" ip addr add "10.231.$n.1/24" dev "vl$n"
  in_ns "$link_ns" ip link set "vl$n" up
  in_ns "$ns" ip addr add "10.231.$n.2/24" dev "vs$n"
  in_ns "$ns" ip link set "vs$n" up
  in_ns "$ns" ip link set lo up
  san="$san,IP:10.231.$n.1"
done

capture_pids=()
if $capture; then
  # One capture per site's link, on the coordinator's side of the veth (every frame, both directions), from before
  # the first connection: tshark follows TLS records only in streams it saw start.
  for i in "${!site_names[@]}"; do
    n=$((i + 1))
    in_ns "$link_ns" dumpcap -q -i "vl$n" -w "$work/capture-$n.pcapng" > "$work/dumpcap-$n.log" 2>&1 &
    capture_pids+=($!)
  done
  for i in "${!site_names[@]}"; do
    for _ in $(seq 1 50); do [ -s "$work/capture-$((i + 1)).pcapng" ] && break; sleep 0.1; done
  done
fi

# Certificates for this run only: a CA, and the SuperLink's certificate for every address it is reached at.
certs="$work/certs"; mkdir -p "$certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ropscreen federation CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=superlink" -keyout "$certs/server.key" -out "$certs/server.csr" 2>/dev/null
printf 'subjectAltName=%s\n' "$san" > "$certs/san.ext"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial -days 2 \
  -extfile "$certs/san.ext" -out "$certs/server.pem" 2>/dev/null

# The SuperLink. In flwr 1.42 the Fleet, Control and Runtime APIs share one HTTPS port, so it listens on
# every address of its namespace (the veths and loopback); the CLI reaches it on loopback. The sites can
# therefore reach the Control API too: a real deployment puts a proxy that forwards only /v1/fleet in front.
export FLWR_HOME="$work/flwr-cli"
mkdir -p "$FLWR_HOME"
cat > "$FLWR_HOME/config.toml" <<EOF
[superlink]
default = "local"

[superlink.local]
address = "127.0.0.1:9092"
root-certificates = "$certs/ca.crt"
EOF
in_ns "$link_ns" env FLWR_HOME="$work/flwr-link" flower-superlink \
  --ssl-ca-certfile "$certs/ca.crt" --ssl-certfile "$certs/server.pem" --ssl-keyfile "$certs/server.key" \
  --enable-supernode-auth --host 0.0.0.0 --port 9092 --disable-runtime-dependency-installation \
  --database "$work/state.db" > "$work/superlink.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  in_ns "$link_ns" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9092' 2>/dev/null && break
  sleep 0.5
done

# Each site: its slice of HVDROPDB-full, its key registered, its SuperNode.
(cd "$repo/federated" && "$venv/bin/python" -m ropscreen_federated.sites "$data" "$work/sites" $train_rows > /dev/null)
start_site() {
  local n="$1" name="$2"
  in_ns "$tag-s$n" env FLWR_HOME="$work/flwr-s$n" flower-supernode \
    --root-certificates "$certs/ca.crt" --superlink "10.231.$n.1:9092" \
    --auth-supernode-private-key "$work/keys/$name" \
    --node-config "site=\"$name\" manifest=\"$work/sites/$name/manifest.csv\" repo=\"$repo\"" \
    >> "$work/supernode-$name.log" 2>&1 &
  pids+=($!)
  eval "site_pid_$n=$!"
}
mkdir -p "$work/keys"
for i in "${!site_names[@]}"; do
  n=$((i + 1)) name="${site_names[$i]}"
  ssh-keygen -q -t ecdsa -b 384 -N "" -C "$name" -f "$work/keys/$name"
  in_ns "$link_ns" flwr supernode register "$work/keys/$name.pub" local --name "$name" > /dev/null
  start_site "$n" "$name"
done

refused=null
if $intruder; then
  # A node whose key the SuperLink never registered, on the first site's link.
  ssh-keygen -q -t ecdsa -b 384 -N "" -C intruder -f "$work/keys/intruder"
  in_ns "$tag-s1" env FLWR_HOME="$work/flwr-intruder" timeout 30 flower-supernode \
    --root-certificates "$certs/ca.crt" --superlink "10.231.1.1:9092" --max-retries 2 --max-wait-time 10 \
    --auth-supernode-private-key "$work/keys/intruder" --port 9095 \
    --node-config 'site="intruder"' > "$work/intruder.log" 2>&1 && intruder_status=0 || intruder_status=$?
  # Refused: it stopped by itself (not by the timeout, 124) and the SuperLink lists only the registered sites.
  registered=$(in_ns "$link_ns" flwr supernode ls local --format json 2>/dev/null | "$venv/bin/python" -c \
    'import json,sys; nodes=json.load(sys.stdin).get("nodes", []); print(sum(1 for n in nodes if str(n.get("status","")).lower() in ("online","registered","offline")))' 2>/dev/null || echo -1)
  if [ "$intruder_status" -ne 0 ] && [ "$intruder_status" -ne 124 ] && grep -q "Failed to activate SuperNode" "$work/intruder.log"; then
    refused=true
  else
    refused=false
  fi
  echo "federation: intruder exit $intruder_status, nodes known to the SuperLink: $registered" >&2
fi

# Byte counters of every site's link before the run.
declare -A bytes_before
for i in "${!site_names[@]}"; do
  n=$((i + 1))
  bytes_before[$n]=$(in_ns "$link_ns" cat "/sys/class/net/vl$n/statistics/rx_bytes" "/sys/class/net/vl$n/statistics/tx_bytes" | awk '{s += $1} END {print s + 0}')
done

transport="TLS (CA made for the run), SuperNode authentication (ECDSA P-384 keys registered before joining), each site in its own network namespace"
run_config="repo=\"$repo\" recipe=\"$recipe\" output=\"$output\" num-server-rounds=$rounds local-steps=$steps strategy=\"$strategy\" proximal-mu=$mu"
run_config="$run_config server-learning-rate=$server_lr"
run_config="$run_config min-sites=${min_sites:-$(( ${#site_names[@]} > 1 ? ${#site_names[@]} - 1 : 1 ))} min-available-sites=${min_available:-${#site_names[@]}}"
run_config="$run_config round-timeout=$round_timeout secagg=$secagg dp-noise-multiplier=$noise dp-clipping-norm=$clip transport=\"$transport\""
started=$(date +%s)
rm -f "$output/federation.json"
in_ns "$link_ns" flwr run "$repo/federated" local --run-config "$run_config" --stream > "$work/run.log" 2>&1 &
run_pid=$!
pids+=($run_pid)

if [ -n "$kill_site" ]; then
  for i in "${!site_names[@]}"; do [ "${site_names[$i]}" = "$kill_site" ] && kill_n=$((i + 1)); done
  [ -n "${kill_n:-}" ] || { echo "federation: no site $kill_site" >&2; exit 2; }
  # Wait until that site's trainer runs (its first round), kill its SuperNode and what it started, restart it later.
  for _ in $(seq 1 600); do pgrep -f "federated fit --recipe .*sites/$kill_site/" > /dev/null && break; sleep 0.2; done
  victim="site_pid_$kill_n"
  pkill -9 -P "${!victim}" 2>/dev/null || true
  kill -9 "${!victim}" 2>/dev/null || true
  for p in $(pgrep -f "federated fit --recipe .*sites/$kill_site/" || true); do kill -9 "$p" 2>/dev/null || true; done
  echo "federation: killed $kill_site mid-round at $(( $(date +%s) - started )) s" >&2
  # Restarted once the round it was killed in has completed without it (the SuperLink notices the death after two
  # missed heartbeats, about 60 s, and the round ends with the others' replies, or at its timeout): a node that came
  # back with the same ID while its round was still open was seen to leave flwr 1.42's ServerApp waiting for ever.
  for _ in $(seq 1 $(( round_timeout + 60 ))); do grep -q "aggregate_fit: received" "$work/run.log" && break; sleep 1; done
  echo "federation: the round without $kill_site completed at $(( $(date +%s) - started )) s" >&2
  # The SuperLink refuses the same node until it has missed two heartbeats (about 60 s); retry until it is back.
  joined() { grep -c "SuperNode ID" "$work/supernode-$kill_site.log" || true; }
  before=$(joined) rejoined=false
  for _ in $(seq 1 20); do
    sleep 4
    start_site "$kill_n" "$kill_site"
    # Back when it logs a node ID again; refused when it exits.
    while kill -0 "${!victim}" 2>/dev/null && [ "$(joined)" -eq "$before" ]; do sleep 1; done
    [ "$(joined)" -gt "$before" ] && { rejoined=true; break; }
  done
  $rejoined || { echo "federation: $kill_site did not rejoin" >&2; exit 5; }
  echo "federation: $kill_site rejoined at $(( $(date +%s) - started )) s" >&2
fi

deadline=$(( $(date +%s) + timeout_s ))
while kill -0 "$run_pid" 2>/dev/null && [ ! -f "$output/model/card.json" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "federation: timed out after $timeout_s s" >&2; tail -20 "$work/run.log" >&2; exit 4; }
  sleep 1
done
for _ in $(seq 1 20); do [ -f "$output/model/card.json" ] && break; sleep 1; done
[ -f "$output/model/card.json" ] || { echo "federation: no model written" >&2; tail -30 "$work/run.log" >&2; exit 4; }
seconds=$(( $(date +%s) - started ))

link_bytes="{"
for i in "${!site_names[@]}"; do
  n=$((i + 1))
  after=$(in_ns "$link_ns" cat "/sys/class/net/vl$n/statistics/rx_bytes" "/sys/class/net/vl$n/statistics/tx_bytes" | awk '{s += $1} END {print s + 0}')
  link_bytes="$link_bytes\"${site_names[$i]}\": $(( after - bytes_before[$n] )),"
done
link_bytes="${link_bytes%,}}"
params=$("$venv/bin/python" -c "
import sys; sys.path.insert(0, '$repo/federated')
from pathlib import Path
from ropscreen_federated import weights
print(weights.parameter_count(weights.read(Path('$output/initial.safetensors'))[1]))")
traffic=null
if $capture; then
  pkill -INT -f "dumpcap -q -i vl[0-9]+ -w $work/capture-" 2>/dev/null || true
  for pid in "${capture_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  traffic="{"
  for i in "${!site_names[@]}"; do
    n=$((i + 1))
    accounted=$(cd "$repo/federated" && "$venv/bin/python" -m ropscreen_federated.traffic "$work/capture-$n.pcapng" "10.231.$n.2" 9092 $(( 4 * params )))
    traffic="$traffic\"${site_names[$i]}\": $accounted,"
    cp "$work/capture-$n.pcapng" "$output/capture-${site_names[$i]}.pcapng"
  done
  traffic="${traffic%,}}"
fi
photo_bytes="{"
for name in "${site_names[@]}"; do
  total=$(cd "$work/sites/$name" && tail -n +2 manifest.csv | cut -d, -f1 | xargs -r stat -L -c %s | awk '{s += $1} END {print s + 0}')
  photo_bytes="$photo_bytes\"$name\": ${total:-0},"
done
photo_bytes="${photo_bytes%,}}"
killed=$([ -n "$kill_site" ] && echo "\"$kill_site\"" || echo null)
echo "federation: {\"seconds\": $seconds, \"rounds\": $rounds, \"parameters\": $params, \"link_bytes\": $link_bytes, \"photograph_bytes\": $photo_bytes, \"traffic\": $traffic, \"intruder_refused\": $refused, \"killed\": $killed, \"model\": \"$output/model\"}"
cp "$work/run.log" "$output/run.log"
