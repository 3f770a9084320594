#!/usr/bin/env bash
# Everything CI checks, in order from fastest feedback to slowest:
# format, lint, native tests, wasm DOM tests in Chromium, release build, e2e against the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

step() { printf '\n== [%4ss] %s\n' "$SECONDS" "$*"; }

step "cargo fmt"
cargo fmt --all -- --check

step "cargo clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings
# The build-time renderer needs its feature (Yew's server renderer), which --all-targets leaves off.
cargo clippy --features prerender --bin prerender -- -D warnings

step "cargo test (native)"
# The web app compiles natively too (its DOM tests are cfg(target_arch = "wasm32")),
# so this runs the model's tests and proves the whole workspace builds on the host.
cargo test --workspace

step "wasm DOM tests (headless Chromium)"
# wasm-bindgen-test-runner (same version as wasm-bindgen) drives chromedriver; --tests skips doctests.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p smtp-port-simulator --target wasm32-unknown-unknown --tests

step "trunk build --release"
trunk build --release --offline

step "e2e (playwright-core + Chromium against dist/)"
# Serve dist/ under a sub-path, as a real deployment may, to prove the relative public_url works.
SERVE_ROOT="$(mktemp -d)"
ln -s "$PWD/dist" "$SERVE_ROOT/smtp-port-simulator"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SERVE_ROOT" >/dev/null 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$SERVE_ROOT"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
BASE_URL="http://127.0.0.1:$PORT/smtp-port-simulator/" node --test e2e/

step "all checks passed"
