#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback (Debian's server, no systemd), as root:
#
#   cluster.sh start DIR PORT   initdb as the `postgres` user in DIR/data (socket in DIR/sock,
#                               TCP on 127.0.0.1:PORT only, scram-sha-256), role and database
#                               `sriov`; prints postgres://sriov:PASSWORD@127.0.0.1:PORT/sriov
#   cluster.sh stop DIR         fast shutdown (SIGKILL to the postmaster if that fails); the
#                               data stays in DIR
#   cluster.sh resume DIR       starts the stopped cluster again on its port
#
# DIR and every folder above it must be traversable by `postgres` (start makes DIR 0755).
# fsync is off: the cluster is thrown away after the stage. 400 connections: the tests run in
# parallel, each store with a pool of its own.
set -euo pipefail
pgbin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
usage="usage: cluster.sh start DIR PORT | stop DIR | resume DIR"
command=${1:?$usage}
dir=$(realpath -m "${2:?$usage}")

# -w returns once the server accepts connections.
serve() {
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$(cat "$dir/port") -c unix_socket_directories=$dir/sock -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start > /dev/null
}

case $command in
  start)
    port=${3:?$usage}
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    mkdir -p "$dir/sock"
    chmod 755 "$dir"
    chown -R postgres:postgres "$dir"
    # initdb and pg_ctl refuse root; --no-locale: only C locales are generated here.
    runuser -u postgres -- "$pgbin/initdb" -D "$dir/data" -U postgres --no-locale -E UTF8 \
      --auth-local=trust --auth-host=scram-sha-256 > "$dir/initdb.log"
    echo "$port" > "$dir/port"
    serve
    psql -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres -d postgres \
      -c "CREATE ROLE sriov LOGIN PASSWORD '$password'" -c "CREATE DATABASE sriov OWNER sriov"
    echo "postgres://sriov:$password@127.0.0.1:$port/sriov"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop > /dev/null ||
        kill -KILL "$(head -n 1 "$dir/data/postmaster.pid")" 2>/dev/null || true
    fi
    ;;
  resume) serve ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
