#!/usr/bin/env bash
# The main job: the hotline server with the demo city 示例市 on the embedded SQLite database
# (./data/hotline.db), at http://127.0.0.1:8080. Extra arguments go to `hotline serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web-deps.sh
exec cargo run --release -p hotline -- serve --demo "$@"
