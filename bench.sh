#!/usr/bin/env bash
# Runs the CartifFlow benchmarks (bench/CartifFlow.Benchmarks) and prints one `name: value` line per figure.
#   ./bench.sh            full mode: the counts of docs/performance.md (about 45 minutes on 2 cores)
#   ./bench.sh --quick    scaled-down counts for CI (4 to 9 minutes: the host scenario waits up to 5 for an outbox sweep)
# Other arguments go to the benchmark (e.g. --only transitions,timer_storm,timer_lateness,host,email,drafts,lists; --callers 1,16,64).
# Provisions, like test.sh (scripts/provision.sh), a throw-away PostgreSQL 15 cluster on 127.0.0.1 — durable
# settings (fsync and synchronous_commit on), pg_stat_statements loaded to count the idle host's statements — and an
# SMTP server (aiosmtpd) on 127.0.0.1. pgbench comes from the same PostgreSQL binaries.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '[bench.sh] %s\n' "$*" >&2; }

# shellcheck source=scripts/provision.sh
. "$root/scripts/provision.sh"
trap provision_cleanup EXIT

log "building (Release)"
dotnet build "$root/bench/CartifFlow.Benchmarks/CartifFlow.Benchmarks.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
# The web host as it is deployed: published, ReadyToRun (precompiled, so start-up does not wait for the JIT).
host_dir="$root/artifacts/bench-host"
if dotnet publish "$root/src/CartifFlow.Web/CartifFlow.Web.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$host_dir" -nologo -v quiet -clp:ErrorsOnly >&2; then
  host_dll="$host_dir/CartifFlow.Web.dll"
else
  log "ReadyToRun publish failed; the host scenarios run the plain Release build"
  host_dll="$root/src/CartifFlow.Web/bin/Release/net10.0/CartifFlow.Web.dll"
fi

provision_postgres -c shared_buffers=512MB -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null
provision_smtp

export CARTIFFLOW_BENCH_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export CARTIFFLOW_BENCH_PG_BIN="$pg_bin"
export CARTIFFLOW_BENCH_SMTP_HOST=127.0.0.1
export CARTIFFLOW_BENCH_SMTP_PORT="$smtp_port"
export CARTIFFLOW_BENCH_HOST_DLL="$host_dll"

log "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') memory, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
dotnet "$root/bench/CartifFlow.Benchmarks/bin/Release/net10.0/CartifFlow.Benchmarks.dll" "$@"
