#!/usr/bin/env bash
# Private PostgreSQL and RabbitMQ servers for fault injection (deploy/mash chaos, tests/Mash.Chaos.Tests).
# The shared servers of deploy/local/provision.sh (5432, 5672) serve other test runs at the same
# time: chaos restarts and kills its own servers only, never those.
#
#   chaos-servers.sh start NAME PG_PORT AMQP_PORT MANAGEMENT_PORT DIST_PORT
#       a fresh PostgreSQL cluster NAME (pg_createcluster, port PG_PORT, the roles of
#       deploy/postgres/roles.sql) and a fresh RabbitMQ node NAME@localhost (the administrator mash,
#       vhost mash and each service's user: deploy/rabbitmq/users.sh), both on 127.0.0.1; whatever
#       an earlier run of NAME left behind is removed first
#   chaos-servers.sh start-rabbitmq NAME AMQP_PORT MANAGEMENT_PORT DIST_PORT [AMQPS_PORT CERT_DIR]
#       the RabbitMQ node alone; with AMQPS_PORT and CERT_DIR (ca.crt, server.crt, server.key, as
#       deploy/local/dev-certs.sh makes them) it also listens for AMQP over TLS on AMQPS_PORT,
#       verifying a client certificate when one is presented (tests/Mash.EndToEnd.Tests: BrokerTlsTests)
#   chaos-servers.sh restart-postgres NAME   crash and restart: immediate shutdown (no checkpoint,
#                                            WAL recovery at start), then start
#   chaos-servers.sh restart-rabbitmq NAME   crash and restart: kill -9 of the broker's VM, then start
#   chaos-servers.sh freeze-postgres NAME SECONDS  hang: every process of the cluster (postmaster,
#                                            backends, background workers) stopped (kill -STOP) for
#                                            SECONDS, then continued (-CONT); sockets stay open
#   chaos-servers.sh freeze-rabbitmq NAME SECONDS  the same for the broker's Erlang VM and its child
#                                            processes (the machine's shared epmd is left alone)
#   chaos-servers.sh drop-postgres-connections NAME  pg_terminate_backend of every client backend
#   chaos-servers.sh drop-rabbitmq-connections NAME  every AMQP connection closed (management API)
#   chaos-servers.sh stop NAME               stop both and remove their data
#
# Needs root (runs the servers as the postgres and rabbitmq users) and the Debian packages that
# provision.sh installs (postgresql, rabbitmq-server). Ports and management port of the node are
# kept in its data directory, so restart and stop need only the name.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
TIMEOUT=${CHAOS_SERVER_TIMEOUT:-90}

log() { echo "chaos-servers: $*"; }
die() { echo "chaos-servers: ERROR: $*" >&2; exit 1; }

wait_for() { # wait_for WHAT SECONDS COMMAND...
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "chaos-servers: timed out waiting for $what" >&2; return 1; }
    sleep 0.3
  done
}

