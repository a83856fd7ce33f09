#!/usr/bin/env bash
# Provision the servers Mash needs: PostgreSQL (deploy/postgres/roles.sql: a role per service owning its
# database, the administrator mash, audit's trail writer role) and RabbitMQ
# (management plugin, the administrator mash, vhost mash, and a user per service with rights on its
# own queues and events only: deploy/rabbitmq/users.sh), and Node.js with npm for tests/node-client (Debian's
# nodejs and npm packages, only when `node` or `npm` is missing). Safe to run any number of times.
#
#   - A Docker engine answers  -> docker compose up -d postgres rabbitmq, wait until healthy.
#   - Otherwise                -> Debian packages, servers started without systemd, bound to 127.0.0.1.
#
# Environment (all optional):
#   MASH_PROVISION_TIMEOUT  seconds to wait for each server (default 120)
#   MASH_NO_DOCKER=1        never use Docker, even if an engine answers
#
# provision.sh stop: stops both servers again (pg_ctlcluster stop, rabbitmqctl stop; or
# docker compose stop postgres rabbitmq).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TIMEOUT="${MASH_PROVISION_TIMEOUT:-120}"
DATABASES=(mash_intake mash_thresholds mash_earlyhelp mash_allocation mash_audit)
PG_PORT=5432
# Test runs start several five-service pipelines at once (each service up to ten connections);
# PostgreSQL's default of 100 runs out ("too many clients already").
PG_MAX_CONNECTIONS=300
# pg_stat_statements: the load bench counts the SQL statements a contact costs (loaded at start only).
PG_OPTIONS="-c listen_addresses=127.0.0.1 -c max_connections=$PG_MAX_CONNECTIONS -c shared_preload_libraries=pg_stat_statements"
RABBIT_NODE="rabbit@localhost"
RABBIT_LOG_DIR=/var/log/rabbitmq
T0=$SECONDS

log() { echo "provision: $*"; }
die() { echo "provision: ERROR: $*" >&2; exit 1; }

# wait_for DESCRIPTION TIMEOUT COMMAND...: poll COMMAND every 0.5 s until it succeeds.
wait_for() {
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
  log "$what after $((SECONDS - T0))s"
}

tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# A real AMQP 0-9-1 handshake: send the protocol header; a broker answers with a method
# frame (type 1, Connection.Start) on channel 0.
amqp_ready() {
  local first
  first=$(timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672 || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    head -c 3 <&3 | od -An -tx1 | tr -d " \n"' 2>/dev/null) || return 1
  [[ "$first" == "010000" ]]
}

# ---------------------------------------------------------------- Docker Compose
docker_engine() {
  [[ "${MASH_NO_DOCKER:-0}" != 1 ]] || return 1
  command -v docker >/dev/null 2>&1 || return 1
  timeout 5 docker info >/dev/null 2>&1
}

# Compose v2 only (docker-compose.yml uses the current Compose spec, e.g. the top-level name).
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"
  elif [[ "$(docker-compose version --short 2>/dev/null)" == 2.* ]]; then docker-compose "$@"
  else return 127; fi
}

container_healthy() {
  local id
  id=$(compose ps -q "$1" 2>/dev/null) && [[ -n "$id" ]] || return 1
  [[ "$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null)" == healthy ]]
}

provision_docker() {
  log "Docker engine answers: docker compose up -d postgres rabbitmq"
  (cd "$ROOT" && compose up -d postgres rabbitmq) || die "docker compose up failed (is the compose plugin installed?)"
  for svc in postgres rabbitmq; do
    (cd "$ROOT" && wait_for "$svc container healthy" "$TIMEOUT" container_healthy "$svc") ||
      die "container $svc not healthy after ${TIMEOUT}s; see: docker compose logs $svc"
  done
  # The management listener may follow the node's health by a few seconds.
  rabbit_service_users "$TIMEOUT"
  log "postgres 127.0.0.1:5432 and rabbitmq 127.0.0.1:5672 ready in containers ($((SECONDS - T0))s)"
}

# ---------------------------------------------------------------- Debian packages
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# package_present PACKAGE: what the package provides is there (whoever installed it: node and npm
# may come from NodeSource or nvm rather than Debian's nodejs and npm packages).
package_present() {
  case $1 in
    postgresql) compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null ;;
    nodejs) command -v node >/dev/null ;;
    npm) command -v npm >/dev/null ;;
    *) pkg_installed "$1" ;;
  esac
}

