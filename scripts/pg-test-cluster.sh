#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: a temp directory, a free loopback
# port, trust authentication on 127.0.0.1 only. Used by `npm run test:pg`, .ci/run and
# developers (docs/deployment.md). Needs Debian's postgresql package (apt-get install -y postgresql).
#
#   url=$(scripts/pg-test-cluster.sh start)      # prints postgres://postgres@127.0.0.1:PORT/postgres
#   TEST_DATABASE_URL=$url npm run test:pg
#   scripts/pg-test-cluster.sh stop "$url"       # or: stop PORT
#   scripts/pg-test-cluster.sh down|up "$url"    # an outage: fast shutdown, then start again
#
# PG_DURABLE=1 keeps PostgreSQL's durable defaults (fsync, synchronous_commit, full-page
# writes) with docs/deployment.md's checkpoint settings, as for benchmarks; without it they
# are off, which only a throwaway cluster may do.
set -euo pipefail

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "$dir"
}

# initdb and postgres refuse to run as root: as root, run them as the postgres user.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data_dir() { echo "${TMPDIR:-/tmp}/hz-pg-$1"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local bin port dir tries=0
  bin=$(bindir)
  while :; do
    port=$((20000 + RANDOM % 20000))
    dir=$(data_dir "$port")
    if ! port_in_use "$port" && [[ ! -e "$dir" ]]; then break; fi
    tries=$((tries + 1))
    [[ $tries -lt 50 ]] || { echo "no free port found" >&2; exit 1; }
  done
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  # C collation sorts by code point, as SQLite does; UTF8 for Chinese names.
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 300"
    echo "shared_buffers = 256MB"
    echo "logging_collector = off"
    if [[ "${PG_DURABLE:-0}" != "1" ]]; then
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    else
      # The checkpoint settings docs/deployment.md recommends for a city server.
      echo "max_wal_size = 4GB"
      echo "checkpoint_timeout = 15min"
    fi
  } | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    cat "$dir/server.log" >&2
    exit 1
  fi
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

port_of() {
  [[ -n "$1" ]] || { echo "usage: $0 stop|down|up <url|port>" >&2; exit 2; }
  if [[ "$1" =~ ^[0-9]+$ ]]; then echo "$1"; else sed -E 's#^.*@[^:/]+:([0-9]+)/.*$#\1#' <<<"$1"; fi
}

# An outage for the fault tests (tests/integration/faults-outage.test.ts): a fast shutdown
# (clients are disconnected) and a start again on the same data and port.
down() {
  local dir
  dir=$(data_dir "$(port_of "${1:-}")")
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}
up() {
  local dir
  dir=$(data_dir "$(port_of "${1:-}")")
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
}

stop() {
  local port dir bin
  port=$(port_of "${1:-}")
  dir=$(data_dir "$port")
  [[ -d "$dir/data" ]] || { echo "no test cluster at $dir" >&2; exit 1; }
  bin=$(bindir)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  echo "stopped the test cluster on port $port" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  down) down "${2:-}" ;;
  up) up "${2:-}" ;;
  *) echo "usage: $0 start | stop|down|up <url|port>" >&2; exit 2 ;;
esac
