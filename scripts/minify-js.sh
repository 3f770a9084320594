#!/bin/sh
# Trunk post_build hook (Trunk.toml, bench/counter/Trunk.toml), release builds only:
# 1. short-imports.mjs gives the wasm's imports short names, in the wasm and in the glue alike;
# 2. terser (a pure-JS npm package installed by scripts/setup.sh) minifies the JavaScript
#    (wasm-bindgen's glue, boot.js).
# Together about 3.5 KB less (brotli) for every page that loads the app.
set -eu
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
here="$(dirname "$0")"
terser="$here/../e2e/node_modules/.bin/terser"
if [ ! -x "$terser" ]; then
  echo "minify-js: $terser is missing; run: bash scripts/setup.sh" >&2
  exit 1
fi
node "$here/short-imports.mjs" "$TRUNK_STAGING_DIR"
for file in "$TRUNK_STAGING_DIR"/*.js; do
  "$terser" "$file" --module --compress --mangle --output "$file"
done
