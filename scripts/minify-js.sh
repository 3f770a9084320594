#!/bin/sh
# Trunk post_build hook (Trunk.toml, bench/counter/Trunk.toml): release builds ship their
# JavaScript (wasm-bindgen's glue, boot.js) minified by terser, a pure-JS npm package installed
# by scripts/setup.sh, so every embedding page downloads about 1.5 KB less (brotli).
set -eu
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
terser="$(dirname "$0")/../e2e/node_modules/.bin/terser"
if [ ! -x "$terser" ]; then
  echo "minify-js: $terser is missing; run: bash scripts/setup.sh" >&2
  exit 1
fi
for file in "$TRUNK_STAGING_DIR"/*.js; do
  "$terser" "$file" --module --compress --mangle --output "$file"
done
