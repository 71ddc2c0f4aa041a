#!/usr/bin/env bash
# Make a throwaway local PostgreSQL available for the tests.
#
#   eval "$(scripts/pg.sh)"     start (or reuse) it and export HOTLINE_TEST_DATABASE_URL
#   scripts/pg.sh stop          stop it
#
# The cluster lives in target/pg (trust auth, 127.0.0.1 on a free port, socket under /tmp) and
# is for tests only: fsync is off. The export line also goes to target/pg/env for `source`.
# When HOTLINE_TEST_DATABASE_URL is already set, nothing is started. Progress goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/target/pg"
data="$dir/data"
log="$dir/postgres.log"
envfile="$dir/env"
# Unix socket paths are short (107 bytes): keep the directory in /tmp, one per checkout.
sockdir="/tmp/hotline-pg-$(printf '%s' "$root" | cksum | cut -d' ' -f1)"

say() { printf 'pg.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Debian's server binaries, newest version first; else whatever is on PATH.
find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

# initdb refuses to run as root: as root, run the server as the postgres user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() { [[ -d "$data" ]] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

install_postgres() {
    [[ $(id -u) -eq 0 ]] || die "PostgreSQL server binaries (initdb, pg_ctl) are missing; install them (Debian: sudo apt-get install -y postgresql) or run this as root"
    say "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
}

free_port() {
    local port
    for port in $(seq 54329 54429); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    return 1
}

emit() {
    local line="export HOTLINE_TEST_DATABASE_URL=$1"
    printf '%s\n' "$line" >"$envfile"
    printf '%s\n' "$line"
}

if [[ "${1:-start}" == "start" && -n "${HOTLINE_TEST_DATABASE_URL:-}" ]]; then
    say "HOTLINE_TEST_DATABASE_URL is already set; nothing to do"
    exit 0
fi

bindir="$(find_bindir)" || { install_postgres; bindir="$(find_bindir)" || die "no initdb/pg_ctl after installing postgresql"; }

case "${1:-start}" in
stop)
    if running; then
        as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2
    else
        say "not running"
    fi
    exit 0
    ;;
start) ;;
*) die "usage: scripts/pg.sh [start|stop]" ;;
esac

if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs the postgres user (from Debian's postgresql package) to own the cluster"
fi

mkdir -p "$dir" "$sockdir"
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir" "$sockdir"
fi

if running; then
    port="$(sed -n 4p "$data/postmaster.pid")"
    say "reusing the cluster in $data on port $port"
    emit "postgres://postgres@127.0.0.1:$port/postgres"
    exit 0
fi

if [[ ! -f "$data/PG_VERSION" ]]; then
    say "creating a cluster in $data"
    rm -rf "$data"
    as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
        die "initdb failed; see $dir/initdb.log"
fi

port="$(free_port)" || die "no free port in 54329-54429"
say "starting PostgreSQL on 127.0.0.1:$port (log: $log)"
as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sockdir -c fsync=off -c full_page_writes=off" \
    start >&2 || die "PostgreSQL did not start; see $log"

for _ in $(seq 1 30); do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        emit "postgres://postgres@127.0.0.1:$port/postgres"
        exit 0
    fi
    sleep 1
done
die "PostgreSQL is not accepting connections on port $port; see $log"
