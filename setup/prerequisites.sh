#!/usr/bin/env bash
# Test prerequisites, checked (and where possible installed) before anything else is built, so a missing
# one costs seconds, not half a test run. Bound to the root pom's `validate` phase; skipped with
# -DskipTests (building and running promo needs only Java and Maven).
#
#   Node.js with npm  - the JavaScript test clients (realtime-js, supabase-js, node-postgres, playwright-core)
#                       are installed from npm by setup/npm-ci.sh, module by module.
#   Chromium          - the dashboard's browser test. Taken from $CHROMIUM if set, else from PATH; else
#                       installed with apt-get (Debian/Ubuntu; needs root or password-less sudo).
set -uo pipefail

fail() { echo "promo-realtime tests: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "Node.js 20 or newer is missing: install it (with npm) from your package manager or https://nodejs.org, then re-run."
command -v npm >/dev/null 2>&1 || fail "npm is missing: install npm (Debian: apt-get install npm), then re-run."
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] 2>/dev/null || fail "Node.js $(node -v 2>/dev/null) is too old: install Node.js 20 or newer, then re-run."

if [ -n "${CHROMIUM:-}" ]; then
  [ -x "$CHROMIUM" ] || fail "CHROMIUM=$CHROMIUM is not an executable file: point it at a Chromium or Chrome binary, or unset it."
  exit 0
fi
for name in chromium chromium-browser; do
  command -v "$name" >/dev/null 2>&1 && exit 0
done

# Chromium is not there: install Debian's package (no browser download from elsewhere works here).
command -v apt-get >/dev/null 2>&1 || fail "Chromium is missing: install Chromium (or Chrome) and set CHROMIUM=/path/to/its/binary, then re-run."
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  fail "Chromium is missing: run \`sudo apt-get install chromium\` once (or set CHROMIUM=/path/to/chrome), then re-run."
fi
echo "promo-realtime tests: installing Debian's chromium for the dashboard's browser test (once)..."
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
  fail "installing Chromium with apt-get failed (see above): install it by hand (apt-get install chromium) or set CHROMIUM=/path/to/chrome."
fi
command -v chromium >/dev/null 2>&1 || fail "apt-get reported success but no chromium is on PATH: set CHROMIUM=/path/to/chrome."
