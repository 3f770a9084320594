#!/usr/bin/env bash
# Serve the release build with live reload: http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

PORT="${PORT:-8080}"
echo "Serving SMTP Port Simulator at http://127.0.0.1:$PORT/"
# --offline: never let trunk download tools or check for updates (setup.sh installed them).
exec trunk serve --release --offline --port "$PORT"
