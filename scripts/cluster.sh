#!/usr/bin/env bash
# A cluster you can start (issue 12 item 6): a private PostgreSQL and three sriov-compute
# hosts on loopback sharing it, each with its own host name, fake host (its own sysfs tree),
# simulated hypervisor and API port. Host 1 runs the embedded network and serves it; hosts 2
# and 3 use it as their Neutron. As root (PostgreSQL's server runs as the postgres user;
# Debian's postgresql is installed when missing).
#
#   bash scripts/cluster.sh up       starts it (or says it is up already) and prints a clouds.yaml
#                                    with one cloud per host (sriov-host1, …; sriov = host 1)
#   bash scripts/cluster.sh down     stops the hosts, then PostgreSQL; the data stays, and the
#                                    next `up` starts the same cluster again
#   bash scripts/cluster.sh status   each host's pid and endpoint, or that it is down
#
# Environment (read by `up` when the cluster is made; later runs reuse what it wrote):
#   SRIOV_CLUSTER_DIR         the cluster's folder (default ${TMPDIR:-/tmp}/sriov-cluster): PostgreSQL's
#                             data, and per host hostN/ with sriov.toml, sys/, hypervisor/, the log
#   SRIOV_CLUSTER_FAKE_HOSTS  each host's fake host, NODESxPFSxVFS per NUMA node (default "1x2x4 1x2x4 1x2x4";
#                             as many words, as many hosts)
#   SRIOV_CLUSTER_REPORT_INTERVAL, SRIOV_CLUSTER_DOWN_TIME   [cluster] report_interval and
#                             service_down_time (the service's defaults, 10 s and 60 s, when unset)
#   SRIOV_COMPUTE_BIN         the binary (default: the release build if there is one, else the
#                             debug build, made with `swift build` when missing)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
postgres_stage="$repo/stages/postgres"
dir=$(realpath -m "${SRIOV_CLUSTER_DIR:-${TMPDIR:-/tmp}/sriov-cluster}")
state="$dir/cluster.env"
ready_timeout=120
usage="usage: cluster.sh up | down | status"

say() { echo "cluster: $*" >&2; }
fail() { say "$*"; exit 1; }

binary() {
  if [ -n "${SRIOV_COMPUTE_BIN:-}" ]; then
    [ -x "$SRIOV_COMPUTE_BIN" ] || fail "SRIOV_COMPUTE_BIN=$SRIOV_COMPUTE_BIN is not an executable"
    echo "$SRIOV_COMPUTE_BIN"; return
  fi
  local candidate
  for candidate in "$repo/.build-release/release/sriov-compute" "$repo/.build/release/sriov-compute" "$repo/.build/debug/sriov-compute"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  say "no sriov-compute binary yet: swift build (a first build takes minutes)"
  (cd "$repo" && PATH="/opt/swift/usr/bin:$PATH" swift build --product sriov-compute >&2)
  echo "$repo/.build/debug/sriov-compute"
}

# A loopback port nobody listens on (the kernel's choice for port 0).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

