# Provisioning shared by test.sh and bench.sh; source it, do not run it.
#   provision_postgres [extra server options]   a throw-away PostgreSQL 15 cluster on 127.0.0.1 (installed from
#                                               Debian's postgresql-15 when missing), started as the postgres user
#                                               when run as root (initdb refuses root); sets pg_bin, pg_dir, pg_port
#   provision_smtp                              an SMTP server (aiosmtpd, see tests/smtp-server.sh) on 127.0.0.1
#                                               saving into a Maildir; sets smtp_dir, smtp_port
#   provision_icalendar                         Python's icalendar (Debian's python3-icalendar, installed when
#                                               missing), the second iCalendar parser of tests/check-ical.sh
#   provision_oidc                              a real OpenID Connect provider (oidc-provider on node, see
#                                               tests/oidc-provider/) on 127.0.0.1 with one client and a random
#                                               secret; sets oidc_dir, oidc_url, oidc_client_id, oidc_client_secret
#   provision_axe                               axe-core from npm (tests/axe/, `npm ci` when missing), the
#                                               accessibility rules of the pages' tests; sets axe_script
#   provision_cleanup                           stops them and removes their folders (install it as the EXIT trap)
# The caller sets `root` (the repository) and defines `log`.

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

provision_postgres() {
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
  pg_port=$(free_port)
  if [ "$(id -u)" = "0" ]; then chown postgres "$pg_dir"; fi

  log "starting PostgreSQL ($("$pg_bin/postgres" --version)) on 127.0.0.1:$pg_port"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 $*" >/dev/null
}

provision_smtp() {
  smtp_dir=$(mktemp -d /tmp/cartifflow-smtp.XXXXXX)
  smtp_port=$(free_port)
  log "starting an SMTP server (aiosmtpd) on 127.0.0.1:$smtp_port"
  "$root/tests/smtp-server.sh" start "$smtp_port" "$smtp_dir/maildir" "$smtp_dir/smtp.pid"
}

provision_icalendar() {
  if ! /usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1; then
    log "installing python3-icalendar"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq python3-icalendar >/dev/null
  fi
}

provision_oidc() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  fi
  local src="$root/tests/oidc-provider"
  if [ ! -d "$src/node_modules/oidc-provider" ]; then
    log "installing oidc-provider (npm ci in tests/oidc-provider)"
    (cd "$src" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  oidc_dir=$(mktemp -d /tmp/cartifflow-oidc.XXXXXX)
  local port
  port=$(free_port)
  oidc_url="http://127.0.0.1:$port"
  oidc_client_id=cartifflow-test
  oidc_client_secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
  log "starting an OpenID Connect provider (oidc-provider) at $oidc_url"
  CARTIFFLOW_TEST_OIDC_CLIENT_ID="$oidc_client_id" CARTIFFLOW_TEST_OIDC_CLIENT_SECRET="$oidc_client_secret" \
    node "$src/server.mjs" "$port" >"$oidc_dir/oidc.log" 2>&1 </dev/null &
  echo $! >"$oidc_dir/oidc.pid"
  for _ in $(seq 1 300); do
    if python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$oidc_url/.well-known/openid-configuration" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$oidc_dir/oidc.pid")" 2>/dev/null; then
      log "the OpenID Connect provider exited before answering:"; cat "$oidc_dir/oidc.log" >&2; return 1
    fi
    sleep 0.1
  done
  log "the OpenID Connect provider did not answer within 30 s"; cat "$oidc_dir/oidc.log" >&2
  return 1
}

provision_axe() {
  if ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  fi
  local src="$root/tests/axe"
  if [ ! -f "$src/node_modules/axe-core/axe.min.js" ]; then
    log "installing axe-core (npm ci in tests/axe)"
    (cd "$src" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  axe_script="$src/node_modules/axe-core/axe.min.js"
}

provision_cleanup() {
  if [ -n "${pg_dir:-}" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  if [ -n "${oidc_dir:-}" ]; then
    if [ -f "$oidc_dir/oidc.pid" ]; then kill "$(cat "$oidc_dir/oidc.pid")" 2>/dev/null || true; fi
    rm -rf "$oidc_dir"
  fi
  if [ -n "${smtp_dir:-}" ]; then "$root/tests/smtp-server.sh" stop "$smtp_dir/smtp.pid" >/dev/null 2>&1 || true; rm -rf "$smtp_dir"; fi
}
