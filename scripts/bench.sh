#!/usr/bin/env bash
# Size and speed benchmark (not part of test.sh): builds the release app and the baseline Yew
# counter in bench/counter/ with the same toolchain and profile, serves each, measures both in
# headless Chromium, prints a Markdown table (also written to bench/latest.md) and exits 1 when
# a budget fails. Usage: bash scripts/bench.sh
#   (BENCH_RUNS=7, BENCH_JOURNEY='?port=25&block=drop', BENCH_LIGHTHOUSE_RUNS=3; 0 skips Lighthouse)
#
# Lighthouse comes from bench/package.json (pinned; installed here into bench/node_modules, never by
# CI or the tests) and drives Debian's /usr/bin/chromium through chrome-launcher (CHROME_PATH).
#
# Builds go to bench/target and bench/dist (git-ignored), never to target/ or dist/, so a
# concurrent `trunk build` of the app elsewhere cannot clash with the benchmark's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source scripts/setup.sh

# gzip is in every Debian; brotli (the CLI) may not be.
if ! command -v brotli >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y brotli
  else
    echo "bench: install the brotli CLI (as root: apt-get install brotli)" >&2
    exit 1
  fi
fi

# Lighthouse and chrome-launcher for the benchmark only; reinstall only when the lockfile changed.
# --ignore-scripts: no package may fetch anything at install time (none of them needs a script).
if [ "${BENCH_LIGHTHOUSE_RUNS:-3}" != 0 ] &&
   { [ ! -d bench/node_modules/lighthouse ] ||
     [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; }; then
  (cd bench && npm ci --no-audit --no-fund --ignore-scripts)
fi
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

step() { printf '== [%4ss] %s\n' "$SECONDS" "$*" >&2; }
OUT="$ROOT/bench/dist"
LOGS="$ROOT/bench/target/logs"
mkdir -p "$LOGS"
export CARGO_TARGET_DIR="$ROOT/bench/target"

# Quiet builds: the full log is kept and shown only when the build fails.
build() { # name dir
  step "trunk build --release ($1)"
  if ! (cd "$2" && trunk build --release --offline --dist "$OUT/$1") >"$LOGS/build-$1.log" 2>&1; then
    tail -n 40 "$LOGS/build-$1.log" >&2
    echo "bench: building $1 failed (full log: $LOGS/build-$1.log)" >&2
    exit 2
  fi
}
build app "$ROOT"
build counter "$ROOT/bench/counter"

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
serve() { # dir -> prints the port
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" >/dev/null 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  PORT="$port"
}
serve "$OUT/app"; APP_PORT="$PORT"
serve "$OUT/counter"; COUNTER_PORT="$PORT"

step "measuring: Lighthouse (${BENCH_LIGHTHOUSE_RUNS:-3} runs of each app), then headless Chromium (${BENCH_RUNS:-7} runs of each app and journey)"
status=0
APP_URL="http://127.0.0.1:$APP_PORT/" COUNTER_URL="http://127.0.0.1:$COUNTER_PORT/" \
APP_DIST="$OUT/app" COUNTER_DIST="$OUT/counter" \
  node bench/bench.mjs || status=$?
case "$status" in
  0) step "done: every budget holds (table in bench/latest.md)" ;;
  1) step "done: a budget fails (table in bench/latest.md)" ;;
  *) step "failed: the measurement did not complete" ;;
esac
exit "$status"
