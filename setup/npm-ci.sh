#!/usr/bin/env bash
# Installs every JavaScript project under a module's src/ that the tests use: each directory with a
# package-lock.json gets `npm ci`, but only when its lock file differs from the one last installed
# (kept as node_modules/.installed-lock.json). Bound to each module's `generate-test-resources` phase
# by the root pom, so a new JavaScript project is picked up without another build change.
#   usage: npm-ci.sh MODULE_DIR
set -euo pipefail
module=${1:?usage: npm-ci.sh MODULE_DIR}
[ -d "$module/src" ] || exit 0

while IFS= read -r lock; do
  dir=$(dirname "$lock")
  marker="$dir/node_modules/.installed-lock.json"
  if cmp -s "$lock" "$marker"; then
    continue
  fi
  echo "npm ci in ${dir#"$module"/} (lock file changed or never installed)"
  if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error; then
    echo "promo-realtime tests: \`npm ci\` failed in $dir: is the npm registry reachable (npm config get registry)?" >&2
    exit 1
  fi
  cp "$lock" "$marker"
done < <(find "$module/src" -name node_modules -prune -o -name package-lock.json -print | sort)
