#!/usr/bin/env bash
# The whole test suite: every crate's unit, integration and end-to-end tests on SQLite and on
# PostgreSQL. PostgreSQL comes from scripts/pg.sh (which installs Debian's package if missing and
# starts a throwaway local cluster). In CI (CI=true) the PostgreSQL tests must run, never skip.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${HOTLINE_TEST_DATABASE_URL:-}" ]; then
  if url=$(scripts/pg.sh); then
    eval "$url"
  elif [ -n "${CI:-}" ]; then
    echo "scripts/test.sh: PostgreSQL could not be started, and CI requires the PostgreSQL tests" >&2
    exit 1
  else
    echo "scripts/test.sh: PostgreSQL unavailable; its tests will be skipped (set HOTLINE_TEST_DATABASE_URL)" >&2
  fi
fi

scripts/web-deps.sh

# The workstation's browser tests need Debian's Chromium, ChromeDriver and a CJK font. Under CI
# they are installed when missing (and the tests fail, never skip, if the browser is absent).
if [ -n "${CI:-}" ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null \
    && [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; }; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --locked "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole suite (cargo prints one per test binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, g }' "$log"
exit "$status"
