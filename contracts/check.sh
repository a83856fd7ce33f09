#!/usr/bin/env bash
# The contract checks deploy/mash test runs before the tests: buf lint (STANDARD rules) on
# contracts/proto, and buf breaking (FILE rules) against contracts/proto as it was at the commit
# named in contracts/BREAKING-BASELINE. buf comes from npm (@bufbuild/buf, contracts/tools).
# Needs the repository's history (a clone, not an export). Exits non-zero on any finding.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUF="$ROOT/contracts/tools/node_modules/.bin/buf"
[[ -x $BUF ]] || { echo "contracts: $BUF is missing (npm ci --prefix contracts/tools)" >&2; exit 2; }
baseline=$(grep -v '^#' "$ROOT/contracts/BREAKING-BASELINE" | grep -m1 -E '^[0-9a-f]{40}$') ||
  { echo "contracts: no commit in contracts/BREAKING-BASELINE" >&2; exit 2; }
git -C "$ROOT" cat-file -e "$baseline^{commit}" 2>/dev/null ||
  { echo "contracts: the baseline commit $baseline is not in this clone's history" >&2; exit 2; }
cd "$ROOT"
"$BUF" lint
"$BUF" breaking --against ".git#ref=$baseline,subdir=contracts/proto"
echo "contracts: buf lint and buf breaking (against ${baseline:0:12}) passed"
