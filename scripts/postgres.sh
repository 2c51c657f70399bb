#!/usr/bin/env bash
# A private PostgreSQL for the tests (Debian's postgresql, installed by setup.sh --test):
# its own data folder, listening on 127.0.0.1 only, a role `ropscreen` that may create
# databases (each contract test makes its own and drops it).
#   scripts/postgres.sh start   # prints the export line for ROPSCREEN_TEST_POSTGRES
#   scripts/postgres.sh stop
set -euo pipefail
PORT="${ROPSCREEN_PG_PORT:-55432}"
DATA="${ROPSCREEN_PG_DATA:-/tmp/ropscreen-postgres}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "${1:-}" in
  start)
    if [ ! -s "$DATA/PG_VERSION" ]; then
      mkdir -p "$DATA"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
      as_postgres "'$BIN/initdb' -D '$DATA' -A scram-sha-256 -U postgres --pwfile=<(echo postgres) >/dev/null"
    fi
    # Started already (by .ci/run, or an earlier start): keep it.
    as_postgres "'$BIN/pg_ctl' -D '$DATA' status >/dev/null" ||
      as_postgres "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/log' -w -o \"-p $PORT -c listen_addresses=127.0.0.1 -k /tmp\" start >/dev/null"
    PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PORT" -U postgres -qtA -c \
      "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ropscreen') THEN CREATE ROLE ropscreen LOGIN CREATEDB PASSWORD 'ropscreen'; END IF; END \$\$;" >/dev/null
    echo "export ROPSCREEN_TEST_POSTGRES=postgres://ropscreen:ropscreen@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_postgres "'$BIN/pg_ctl' -D '$DATA' -m fast stop >/dev/null" || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
