#!/usr/bin/env bash
# Rebuilds wwwroot/lib/govuk-frontend from the pinned npm packages (run after changing console.scss,
# _mash.scss or the govuk-frontend version). The output is committed: running the console needs no Node.js.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
out=../wwwroot/lib/govuk-frontend
rm -rf "$out" && mkdir -p "$out"
npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps console.scss "$out/console.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
echo "govuk-frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version") (MIT licence, Crown copyright), built by services/Console/frontend/build.sh" > "$out/VERSION"
