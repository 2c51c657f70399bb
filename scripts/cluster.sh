#!/usr/bin/env bash
# ropscreen on one machine as it runs on several: PostgreSQL (scripts/postgres.sh), N
# servers and M workers sharing it and one image folder, nginx in front; all on loopback.
#   scripts/cluster.sh start [N] [M]   # prints the nginx URL
#   scripts/cluster.sh stop
# ROPSCREEN_CLUSTER (default /tmp/ropscreen-cluster) holds the data, the logs and the pids;
# ROPSCREEN_BIN the ropscreen binary (default .build/release/ropscreen, else .build/debug).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${ROPSCREEN_CLUSTER:-/tmp/ropscreen-cluster}"
BIN="${ROPSCREEN_BIN:-$( [ -x .build/release/ropscreen ] && echo .build/release/ropscreen || echo .build/debug/ropscreen )}"
NGINX_PORT="${ROPSCREEN_NGINX_PORT:-18080}"
FIRST_PORT="${ROPSCREEN_FIRST_PORT:-18101}"

case "${1:-}" in
  start)
    servers="${2:-3}"; workers="${3:-2}"
    mkdir -p "$DIR/data" "$DIR/nginx" "$DIR/import"
    eval "$(bash scripts/postgres.sh start)"
    database="${ROPSCREEN_TEST_POSTGRES%/*}/ropscreen_cluster"
    PGPASSWORD=ropscreen psql "${ROPSCREEN_TEST_POSTGRES}" -qtA -c "CREATE DATABASE ropscreen_cluster" 2>/dev/null || true
    upstreams=""
    for i in $(seq 0 $((servers - 1))); do
      port=$((FIRST_PORT + i))
      "$BIN" serve --port "$port" --data-dir "$DIR/data" --database "$database" --import-root "$DIR/import" \
        >"$DIR/server-$i.log" 2>&1 & echo $! >"$DIR/server-$i.pid"
      upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=2s;"$'\n'
    done
    for i in $(seq 0 $((workers - 1))); do
      "$BIN" worker --data-dir "$DIR/data" --database "$database" --import-root "$DIR/import" \
        >"$DIR/worker-$i.log" 2>&1 & echo $! >"$DIR/worker-$i.pid"
    done
    python3 - "$DIR" "$NGINX_PORT" "$upstreams" <<'PY'
import sys
prefix, port, upstreams = sys.argv[1] + "/nginx", sys.argv[2], sys.argv[3]
text = open("deploy/nginx/ropscreen.conf.template").read()
open(prefix + "/nginx.conf", "w").write(text.replace("@PREFIX@", prefix).replace("@PORT@", port).replace("@UPSTREAMS@", upstreams.rstrip()))
PY
    nginx -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx"
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$NGINX_PORT/readyz" >/dev/null && break; sleep 0.2; done
    echo "http://127.0.0.1:$NGINX_PORT/"
    ;;
  stop)
    [ -f "$DIR/nginx/nginx.pid" ] && nginx -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx" -s quit 2>/dev/null || true
    pids=()
    for pid in "$DIR"/*.pid; do [ -f "$pid" ] && { pids+=("$(cat "$pid")"); kill "$(cat "$pid")" 2>/dev/null || true; }; rm -f "$pid"; done
    # Servers drain before they exit (--drain-seconds): wait, so their ports are free again.
    for _ in $(seq 1 150); do
      alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break; sleep 0.1
    done
    ;;
  *) echo "usage: $0 start [servers] [workers] | stop" >&2; exit 2 ;;
esac
