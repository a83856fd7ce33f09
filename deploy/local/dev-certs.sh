#!/usr/bin/env bash
# Development TLS certificates for Mash's services, made with openssl:
#
#   dev-certs.sh DIR    DIR/ca.crt, ca.key       a development CA (kept; trust it, never ship it)
#                       DIR/server.crt, .key     a server certificate it signs, for localhost,
#                                                127.0.0.1 and the compose service names
#
# Safe to run any number of times: an existing CA is kept, and the server certificate is made
# again only when it is missing, not signed by that CA, or expires within 30 days.
# `deploy/mash certs` runs it for .mash/certs, which docker-compose.yml mounts at /certs.
set -euo pipefail

dir=${1:?usage: dev-certs.sh DIR}
names=(localhost intake thresholds earlyhelp allocation audit)
mkdir -p "$dir"
cd "$dir"

if [[ ! -s ca.crt || ! -s ca.key ]]; then
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 1825 \
    -subj "/CN=Mash development CA" -keyout ca.key -out ca.crt \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null)
  rm -f server.crt
fi

if [[ -s server.crt && -s server.key ]] && openssl verify -CAfile ca.crt server.crt >/dev/null 2>&1 &&
  openssl x509 -checkend $((30 * 24 * 3600)) -noout -in server.crt >/dev/null; then
  exit 0
fi

san=$(printf 'DNS:%s,' "${names[@]}")IP:127.0.0.1
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=mash-services" \
  -keyout server.key -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 397 -out server.crt \
  -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n' "$san") 2>/dev/null
rm -f server.csr ca.srl
# The services in containers run as a non-root user that must read the key: a development key only.
chmod 644 server.key server.crt ca.crt
