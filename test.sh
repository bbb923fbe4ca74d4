#!/usr/bin/env bash
# Runs every test of CartifFlow. Provisions what the tests need on a fresh machine:
#   - a throw-away PostgreSQL 15 cluster on 127.0.0.1 (installed from Debian's postgresql-15 when missing),
#     started as the postgres user when run as root (initdb refuses root), removed on exit;
#   - an SMTP server (aiosmtpd, from Debian's python3-aiosmtpd when missing) on 127.0.0.1, saving into a Maildir;
#   - Debian's chromium (installed when missing) for the pages' end-to-end tests (Playwright, headless).
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- Chromium (the pages' end-to-end tests drive Debian's Chromium headless) -------------------------
if ! command -v chromium >/dev/null; then apt-get update -qq && apt-get install -y -qq chromium; fi

# --- PostgreSQL -------------------------------------------------------------------------------------
pg_bin=""
if command -v pg_config >/dev/null 2>&1; then pg_bin=$(pg_config --bindir); fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  log "installing postgresql-15"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
  pg_bin=/usr/lib/postgresql/15/bin
fi

pg_dir=$(mktemp -d /tmp/cartifflow-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres "$pg_dir"; fi

cleanup() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  if [ -n "${smtp_dir:-}" ]; then "$root/tests/smtp-server.sh" stop "$smtp_dir/smtp.pid" >/dev/null 2>&1 || true; rm -rf "$smtp_dir"; fi
}
trap cleanup EXIT

log "starting PostgreSQL ($("$pg_bin/postgres" --version)) on 127.0.0.1:$pg_port"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null

export CARTIFFLOW_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Include Error Detail=true;Maximum Pool Size=50"
export CARTIFFLOW_TEST_PG_BIN="$pg_bin"
export CARTIFFLOW_TEST_PG_DATA="$pg_dir/data"

# --- SMTP -------------------------------------------------------------------------------------------
smtp_dir=$(mktemp -d /tmp/cartifflow-smtp.XXXXXX)
smtp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log "starting an SMTP server (aiosmtpd) on 127.0.0.1:$smtp_port"
"$root/tests/smtp-server.sh" start "$smtp_port" "$smtp_dir/maildir" "$smtp_dir/smtp.pid"
export CARTIFFLOW_TEST_SMTP_HOST=127.0.0.1
export CARTIFFLOW_TEST_SMTP_PORT="$smtp_port"
export CARTIFFLOW_TEST_MAILDIR="$smtp_dir/maildir"

# --- Tests ------------------------------------------------------------------------------------------
results="$pg_dir/results"
mkdir -p "$results"
set +e
dotnet test "$root/CartifFlow.sln" --logger "trx" --results-directory "$results" "$@" 2>&1 | tee "$pg_dir/test.log"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$pg_dir/test.log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$pg_dir/test.log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$pg_dir/test.log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then log "dotnet test exited with $status"; fi
exit "$status"
