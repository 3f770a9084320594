#!/usr/bin/env bash
# Install the pinned toolchain; every step is skipped when already in place, so repeat runs take ~1 s.
# Run it directly, or `source` it (test.sh and serve.sh do) to also get the PATH it sets.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Versions are pinned in three places that must agree: here, Cargo.toml (wasm-bindgen = "=X")
# and Trunk.toml [tools]. A mismatch makes trunk try to download its own copy and fail offline.
TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than we have
WASM_BINDGEN_VERSION=0.2.130   # what yew 0.23 resolves; also provides wasm-bindgen-test-runner

# cargo-installed tools, then wasm-opt (binaryen 132 from npm: Debian's 108 cannot read current wasm).
export PATH="$ROOT/e2e/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null || rustup target add wasm32-unknown-unknown
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

trunk --version 2>/dev/null | grep -qF "$TRUNK_VERSION" ||
  cargo install trunk --version "$TRUNK_VERSION" --locked
# No --locked: wasm-bindgen-cli's lockfile pins a dependency version crates.io no longer serves.
wasm-bindgen --version 2>/dev/null | grep -qF "$WASM_BINDGEN_VERSION" ||
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"

# The workspace's crates (the terminal tool's too), so the offline wasm build finds every locked one.
cargo fetch --quiet

# e2e deps (playwright-core, axe-core, binaryen); reinstall only when the lockfile changed.
if [ ! -x "$ROOT/e2e/node_modules/.bin/wasm-opt" ] ||
   [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
  (cd "$ROOT/e2e" && npm ci --no-audit --no-fund)
fi

# Browser for wasm DOM tests and e2e: Debian's packages (no tool may download its own browser);
# swaks, one of the real clients the lab's tests run (crates/cli/tests/lab.rs).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/swaks ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver swaks
  else
    echo "setup: install chromium, chromium-driver and swaks (as root: apt-get install chromium chromium-driver swaks)" >&2
    exit 1
  fi
fi