host_pid() { cat "$dir/host$1/sriov-compute.pid" 2>/dev/null || true; }
host_running() { local pid; pid=$(host_pid "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# Writes hostN's configuration: the shared database, its own host, and the network (host 1's
# embedded one, served to the others at /networking, the Networking API's root).
write_config() {
  local n=$1 port=$2 fake=$3 network
  if [ "$n" = 1 ]; then
    network='backend = "embedded"'
  else
    network=$(printf 'backend = "neutron"\nurl = "http://127.0.0.1:%s/networking"' "$PORT_1")
  fi
  mkdir -p "$dir/host$n"
  cat > "$dir/host$n/sriov.toml" <<EOF
[api]
listen = "127.0.0.1:$port"
[database]
url = "$DATABASE_URL"
path = "$dir/host$n/sriov.sqlite"
[host]
name = "compute$n"
sysfs_root = "$dir/host$n/sys"
fake_host = "$fake"
[hypervisor]
driver = "simulated"
state_dir = "$dir/host$n/hypervisor"
[network]
$network
[cluster]
peer_url = "http://127.0.0.1:$port"
secret = "$CLUSTER_SECRET"
${REPORT_INTERVAL:+report_interval = \"$REPORT_INTERVAL\"}
${DOWN_TIME:+service_down_time = \"$DOWN_TIME\"}
EOF
}

# A new cluster: PostgreSQL on a free port, a generated secret, a free port per host.
create() {
  mkdir -p "$dir"
  chmod 755 "$dir"
  bash "$postgres_stage/packages.sh" || fail "could not install postgresql"
  local fakes=(${SRIOV_CLUSTER_FAKE_HOSTS:-1x2x4 1x2x4 1x2x4}) url n
  url=$(bash "$postgres_stage/cluster.sh" start "$dir/pg" "$(free_port)") ||
    fail "PostgreSQL did not start: $(tail -n 5 "$dir/pg/postgres.log" 2>/dev/null)"
  {
    echo "HOSTS=${#fakes[@]}"
    echo "DATABASE_URL='$url'"
    echo "CLUSTER_SECRET='$(python3 -c 'import secrets; print(secrets.token_hex(32))')'"
    echo "REPORT_INTERVAL='${SRIOV_CLUSTER_REPORT_INTERVAL:-}'"
    echo "DOWN_TIME='${SRIOV_CLUSTER_DOWN_TIME:-}'"
    for n in $(seq "${#fakes[@]}"); do
      echo "PORT_$n=$(free_port)"
      echo "FAKE_$n=${fakes[$((n - 1))]}"
    done
  } > "$state"
  chmod 600 "$state"
}

# Starts hostN in the background and records its pid where stages/harness looks for it.
start_host() {
  local n=$1 bin=$2
  : > "$dir/host$n/sriov-compute.log"
  nohup "$bin" serve --config "$dir/host$n/sriov.toml" --clouds-yaml "$dir/host$n/clouds.yaml" \
    >> "$dir/host$n/sriov-compute.log" 2>&1 < /dev/null &
  echo $! > "$dir/host$n/sriov-compute.pid"
}

# Until hostN logged that it listens on its port and answers GET / (or it died, or the time is up).
wait_ready() {
  local n=$1 port_var="PORT_$1" deadline=$((SECONDS + ready_timeout))
  local port=${!port_var}
  until grep -q "listening on http://127.0.0.1:$port" "$dir/host$n/sriov-compute.log" 2>/dev/null &&
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; do
    host_running "$n" || fail "host $n exited during start-up; its log ($dir/host$n/sriov-compute.log) ends:
$(tail -n 20 "$dir/host$n/sriov-compute.log")"
    [ "$SECONDS" -lt "$deadline" ] || fail "host $n did not answer within $ready_timeout s; see $dir/host$n/sriov-compute.log"
    sleep 0.1
  done
}

# One clouds.yaml: each host's own entry renamed sriov-hostN, and sriov = host 1.
write_clouds() {
  local n
  {
    echo "clouds:"
    for n in $(seq "$HOSTS"); do
      sed -n 's/^  sriov:$/  sriov-host'"$n"':/; /^  /p' "$dir/host$n/clouds.yaml"
    done
    sed -n '/^  /p' "$dir/host1/clouds.yaml"
  } > "$dir/clouds.yaml"
}

show() {
  local n port_var
  for n in $(seq "$HOSTS"); do
    port_var="PORT_$n"
    if host_running "$n"; then
      echo "host $n (compute$n): http://127.0.0.1:${!port_var} pid $(host_pid "$n"), log $dir/host$n/sriov-compute.log"
    else
      echo "host $n (compute$n): down (log $dir/host$n/sriov-compute.log)"
    fi
  done
}

up() {
  local bin n running=0
  if [ -f "$state" ]; then
    # shellcheck disable=SC1090
    source "$state"
    for n in $(seq "$HOSTS"); do host_running "$n" && running=$((running + 1)); done
    if [ "$running" -eq "$HOSTS" ]; then
      say "already up"
      show
      cat "$dir/clouds.yaml"
      return
    fi
    [ "$running" -eq 0 ] || fail "$running of $HOSTS hosts are running: run 'cluster.sh down' first"
    [ -f "$dir/pg/data/postmaster.pid" ] || bash "$postgres_stage/cluster.sh" resume "$dir/pg" ||
      fail "PostgreSQL did not start again: $(tail -n 5 "$dir/pg/postgres.log" 2>/dev/null)"
  else
    create
    # shellcheck disable=SC1090
    source "$state"
  fi
  bin=$(binary)
  for n in $(seq "$HOSTS"); do
    local port_var="PORT_$n" fake_var="FAKE_$n"
    write_config "$n" "${!port_var}" "${!fake_var}"
  done
  # Host 1 first: it migrates the shared schema and serves the network the others bind through.
  start_host 1 "$bin"
  wait_ready 1
  for n in $(seq 2 "$HOSTS"); do start_host "$n" "$bin"; done
  for n in $(seq 2 "$HOSTS"); do wait_ready "$n"; done
  write_clouds
  say "up: $HOSTS hosts on $(echo "$DATABASE_URL" | sed 's|://\([^:]*\):[^@]*@|://\1:***@|') ($bin)"
  show
  echo "# clouds.yaml ($dir/clouds.yaml): export OS_CLIENT_CONFIG_FILE=$dir/clouds.yaml OS_CLOUD=sriov"
  cat "$dir/clouds.yaml"
}

down() {
  [ -f "$state" ] || { say "no cluster in $dir"; return; }
  # shellcheck disable=SC1090
  source "$state"
  local n pid
  for n in $(seq "$HOSTS"); do
    pid=$(host_pid "$n")
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for n in $(seq "$HOSTS"); do
    pid=$(host_pid "$n")
    [ -n "$pid" ] || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/host$n/sriov-compute.pid"
  done
  bash "$postgres_stage/cluster.sh" stop "$dir/pg"
  say "down (the data stays in $dir; 'cluster.sh up' starts it again)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status)
    [ -f "$state" ] || fail "no cluster in $dir"
    # shellcheck disable=SC1090
    source "$state"
    show ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
