#!/bin/sh
# The RabbitMQ user of each Mash service, with permissions on one vhost only for its own queues and
# the event exchanges it consumes or publishes (service-rights beside this script says which).
#
#   users.sh MANAGEMENT_URL VHOST      e.g. users.sh http://127.0.0.1:15672 mash
#
# Over the management HTTP API with curl, so that it runs anywhere curl does (POSIX sh: also in the
# curl image docker-compose.yml uses). Safe to run any number of times: users and permissions are
# PUT whole. Users are made with their development password, their own name (mash_intake ...),
# which Production refuses (services/BuildingBlocks/ServiceDefaults/ProductionSettings.cs); a
# production broker gets the same permissions and passwords of its own.
#
# Environment: RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD (default mash, mash), an administrator;
# MASH_USERS_WAIT seconds to wait for the management API to answer (default 0).
set -eu

url=${1:?usage: users.sh MANAGEMENT_URL VHOST}
vhost=${2:?usage: users.sh MANAGEMENT_URL VHOST}
rights="$(dirname "$0")/service-rights"
admin="${RABBITMQ_ADMIN_USER:-mash}:${RABBITMQ_ADMIN_PASSWORD:-mash}"
events='Mash\.Contracts\.Events\.V1:'

die() { echo "users.sh: ERROR: $*" >&2; exit 1; }

put() { # put PATH JSON
  curl -sS -f --max-time 10 -u "$admin" -X PUT -H 'content-type: application/json' -d "$2" "$url/api/$1" >/dev/null ||
    die "PUT $url/api/$1 failed"
}

# alternatives LIST: "A,B" -> "(A|B)"; "*" -> ".*"; the list sorted, without repeats.
alternatives() {
  case ",$1," in
    *,\*,*) printf '.*' ;;
    *) printf '(%s)' "$(printf '%s\n' "$1" | tr ',' '\n' | sed '/^$/d' | sort -u | tr '\n' '|' | sed 's/|$//')" ;;
  esac
}

# An event with a routing key has a topic exchange of its own, the same name and ".topic"
# (services/BuildingBlocks/Messaging/Routing/EventRoutes.cs): either exchange of an event is granted.
regex() { printf '^(%s-.*|%s%s(\\.topic)?)$' "$1" "$events" "$(alternatives "$2")"; }

json() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; } # a JSON string's content

# The vhost's name in a URL path (test vhosts are test-<hex>; / is the only character to escape here).
path_vhost=$(printf '%s' "$vhost" | sed 's|/|%2F|g')

wait=${MASH_USERS_WAIT:-0}
until curl -sf --max-time 3 -u "$admin" "$url/api/overview" >/dev/null 2>&1; do
  [ "$wait" -gt 0 ] || die "the management API at $url does not answer to $admin (an administrator)"
  wait=$((wait - 1))
  sleep 1
done

put "vhosts/$path_vhost" '{}'
found=0
while read -r service consumes publishes rest; do
  case $service in '' | \#*) continue ;; esac
  [ -n "$publishes" ] && [ -z "${rest:-}" ] || die "$rights: '$service' needs: service consumes publishes"
  user="mash_$service"
  configure=$(regex "$service" "$consumes,$publishes")
  write=$(regex "$service" "$publishes")
  read=$(regex "$service" "$consumes")
  put "users/$user" "{\"password\":\"$user\",\"tags\":\"\"}"
  put "permissions/$path_vhost/$user" \
    "{\"configure\":\"$(json "$configure")\",\"write\":\"$(json "$write")\",\"read\":\"$(json "$read")\"}"
  found=$((found + 1))
done <"$rights"
[ "$found" -gt 0 ] || die "no service in $rights"
echo "users.sh: $found service users on vhost $vhost"
