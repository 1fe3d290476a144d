#!/usr/bin/env bash
# Test prerequisites, checked (and where possible installed) before anything else is built, so a missing
# one costs seconds, not half a test run. Bound to the root pom's `validate` phase; skipped with
# -DskipTests (building and running promo needs only Java and Maven).
#
#   Node.js with npm  - the JavaScript test clients (realtime-js, supabase-js, node-postgres, playwright-core)
#                       are installed from npm by setup/npm-ci.sh, module by module.
#   Node.js 22        - supabase-js 2.110 and later (harness's platform tests). On Linux x64 and arm64 npm-ci.sh
#                       installs it into that test project from npm (node-linux-<arch>, docs/testing.md says why);
#                       elsewhere the node on the PATH must be 22+, or $PROMO_TEST_NODE22 names one.
#   Chromium          - the dashboard's browser test. Taken from $CHROMIUM if set, else from PATH; else
#                       installed with apt-get (Debian/Ubuntu; needs root or password-less sudo).
#   promtool          - checks and unit-tests the shipped Prometheus alert rules (infra/deploy/prometheus).
#                       Taken from $PROMTOOL if set, else from PATH; else installed with apt-get from
#                       Debian's `prometheus` package.
set -uo pipefail

fail() { echo "promo-realtime tests: $*" >&2; exit 1; }

# apt_install PACKAGE BINARY WHY HINT: installs a Debian package once, or fails with one line saying what to do.
apt_install() {
  local package=$1 binary=$2 why=$3 hint=$4
  command -v apt-get >/dev/null 2>&1 || fail "$binary is missing: $hint, then re-run."
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || fail "$binary is missing: run \`sudo apt-get install $package\` once ($hint), then re-run."
    as_root=(sudo -n)
  fi
  echo "promo-realtime tests: installing Debian's $package for $why (once)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$package" >/dev/null; }; then
    fail "installing $package with apt-get failed (see above): install it by hand (apt-get install $package), or $hint."
  fi
}

check_node() {
  command -v node >/dev/null 2>&1 || fail "Node.js 20 or newer is missing: install it (with npm) from your package manager or https://nodejs.org, then re-run."
  command -v npm >/dev/null 2>&1 || fail "npm is missing: install npm (Debian: apt-get install npm), then re-run."
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "$major" -ge 20 ] 2>/dev/null || fail "Node.js $(node -v 2>/dev/null) is too old: install Node.js 20 or newer, then re-run."
}

check_node22() {
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64|Linux/aarch64) return ;;  # npm installs node-linux-<arch> 22 into harness/src/test/supabase-js
  esac
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "$major" -ge 22 ] 2>/dev/null && return
  if [ -n "${PROMO_TEST_NODE22:-}" ]; then
    [ -x "$PROMO_TEST_NODE22" ] || fail "PROMO_TEST_NODE22=$PROMO_TEST_NODE22 is not an executable file: point it at a Node.js 22 binary, or unset it."
    return
  fi
  fail "supabase-js 2.119 needs Node.js 22, which npm provides on Linux x64/arm64 only: install Node.js 22 or set PROMO_TEST_NODE22=/path/to/node22, then re-run."
}

check_chromium() {
  if [ -n "${CHROMIUM:-}" ]; then
    [ -x "$CHROMIUM" ] || fail "CHROMIUM=$CHROMIUM is not an executable file: point it at a Chromium or Chrome binary, or unset it."
    return
  fi
  local name
  for name in chromium chromium-browser; do
    command -v "$name" >/dev/null 2>&1 && return
  done
  # no browser download from elsewhere works here: Debian's package it is
  apt_install chromium chromium "the dashboard's browser test" "install Chromium (or Chrome) and set CHROMIUM=/path/to/its/binary"
  command -v chromium >/dev/null 2>&1 || fail "apt-get reported success but no chromium is on PATH: set CHROMIUM=/path/to/chrome."
}

check_promtool() {
  if [ -n "${PROMTOOL:-}" ]; then
    [ -x "$PROMTOOL" ] || fail "PROMTOOL=$PROMTOOL is not an executable file: point it at a promtool binary (Prometheus 2.x or 3.x), or unset it."
    return
  fi
  command -v promtool >/dev/null 2>&1 && return
  # Debian's prometheus package brings promtool (its server is not started where services may not start, e.g. containers)
  apt_install prometheus promtool "the alert rules' checks (promtool)" "install Prometheus' promtool and set PROMTOOL=/path/to/promtool"
  command -v promtool >/dev/null 2>&1 || fail "apt-get reported success but no promtool is on PATH: set PROMTOOL=/path/to/promtool."
}

check_node
check_node22
check_chromium
check_promtool