# install_packages PACKAGE...: apt-get install those of the Debian packages that are not present.
install_packages() {
  local missing=() p
  for p in "$@"; do
    package_present "$p" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  [[ $EUID -eq 0 ]] || die "missing ${missing[*]}: run as root to install them"
  log "installing ${missing[*]} (apt-get)"
  # Keep package scripts from starting a broker of their own (on all interfaces, under another
  # node name): this script starts the servers itself.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/tmp/mash-provision-apt.log 2>&1 || rc=$?
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || { tail -n 20 /tmp/mash-provision-apt.log >&2; die "apt-get failed (exit $rc); full log: /tmp/mash-provision-apt.log"; }
  log "installed ${missing[*]} ($((SECONDS - T0))s)"
}

# ---------------------------------------------------------------- PostgreSQL
as_postgres() { runuser -u postgres -- "$@"; }

start_postgres() {
  local ver name port status
  # The cluster to use: 'main' of the newest installed major version, else create it.
  ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  [[ -n "$ver" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
  mkdir -p /var/run/postgresql
  chown postgres:postgres /var/run/postgresql
  chmod 2775 /var/run/postgresql
  if ! pg_lsclusters -h "$ver" main 2>/dev/null | grep -q .; then
    log "creating PostgreSQL $ver cluster main"
    pg_createcluster "$ver" main >/dev/null || die "pg_createcluster $ver main failed"
  fi
  read -r _ name port status _ < <(pg_lsclusters -h "$ver" main)
  PG_PORT=$port
  [[ "$PG_PORT" == 5432 ]] || log "warning: cluster $ver/main uses port $PG_PORT, not 5432"
  if [[ "$status" != online* ]]; then
    log "starting PostgreSQL $ver/main on 127.0.0.1:$PG_PORT"
    pg_ctlcluster -o "$PG_OPTIONS" "$ver" main start ||
      die "pg_ctlcluster $ver main start failed; see /var/log/postgresql/postgresql-$ver-main.log"
  elif (($(as_postgres psql -X -At -p "$PG_PORT" -d postgres -c "SHOW max_connections" 2>/dev/null || echo 0) < PG_MAX_CONNECTIONS)) ||
       [[ "$(as_postgres psql -X -At -p "$PG_PORT" -d postgres -c "SHOW shared_preload_libraries" 2>/dev/null)" != *pg_stat_statements* ]]; then
    log "restarting PostgreSQL $ver/main with its options ($PG_OPTIONS)"
    pg_ctlcluster -o "$PG_OPTIONS" "$ver" main restart ||
      die "pg_ctlcluster $ver main restart failed; see /var/log/postgresql/postgresql-$ver-main.log"
  fi
  wait_for "postgres ready" "$TIMEOUT" pg_isready -q -h 127.0.0.1 -p "$PG_PORT" ||
    die "PostgreSQL not accepting connections on 127.0.0.1:$PG_PORT after ${TIMEOUT}s; see /var/log/postgresql/postgresql-$ver-main.log"
}

setup_postgres() {
  # Roles and databases: deploy/postgres/roles.sql, the same script docker-compose runs. Copied to
  # a folder the postgres user can read, wherever this clone lives.
  local sql
  sql=$(mktemp -d)
  cp "$ROOT"/deploy/postgres/* "$sql/" && chmod -R a+rX "$sql"
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -f "$sql/roles.sql" >/dev/null ||
    { rm -rf "$sql"; die "creating roles/databases failed (deploy/postgres/roles.sql)"; }
  rm -rf "$sql"
}

# ---------------------------------------------------------------- RabbitMQ
rabbitmqctl_() { timeout 60 rabbitmqctl -q -n "$RABBIT_NODE" "$@"; }

# key = value in rabbitmq.conf, written only when the key is absent.
conf_set() {
  local file=/etc/rabbitmq/rabbitmq.conf
  grep -Eq "^[[:space:]]*$1[[:space:]]*=" "$file" 2>/dev/null || echo "$1 = $2" >>"$file"
}

configure_rabbitmq() {
  mkdir -p /etc/rabbitmq
  conf_set listeners.tcp.default 127.0.0.1:5672
  conf_set management.tcp.ip 127.0.0.1
  conf_set management.tcp.port 15672
  if ! grep -q rabbitmq_management /etc/rabbitmq/enabled_plugins 2>/dev/null; then
    if [[ -s /etc/rabbitmq/enabled_plugins ]]; then
      RABBITMQ_NODENAME=$RABBIT_NODE rabbitmq-plugins --offline enable rabbitmq_management >/dev/null ||
        die "could not enable rabbitmq_management"
    else
      echo '[rabbitmq_management].' >/etc/rabbitmq/enabled_plugins
    fi
    chown rabbitmq:rabbitmq /etc/rabbitmq/enabled_plugins 2>/dev/null || true
  fi
}

fix_cookie() {
  local c=/var/lib/rabbitmq/.erlang.cookie
  if [[ -f $c ]]; then chown rabbitmq:rabbitmq "$c"; chmod 400 "$c"; fi
}

start_rabbitmq() {
  if amqp_ready; then return 0; fi
  if pgrep -u rabbitmq -x beam.smp >/dev/null 2>&1; then
    log "RabbitMQ is already starting; waiting"
  else
    log "starting RabbitMQ ($RABBIT_NODE) on 127.0.0.1:5672"
    fix_cookie
    mkdir -p "$RABBIT_LOG_DIR" && chown rabbitmq:rabbitmq "$RABBIT_LOG_DIR"
    # setsid: the broker outlives this script and whatever process group ran it. Started from its
    # own home: a broker whose working directory is later deleted (a removed clone or temporary
    # directory) breaks its management statistics (file:get_cwd() -> enoent, HTTP 500s).
    cd /var/lib/rabbitmq
    setsid runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
      RABBITMQ_NODENAME="$RABBIT_NODE" \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      bash -c 'ulimit -n "$(ulimit -Hn)"; exec /usr/lib/rabbitmq/bin/rabbitmq-server' \
      >"$RABBIT_LOG_DIR/mash-startup.log" 2>&1 </dev/null &
  fi
  wait_for "rabbitmq ready (AMQP)" "$TIMEOUT" amqp_ready || {
    tail -n 20 "$RABBIT_LOG_DIR/mash-startup.log" "$RABBIT_LOG_DIR/$RABBIT_NODE.log" >&2 2>/dev/null || true
    die "RabbitMQ not answering AMQP on 127.0.0.1:5672 after ${TIMEOUT}s; see $RABBIT_LOG_DIR/"
  }
  fix_cookie
  timeout "$TIMEOUT" rabbitmqctl -q -n "$RABBIT_NODE" await_startup >/dev/null ||
    die "rabbitmqctl await_startup failed or timed out; see $RABBIT_LOG_DIR/$RABBIT_NODE.log"
}

api() { curl -sf --max-time 3 -u mash:mash "http://127.0.0.1:15672/api/$1"; }

# The management API answers properly: 200, or 401 while user mash does not exist yet.
mgmt_answers() {
  local code
  code=$(curl -s --max-time 3 -o /dev/null -w '%{http_code}' -u mash:mash http://127.0.0.1:15672/api/overview)
  [[ $code == 200 || $code == 401 ]]
}

# Everything in place? Checked over the management API (no rabbitmqctl call: each costs ~0.7 s).
rabbit_setup_done() {
  api whoami | grep -q '"administrator"' &&
    api permissions/mash/mash | grep -q '"configure":"\.\*","write":"\.\*","read":"\.\*"'
}

setup_rabbitmq() {
  wait_for "rabbitmq management ready" "$TIMEOUT" mgmt_answers ||
    die "RabbitMQ management API not answering (or HTTP 500) on 127.0.0.1:15672 after ${TIMEOUT}s; see $RABBIT_LOG_DIR/$RABBIT_NODE.log"
  rabbit_setup_done && return 0
  log "creating RabbitMQ user mash and vhost mash"
  if rabbitmqctl_ list_users | awk '{print $1}' | grep -qx mash; then
    rabbitmqctl_ change_password mash mash >/dev/null
  else
    rabbitmqctl_ add_user mash mash >/dev/null
  fi
  rabbitmqctl_ set_user_tags mash administrator >/dev/null
  rabbitmqctl_ list_vhosts | grep -qx mash || rabbitmqctl_ add_vhost mash >/dev/null
  rabbitmqctl_ set_permissions -p mash mash '.*' '.*' '.*' >/dev/null
  rabbit_setup_done || die "RabbitMQ user mash/vhost mash not usable after setup"
}

# A user per service with rights on its own queues and events only (deploy/rabbitmq/service-rights).
# Over the management API, a few milliseconds: applied on every run, so a changed file takes effect.
# rabbit_service_users [SECONDS]: waiting up to SECONDS for the management API to answer.
rabbit_service_users() {
  MASH_USERS_WAIT=${1:-0} sh "$ROOT/deploy/rabbitmq/users.sh" http://127.0.0.1:15672 mash >/dev/null ||
    die "creating the services' RabbitMQ users failed (deploy/rabbitmq/users.sh)"
}

# Both servers up and configured already? (Needs no root; a second run ends here.)
local_ready() {
  local n
  n=$(PGPASSWORD=mash PGCONNECT_TIMEOUT=3 psql -X -At -h 127.0.0.1 -p "$PG_PORT" -U mash -d postgres \
      -c "SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
          WHERE r.rolname = d.datname AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'mash' AND rolcreatedb)
            AND current_setting('max_connections')::int >= $PG_MAX_CONNECTIONS
            AND d.datname IN ($(printf "'%s'," "${DATABASES[@]}" | sed 's/,$//'))" 2>/dev/null) &&
    [[ "$n" == "${#DATABASES[@]}" ]] && pg_stat_statements_ready && amqp_ready && mgmt_answers && rabbit_setup_done
}

# Fails unless the library was loaded at start and roles.sql made the extension.
pg_stat_statements_ready() {
  PGPASSWORD=mash PGCONNECT_TIMEOUT=3 psql -X -At -h 127.0.0.1 -p "$PG_PORT" -U mash -d postgres \
    -c "SELECT 1 FROM pg_stat_statements LIMIT 1" >/dev/null 2>&1
}

provision_local() {
  if command -v psql >/dev/null && command -v curl >/dev/null && local_ready; then
    rabbit_service_users
    log "postgres 127.0.0.1:$PG_PORT and rabbitmq 127.0.0.1:5672 ready, already running ($((SECONDS - T0))s)"
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "run as root (starts servers as the postgres and rabbitmq users)"
  install_packages postgresql rabbitmq-server curl
  start_postgres
  setup_postgres
  configure_rabbitmq
  start_rabbitmq
  setup_rabbitmq
  rabbit_service_users
  log "postgres 127.0.0.1:$PG_PORT and rabbitmq 127.0.0.1:5672 ready ($((SECONDS - T0))s)"
}

stop_local() {
  local ver status
  for ver in $(ls /usr/lib/postgresql 2>/dev/null); do
    read -r _ _ _ status _ < <(pg_lsclusters -h "$ver" main 2>/dev/null) || continue
    if [[ "$status" == online* ]]; then
      log "stopping PostgreSQL $ver/main"
      pg_ctlcluster "$ver" main stop || die "pg_ctlcluster $ver main stop failed"
    fi
  done
  if command -v rabbitmqctl >/dev/null && pgrep -u rabbitmq -x beam.smp >/dev/null 2>&1; then
    log "stopping RabbitMQ ($RABBIT_NODE)"
    local pid
    pid=$(pgrep -u rabbitmq -x beam.smp | head -n 1)
    if ! timeout 60 rabbitmqctl -q -n "$RABBIT_NODE" stop >/dev/null 2>&1; then
      log "rabbitmqctl stop failed; sending TERM to the broker (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
    # stop returns once the node has begun to halt; wait for the Erlang VM itself to exit.
    if ! wait_for "rabbitmq stopped" 30 bash -c "! kill -0 $pid"; then
      log "broker (pid $pid) still running after 30s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_for "rabbitmq killed" 10 bash -c "! kill -0 $pid" || die "RabbitMQ (pid $pid) survived KILL"
    fi
  fi
  log "servers stopped ($((SECONDS - T0))s)"
}

use_docker() { docker_engine && compose version >/dev/null 2>&1; }

if [[ "${1:-}" == stop ]]; then
  if use_docker; then (cd "$ROOT" && compose stop postgres rabbitmq); else stop_local; fi
  exit 0
elif [[ $# -gt 0 ]]; then
  die "unknown argument '$1' (usage: provision.sh [stop])"
fi

# Node.js and npm for the contract test of a client in another language (tests/node-client), on
# either path: the test runs on this machine, not in a container.
# Debian's Chromium and chromedriver for the console's browser tests (tests/Mash.Console.Tests).
# curl for the RabbitMQ management API (deploy/rabbitmq/users.sh), on either path too.
# jq for the REST door's curl example (contracts/examples/curl), and Debian's gRPC for Python with
# protoc and its Python plugin for the Python example (contracts/examples/python): the tests run both.
# libprotobuf-dev holds google/protobuf/*.proto (Timestamp ...), which protoc does not bring.
install_packages nodejs npm chromium chromium-driver curl jq \
  python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc libprotobuf-dev

if use_docker; then
  provision_docker
else
  docker_engine && log "Docker engine answers but no compose plugin: using local servers"
  provision_local
fi
