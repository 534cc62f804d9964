#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and `stepwise bench uplink`.
#   start            initdb in a new mktemp -d folder, listen on a Unix socket there and on a free
#                    127.0.0.1 port with TLS only (a CA and a certificate for localhost made for it), print
#                    `export STEPWISE_TEST_POSTGRES=<socket url>`, `STEPWISE_TEST_POSTGRES_TLS=<tcp url>`
#                    and `STEPWISE_TEST_POSTGRES_DIR=<folder>`
#   stop FOLDER      stop the server and delete the folder
#   pause FOLDER     stop the server, keep the data (a test's "server down" stretch)
#   resume FOLDER    start it again on the same data
#   run COMMAND...   start, run COMMAND with the two variables set, stop and delete (also on failure
#                    or Ctrl-C); exits with COMMAND's status
# The cluster runs as the `postgres` system user (initdb refuses root). The role `stepwise` signs in
# with a random password (SCRAM), so the tests go through the same password path as a workshop.
set -euo pipefail
shopt -s inherit_errexit  # a failing step inside $(start) stops the script too
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

# A CA and a server certificate for localhost and 127.0.0.1, valid for two days.
certificates() {
  local tls="$1/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=stepwise-test-ca \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls/san"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/san" -out "$tls/server.crt" 2>/dev/null
  chmod 0600 "$tls/server.key" "$tls/ca.key"
  chmod 0644 "$tls/ca.crt"
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$tls"; fi
}

# A TCP port nobody listens on now (the kernel picks it; the server binds it right after).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
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
  certificates "$dir"
  port=$(free_port)
  cat >"$dir/data/pg_hba.conf" <<HBA
local all all scram-sha-256
hostnossl all all 127.0.0.1/32 reject
hostssl all all 127.0.0.1/32 scram-sha-256
HBA
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
ssl = on
ssl_cert_file = '$dir/tls/server.crt'
ssl_key_file = '$dir/tls/server.key'
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
fsync = on
max_connections = 200
CONF
  server "$dir" start
  as_postgres env PGPASSWORD="$password" "$PGBIN/createdb" -h "$dir" -p "$port" -U stepwise stepwise
  echo "export STEPWISE_TEST_POSTGRES='postgres://stepwise:$password@localhost:$port/stepwise?host=$dir'"
  echo "export STEPWISE_TEST_POSTGRES_TLS='postgres://stepwise:$password@localhost:$port/stepwise?sslmode=verify-full&sslrootcert=$dir/tls/ca.crt'"
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
  export STEPWISE_TEST_POSTGRES STEPWISE_TEST_POSTGRES_TLS STEPWISE_TEST_POSTGRES_DIR
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
