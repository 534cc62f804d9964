#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and `stepwise bench uplink`.
#   start            initdb in a new mktemp -d folder, listen on a Unix socket there only (no TCP),
#                    print `export STEPWISE_TEST_POSTGRES=<url>` and `export STEPWISE_TEST_POSTGRES_DIR=<folder>`
#   stop FOLDER      stop the server and delete the folder
#   pause FOLDER     stop the server, keep the data (a test's "server down" stretch)
#   resume FOLDER    start it again on the same data
#   run COMMAND...   start, run COMMAND with the two variables set, stop and delete (also on failure
#                    or Ctrl-C); exits with COMMAND's status
# The cluster runs as the `postgres` system user (initdb refuses root). The role `stepwise` signs in
# with a random password (SCRAM), so the tests go through the same password path as a workshop.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
  [ -x "$PGBIN/initdb" ] && return
  echo "postgres-test: installing postgresql-15" >&2
  # A fresh machine may not have package lists yet: fetch them only when the first try fails.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2; }
}

server() {  # $1 = folder, $2 = pg_ctl action
  as_postgres "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 "$2" >/dev/null
}

start() {
  install_if_missing
  local dir password
  dir=$(mktemp -d /tmp/stepwise-pg.XXXXXX)
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  (umask 077; printf "%s\n" "$password" >"$dir/password")
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir" "$dir/password"; fi
  # Others (the uplink under the unit's user) reach the socket; the data folder stays 0700.
  chmod 0755 "$dir"
  as_postgres "$PGBIN/initdb" -D "$dir/data" -U stepwise --pwfile="$dir/password" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
fsync = on
max_connections = 200
CONF
  server "$dir" start
  as_postgres env PGPASSWORD="$password" "$PGBIN/createdb" -h "$dir" -U stepwise stepwise
  echo "export STEPWISE_TEST_POSTGRES='postgres://stepwise:$password@localhost/stepwise?host=$dir'"
  echo "export STEPWISE_TEST_POSTGRES_DIR='$dir'"
}

folder() {
  local dir=${1:-${STEPWISE_TEST_POSTGRES_DIR:-}}
  [[ -n "$dir" && -d "$dir/data" ]] || { echo "postgres-test: no cluster folder given" >&2; exit 2; }
  printf '%s' "$dir"
}

run() {
  local exports
  exports=$(start)
  eval "$exports"
  trap 'bash "$0" stop "$STEPWISE_TEST_POSTGRES_DIR"' EXIT
  export STEPWISE_TEST_POSTGRES STEPWISE_TEST_POSTGRES_DIR
  "$@"
}

case "${1:-}" in
  start) start ;;
  run) shift; run "$@" ;;
  stop)
    dir=$(folder "${2:-}")
    server "$dir" stop 2>/dev/null || true
    rm -rf "$dir" ;;
  pause) server "$(folder "${2:-}")" stop ;;
  resume) server "$(folder "${2:-}")" start ;;
  *) echo "usage: postgres-test.sh start | run COMMAND... | stop FOLDER | pause FOLDER | resume FOLDER" >&2; exit 2 ;;
esac
