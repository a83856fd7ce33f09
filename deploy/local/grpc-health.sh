#!/usr/bin/env bash
# Standard gRPC health check (grpc.health.v1.Health/Check, empty service name) with curl: over h2c,
# or over TLS (HTTP/2 by ALPN) when GRPC_HEALTH_CA names the CA file that signed the server's
# certificate (docker-compose.yml: the development CA of `deploy/mash certs`).
#
#   grpc-health.sh PORT [HOST]      prints SERVING, NOT_SERVING or UNREACHABLE
#   grpc-health.sh --decode FILE    decodes a saved response body (gRPC frame) the same way
#
# Exit status: 0 SERVING, 1 NOT_SERVING (answered, but not serving: any other health status,
# a gRPC error, a non-gRPC answer), 2 UNREACHABLE (no HTTP/2 answer), 64 usage.
# GRPC_HEALTH_TIMEOUT (seconds, default 3) bounds the call; GRPC_HEALTH_VERBOSE=1 explains
# a NOT_SERVING on stderr.
set -euo pipefail

usage() { echo "usage: $0 PORT [HOST] | --decode FILE" >&2; exit 64; }
why() { [[ "${GRPC_HEALTH_VERBOSE:-0}" != 1 ]] || echo "grpc-health: $*" >&2; }

# decode FILE: print the numeric HealthCheckResponse.status carried by a gRPC response body
# (5-byte prefix: compressed flag, 4-byte big-endian length; then the protobuf message).
# status 0 is UNKNOWN (and what proto3 omits); returns 1 when the body is not such a frame.
decode() {
  local -a b
  read -r -a b < <(od -An -v -tx1 "$1" | tr -s ' \n' '  ')
  local n=${#b[@]}
  ((n >= 5)) || { why "response body has $n bytes, not a gRPC frame"; return 1; }
  [[ ${b[0]} == 00 ]] || { why "compressed or invalid frame flag ${b[0]}"; return 1; }
  local len=$((16#${b[1]}${b[2]}${b[3]}${b[4]}))
  ((5 + len <= n)) || { why "frame says $len bytes, body has $((n - 5))"; return 1; }
  local i=5 end=$((5 + len)) status=0 tag field wire v shift byte
  varint() { # reads a varint at b[i] into v, advancing i
    v=0 shift=0
    while :; do
      ((i < end)) || return 1
      byte=$((16#${b[i]})); i=$((i + 1))
      v=$((v | (byte & 0x7f) << shift)); shift=$((shift + 7))
      ((byte & 0x80)) || return 0
      ((shift < 64)) || return 1
    done
  }
  while ((i < end)); do
    varint || { why "truncated tag"; return 1; }
    tag=$v field=$((tag >> 3)) wire=$((tag & 7))
    case $wire in
      0) varint || { why "truncated varint"; return 1; }; ((field == 1)) && status=$v ;;
      1) i=$((i + 8)) ;;
      2) varint || { why "truncated length"; return 1; }; i=$((i + v)) ;;
      5) i=$((i + 4)) ;;
      *) why "unsupported wire type $wire"; return 1 ;;
    esac
  done
  ((i == end)) || { why "field overruns the frame"; return 1; }
  echo "$status"
}

verdict() { # verdict STATUS_NUMBER
  case $1 in
    1) echo SERVING; exit 0 ;;
    0) why "status UNKNOWN" ;;
    2) why "status NOT_SERVING" ;;
    3) why "status SERVICE_UNKNOWN" ;;
    *) why "status $1" ;;
  esac
  echo NOT_SERVING; exit 1
}

[[ $# -ge 1 ]] || usage
if [[ $1 == --decode ]]; then
  [[ $# -eq 2 && -r $2 ]] || usage
  status=$(decode "$2") || { echo NOT_SERVING; exit 1; }
  verdict "$status"
fi

port=$1 host=${2:-127.0.0.1}
[[ $port =~ ^[0-9]+$ ]] || usage
body=$(mktemp) headers=$(mktemp)
trap 'rm -f "$body" "$headers"' EXIT

# Request: an uncompressed frame of length 0 (an empty HealthCheckRequest: service "").
if [[ -n ${GRPC_HEALTH_CA:-} ]]; then
  transport=(--http2 --cacert "$GRPC_HEALTH_CA") url="https://$host:$port"
else
  transport=(--http2-prior-knowledge) url="http://$host:$port"
fi
code=$(printf '\0\0\0\0\0' | curl -s "${transport[@]}" --max-time "${GRPC_HEALTH_TIMEOUT:-3}" \
  -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @- -o "$body" -D "$headers" -w '%{http_code}' \
  "$url/grpc.health.v1.Health/Check" 2>/dev/null) || code=000
if [[ $code == 000 ]]; then echo UNREACHABLE; exit 2; fi
[[ $code == 200 ]] || { why "HTTP status $code"; echo NOT_SERVING; exit 1; }
# A gRPC error arrives as grpc-status != 0 (in the trailers, which -D also records).
grpc_status=$(tr -d '\r' <"$headers" | awk -F': *' 'tolower($1)=="grpc-status"{s=$2} END{print s}')
if [[ -n $grpc_status && $grpc_status != 0 ]]; then
  why "grpc-status $grpc_status $(tr -d '\r' <"$headers" | awk -F': *' 'tolower($1)=="grpc-message"{print $2}')"
  echo NOT_SERVING; exit 1
fi
status=$(decode "$body") || { echo NOT_SERVING; exit 1; }
verdict "$status"