port_free() { ! timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL
pg_version() { ls /usr/lib/postgresql | sort -V | tail -n 1; }

pg_port_of() { pg_lsclusters -h "$(pg_version)" "$1" 2>/dev/null | awk '{print $3}'; }

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$1"; }

pg_drop() {
  local ver
  ver=$(pg_version)
  if pg_lsclusters -h "$ver" "$1" 2>/dev/null | grep -q .; then
    pg_dropcluster --stop "$ver" "$1" >/dev/null
  fi
}

pg_start() {
  local name=$1 port=$2 ver sql
  ver=$(pg_version)
  [[ -n $ver ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql (deploy/local/provision.sh installs them)"
  mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql && chmod 2775 /var/run/postgresql
  pg_drop "$name"
  port_free "$port" || die "port $port (PostgreSQL $name) is taken"
  pg_createcluster "$ver" "$name" -p "$port" >/dev/null || die "pg_createcluster $ver $name failed"
  pg_ctlcluster -o "-c listen_addresses=127.0.0.1" "$ver" "$name" start ||
    die "pg_ctlcluster $ver $name start failed; see /var/log/postgresql/postgresql-$ver-$name.log"
  wait_for "PostgreSQL $name" "$TIMEOUT" pg_ready "$port" || die "PostgreSQL $name not ready on 127.0.0.1:$port"
  # The same roles as a provisioned machine; the script must be readable by the postgres user.
  sql=$(mktemp -d)
  cp "$ROOT"/deploy/postgres/* "$sql/" && chmod -R a+rX "$sql"
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -f "$sql/roles.sql" >/dev/null ||
    { rm -rf "$sql"; die "deploy/postgres/roles.sql failed on $name"; }
  rm -rf "$sql"
  log "PostgreSQL $ver/$name on 127.0.0.1:$port"
}

pg_restart() {
  local name=$1 ver port
  ver=$(pg_version)
  port=$(pg_port_of "$name")
  [[ -n $port ]] || die "no PostgreSQL cluster $name"
  # Immediate: every backend is ended at once and the next start replays the WAL, as after a crash.
  pg_ctlcluster "$ver" "$name" stop -m immediate || die "pg_ctlcluster $ver $name stop -m immediate failed"
  pg_ctlcluster -o "-c listen_addresses=127.0.0.1" "$ver" "$name" start || die "pg_ctlcluster $ver $name start failed"
  wait_for "PostgreSQL $name" "$TIMEOUT" pg_ready "$port" || die "PostgreSQL $name not ready after restart"
  log "PostgreSQL $name restarted (immediate)"
}

pg_pid() { # the cluster's postmaster
  local dir
  dir=$(pg_lsclusters -h "$(pg_version)" "$1" 2>/dev/null | awk '{print $6}')
  [[ -n $dir && -s $dir/postmaster.pid ]] && head -n 1 "$dir/postmaster.pid"
}

pg_freeze() {
  local name=$1 seconds=$2 port pid
  port=$(pg_port_of "$name")
  pid=$(pg_pid "$name") || die "no running PostgreSQL cluster $name"
  freeze "PostgreSQL $name" "$seconds" "$pid"
  wait_for "PostgreSQL $name" "$TIMEOUT" pg_ready "$port" || die "PostgreSQL $name not ready after the freeze"
}

pg_drop_connections() {
  local name=$1 port n
  port=$(pg_port_of "$name")
  [[ -n $port ]] || die "no PostgreSQL cluster $name"
  n=$(runuser -u postgres -- psql -X -q -At -p "$port" -d postgres -c \
    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()") ||
    die "pg_terminate_backend on $name failed"
  log "PostgreSQL $name: $n client connections terminated"
}

# ---------------------------------------------------------------- hangs
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }

# freeze WHAT SECONDS PID: PID stopped first (so that it forks no more), then everything under it;
# continued children first. Continued whatever happens to this script meanwhile.
freeze() {
  local what=$1 seconds=$2 pid=$3 pids
  kill -STOP "$pid" || die "$what (pid $pid) could not be stopped"
  pids=("$pid" $(descendants "$pid"))
  trap 'kill -CONT '"${pids[*]}"' 2>/dev/null || true' EXIT
  kill -STOP "${pids[@]:1}" 2>/dev/null || true
  log "$what frozen (kill -STOP of ${#pids[@]} processes) for $seconds s"
  sleep "$seconds"
  kill -CONT $(printf '%s\n' "${pids[@]}" | tac) 2>/dev/null || true
  trap - EXIT
  log "$what continued (kill -CONT)"
}

# ---------------------------------------------------------------- RabbitMQ
rabbit_base() { echo "/var/lib/rabbitmq/$1"; }

rabbit_pid() { # the node's Erlang VM
  local pidfile
  pidfile="$(rabbit_base "$1")/mnesia/$1@localhost.pid"
  [[ -s $pidfile ]] && kill -0 "$(<"$pidfile")" 2>/dev/null && cat "$pidfile"
}

amqp_ready() { # a real AMQP handshake: the server answers the protocol header with Connection.Start
  local port=$1
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'AMQP\x00\x00\x09\x01' >&3
  local reply
  reply=$(timeout 2 head -c 8 <&3 | od -An -tx1 | tr -d ' \n')
  exec 3>&-
  [[ $reply == 0100000000* ]]
}

mgmt_ready() { curl -sf --max-time 3 -u mash:mash "http://127.0.0.1:$1/api/overview" >/dev/null; }

rabbit_launch() {
  local name=$1 base
  base=$(rabbit_base "$name")
  local amqp mgmt dist
  read -r amqp mgmt dist <"$base/ports"
  mkdir -p "$base/log" && chown -R rabbitmq:rabbitmq "$base"
  chown rabbitmq:rabbitmq /var/lib/rabbitmq/.erlang.cookie 2>/dev/null && chmod 400 /var/lib/rabbitmq/.erlang.cookie 2>/dev/null || true
  # As provision.sh starts the main node: the rabbitmq user, its own session, loopback only, a raised
  # open-file limit; here with its own node name, ports, data, log and configuration.
  (
    cd /var/lib/rabbitmq
    setsid runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
      RABBITMQ_NODENAME="$name@localhost" \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT="$amqp" \
      RABBITMQ_DIST_PORT="$dist" \
      RABBITMQ_MNESIA_BASE="$base/mnesia" \
      RABBITMQ_LOG_BASE="$base/log" \
      RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" \
      ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      bash -c 'ulimit -n "$(ulimit -Hn)"; exec /usr/lib/rabbitmq/bin/rabbitmq-server' \
      >"$base/log/startup.log" 2>&1 </dev/null &
  )
  wait_for "RabbitMQ $name (AMQP on $amqp)" "$TIMEOUT" amqp_ready "$amqp" &&
    wait_for "RabbitMQ $name management on $mgmt" "$TIMEOUT" mgmt_ready "$mgmt" || {
    tail -n 20 "$base/log/startup.log" >&2 || true
    die "RabbitMQ $name did not start; see $base/log/"
  }
}

rabbit_kill() { # kill -9 the node's VM and wait until it is gone
  local name=$1 pid
  pid=$(rabbit_pid "$name") || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait_for "RabbitMQ $name (pid $pid) to exit" 30 bash -c "! kill -0 $pid" || die "RabbitMQ $name (pid $pid) survived KILL"
}

rabbit_start() { # rabbit_start NAME AMQP MGMT DIST [AMQPS CERT_DIR]
  local name=$1 amqp=$2 mgmt=$3 dist=$4 amqps=${5:-} certs=${6:-} base
  command -v rabbitmq-server >/dev/null || die "rabbitmq-server is not installed (deploy/local/provision.sh installs it)"
  base=$(rabbit_base "$name")
  rabbit_kill "$name"
  rm -rf "$base"
  for p in "$amqp" "$mgmt" "$dist" $amqps; do port_free "$p" || die "port $p (RabbitMQ $name) is taken"; done
  mkdir -p "$base"
  echo "$amqp $mgmt $dist" >"$base/ports"
  # The default user, vhost and permissions are made when the node's database is first created.
  cat >"$base/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$amqp
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
default_vhost = mash
default_user = mash
default_pass = mash
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
EOF
  if [[ -n $amqps ]]; then
    # The node reads its own copy: the broker runs as the rabbitmq user, the caller's folder may be private.
    for f in ca.crt server.crt server.key; do [[ -s $certs/$f ]] || die "$certs/$f is missing (deploy/local/dev-certs.sh makes it)"; done
    mkdir -p "$base/certs" && cp "$certs"/{ca.crt,server.crt,server.key} "$base/certs/"
    cat >>"$base/rabbitmq.conf" <<EOF
listeners.ssl.default = 127.0.0.1:$amqps
ssl_options.cacertfile = $base/certs/ca.crt
ssl_options.certfile = $base/certs/server.crt
ssl_options.keyfile = $base/certs/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
EOF
  fi
  echo '[rabbitmq_management].' >"$base/enabled_plugins"
  rabbit_launch "$name"
  # Each service's own user, with rights on its own queues and events only, as on a provisioned machine.
  MASH_USERS_WAIT=$TIMEOUT sh "$ROOT/deploy/rabbitmq/users.sh" "http://127.0.0.1:$mgmt" mash >/dev/null ||
    die "deploy/rabbitmq/users.sh failed on $name"
  log "RabbitMQ $name@localhost on 127.0.0.1:$amqp${amqps:+ (AMQPS $amqps)} (management $mgmt)"
}

rabbit_restart() {
  local name=$1
  [[ -s "$(rabbit_base "$name")/ports" ]] || die "no RabbitMQ node $name"
  rabbit_kill "$name"
  rabbit_launch "$name"
  log "RabbitMQ $name restarted (kill -9)"
}

rabbit_freeze() {
  local name=$1 seconds=$2 pid amqp mgmt dist
  read -r amqp mgmt dist <"$(rabbit_base "$name")/ports" || die "no RabbitMQ node $name"
  pid=$(rabbit_pid "$name") || die "RabbitMQ $name is not running"
  freeze "RabbitMQ $name" "$seconds" "$pid"
  wait_for "RabbitMQ $name (AMQP on $amqp)" "$TIMEOUT" amqp_ready "$amqp" &&
    wait_for "RabbitMQ $name management on $mgmt" "$TIMEOUT" mgmt_ready "$mgmt" || die "RabbitMQ $name not ready after the freeze"
}

rabbit_drop_connections() { # over the management API, as an operator would: DELETE /api/connections/NAME
  local name=$1 amqp mgmt dist n=0 connection
  read -r amqp mgmt dist <"$(rabbit_base "$name")/ports" || die "no RabbitMQ node $name"
  # Connection names are "127.0.0.1:PORT -> 127.0.0.1:PORT": no quotes, only space and > to escape.
  while read -r connection; do
    [[ -n $connection ]] || continue
    curl -s --max-time 10 -u mash:mash -X DELETE -H 'X-Reason: chaos: connection dropped' \
      "http://127.0.0.1:$mgmt/api/connections/$(sed 's/ /%20/g; s/>/%3E/g' <<<"$connection")" >/dev/null && n=$((n + 1))
  done < <(curl -sf --max-time 10 -u mash:mash "http://127.0.0.1:$mgmt/api/connections?columns=name" | grep -o '"name":"[^"]*"' | sed 's/^"name":"//; s/"$//')
  log "RabbitMQ $name: $n connections closed"
}

rabbit_stop() {
  local name=$1
  rabbit_kill "$name"
  rm -rf "$(rabbit_base "$name")"
}

# ---------------------------------------------------------------- commands
[[ $EUID -eq 0 ]] || die "run as root (starts servers as the postgres and rabbitmq users)"
valid_name() { [[ $1 =~ ^[a-z][a-z0-9-]{0,30}$ ]] || die "bad server name '$1' (lower case letters, digits and -)"; }

case "${1:-}" in
  start)
    [[ $# -eq 6 ]] || die "usage: chaos-servers.sh start NAME PG_PORT AMQP_PORT MANAGEMENT_PORT DIST_PORT"
    valid_name "$2"
    pg_start "$2" "$3"
    rabbit_start "$2" "$4" "$5" "$6"
    ;;
  start-rabbitmq)
    [[ $# -eq 5 || $# -eq 7 ]] || die "usage: chaos-servers.sh start-rabbitmq NAME AMQP_PORT MANAGEMENT_PORT DIST_PORT [AMQPS_PORT CERT_DIR]"
    valid_name "$2"
    rabbit_start "${@:2}"
    ;;
  restart-postgres) valid_name "${2:-}"; pg_restart "$2" ;;
  restart-rabbitmq) valid_name "${2:-}"; rabbit_restart "$2" ;;
  freeze-postgres | freeze-rabbitmq)
    valid_name "${2:-}"
    [[ ${3:-} =~ ^[0-9]+$ ]] || die "usage: chaos-servers.sh $1 NAME SECONDS"
    if [[ $1 == freeze-postgres ]]; then pg_freeze "$2" "$3"; else rabbit_freeze "$2" "$3"; fi
    ;;
  drop-postgres-connections) valid_name "${2:-}"; pg_drop_connections "$2" ;;
  drop-rabbitmq-connections) valid_name "${2:-}"; rabbit_drop_connections "$2" ;;
  stop)
    valid_name "${2:-}"
    rabbit_stop "$2"
    pg_drop "$2"
    log "stopped and removed $2"
    ;;
  *) die "usage: chaos-servers.sh start NAME PG_PORT AMQP_PORT MANAGEMENT_PORT DIST_PORT | start-rabbitmq NAME AMQP_PORT MANAGEMENT_PORT DIST_PORT [AMQPS_PORT CERT_DIR] | restart-postgres NAME | restart-rabbitmq NAME | freeze-postgres|freeze-rabbitmq NAME SECONDS | drop-postgres-connections|drop-rabbitmq-connections NAME | stop NAME" ;;
esac
