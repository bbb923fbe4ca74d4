#!/usr/bin/env bash
# Runs every test of CartifFlow. Provisions what the tests need on a fresh machine (scripts/provision.sh):
#   - a throw-away PostgreSQL 15 cluster on 127.0.0.1 (installed from Debian's postgresql-15 when missing),
#     started as the postgres user when run as root (initdb refuses root), removed on exit;
#   - an SMTP server (aiosmtpd, from Debian's python3-aiosmtpd when missing) on 127.0.0.1, saving into a Maildir;
#   - a real OpenID Connect provider (oidc-provider on Debian's nodejs, tests/oidc-provider/) on 127.0.0.1;
#   - Debian's chromium (installed when missing) for the pages' end-to-end tests (Playwright, headless);
#   - axe-core from npm (tests/axe/, `npm ci` when missing), injected by the pages' accessibility tests;
#   - Python's icalendar (Debian's python3-icalendar, installed when missing), the second iCalendar parser the
#     invitation tests start as a process (tests/check-ical.sh).
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '[test.sh] %s\n' "$*" >&2; }

# shellcheck source=scripts/provision.sh
. "$root/scripts/provision.sh"
trap provision_cleanup EXIT

# --- Chromium (the pages' end-to-end tests drive Debian's Chromium headless) -------------------------
if ! command -v chromium >/dev/null; then
  log "installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

# --- iCalendar (a second parser for the invitations, tests/ical_check.py) -----------------------------
provision_icalendar

# --- axe-core (the accessibility rules the pages' tests inject into every page, tests/axe/) ---------
provision_axe
export CARTIFFLOW_TEST_AXE="$axe_script"

# --- PostgreSQL -------------------------------------------------------------------------------------
provision_postgres -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export CARTIFFLOW_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Include Error Detail=true;Maximum Pool Size=50"
export CARTIFFLOW_TEST_PG_BIN="$pg_bin"
export CARTIFFLOW_TEST_PG_DATA="$pg_dir/data"

# --- SMTP -------------------------------------------------------------------------------------------
provision_smtp
export CARTIFFLOW_TEST_SMTP_HOST=127.0.0.1
export CARTIFFLOW_TEST_SMTP_PORT="$smtp_port"
export CARTIFFLOW_TEST_MAILDIR="$smtp_dir/maildir"

# --- OpenID Connect provider -------------------------------------------------------------------------
provision_oidc
export CARTIFFLOW_TEST_OIDC_AUTHORITY="$oidc_url"
export CARTIFFLOW_TEST_OIDC_CLIENT_ID="$oidc_client_id"
export CARTIFFLOW_TEST_OIDC_CLIENT_SECRET="$oidc_client_secret"

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
