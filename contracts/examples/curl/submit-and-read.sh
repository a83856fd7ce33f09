#!/usr/bin/env bash
# A partner's system on the REST door with nothing but curl and jq: submits a contact (proto3 JSON,
# as in seeds/contacts/), retrying the very same request (same idempotency key, so it is stored
# once) while the service answers 503 or 429 or cannot be reached, honouring Retry-After; prints
# the field violations of a refused contact; reads the contact back.
#
#   MASH_TOKEN=$(deploy/mash token --role partner --agency wmp) \
#     contracts/examples/curl/submit-and-read.sh seeds/contacts/001-police-domestic-abuse-siblings.json
#
# MASH_REST_URL: the REST door (default http://127.0.0.1:5111, intake's in development).
# Exit codes: 0 stored and read back; 1 refused (the violations are printed); 2 anything else.
set -euo pipefail
url=${MASH_REST_URL:-http://127.0.0.1:5111}
file=${1:?usage: submit-and-read.sh CONTACT.json}
: "${MASH_TOKEN:?set MASH_TOKEN to a bearer token (deploy/mash token --role partner --agency wmp)}"
body=$(mktemp)
trap 'rm -f "$body"' EXIT

# --retry: curl retries 408, 429, 500, 502, 503 and 504 answers and timeouts, waiting as long as
# Retry-After says; --retry-connrefused: also while the service restarts.
status=$(curl -sS -o "$body" -w '%{http_code}' --retry 5 --retry-connrefused --retry-max-time 60 \
  -X POST "$url/v1/contacts" -H "authorization: Bearer $MASH_TOKEN" -H 'content-type: application/json' \
  --data-binary @"$file")

case $status in
  200) ;;
  400)
    echo "refused: $(jq -r .message "$body")"
    jq -r '.details[]? | select(."@type" == "type.googleapis.com/google.rpc.BadRequest") | .fieldViolations[] | "  \(.field): \(.description)"' "$body"
    exit 1 ;;
  *)
    echo "HTTP $status: $(jq -r '.message // empty' "$body" 2>/dev/null || cat "$body")" >&2
    exit 2 ;;
esac

contact=$(jq -r .contactId "$body")
echo "submitted contact $contact ($(jq -r 'if .replayed then "a replay of an earlier submission" else "new" end' "$body"))"

status=$(curl -sS -o "$body" -w '%{http_code}' --retry 5 --retry-connrefused \
  "$url/v1/contacts/$contact" -H "authorization: Bearer $MASH_TOKEN")
[[ $status == 200 ]] || { echo "reading $contact back: HTTP $status" >&2; exit 2; }
jq -r '.contact.children[] | "child \(.child.childId): \(.status)"' "$body"
