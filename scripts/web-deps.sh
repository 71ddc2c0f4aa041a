#!/usr/bin/env bash
# Install the front-end libraries the binary embeds, exactly as web/package-lock.json pins them.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  if ! command -v npm >/dev/null; then
    echo "npm is needed to install web/package-lock.json (Debian: apt-get install npm)" >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
