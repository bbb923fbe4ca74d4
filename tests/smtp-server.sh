#!/usr/bin/env bash
# A real SMTP server for the e-mail tests: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1, saving every
# message it accepts into a Maildir (aiosmtpd.handlers.Mailbox; the envelope is in the X-MailFrom and X-RcptTo headers).
# Recipients whose address starts with "refused." are refused with 550 (tests/smtp_server_handler.py).
#
#   tests/smtp-server.sh start <port> <maildir> <pidfile>   installs aiosmtpd when missing, starts the server in the
#                                                           background, waits (at most 30 s) until the port accepts
#   tests/smtp-server.sh stop <pidfile>                     stops it
#
# /usr/bin/python3 on purpose: the python3 on PATH may be a pyenv build that cannot see Debian's packages.
set -euo pipefail

python=/usr/bin/python3

log() { printf '[smtp-server] %s\n' "$*" >&2; }
usage() {
  echo "usage: $0 start <port> <maildir> <pidfile> | $0 stop <pidfile>" >&2
  exit 2
}

ensure_aiosmtpd() {
  if "$python" -c 'import aiosmtpd' >/dev/null 2>&1; then return; fi
  log "installing python3-aiosmtpd"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-aiosmtpd >/dev/null
  "$python" -c 'import aiosmtpd' || { log "aiosmtpd is still not importable by $python"; exit 1; }
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  [ $# -eq 3 ] || usage
  local port=$1 maildir=$2 pidfile=$3
  case "$port" in '' | *[!0-9]*) log "port must be a number: $port"; exit 2 ;; esac
  ensure_aiosmtpd
  # Maildir only creates new/ cur/ tmp/ when the folder itself is missing.
  mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp"
  local logfile="$pidfile.log"
  # The handler (tests/smtp_server_handler.py) is aiosmtpd's Maildir handler that refuses "refused.*" recipients.
  PYTHONPATH="$(cd "$(dirname "$0")" && pwd)" "$python" -m aiosmtpd --nosetuid --listen "127.0.0.1:$port" \
    --class smtp_server_handler.RefusingMailbox "$maildir" >"$logfile" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  for _ in $(seq 1 300); do
    if accepts "$port"; then
      log "aiosmtpd (pid $pid) listening on 127.0.0.1:$port, messages in $maildir"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "aiosmtpd exited before listening:"; cat "$logfile" >&2; rm -f "$pidfile"; exit 1
    fi
    sleep 0.1
  done
  log "aiosmtpd did not accept connections on 127.0.0.1:$port within 30 s"; cat "$logfile" >&2
  kill "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  exit 1
}

stop() {
  [ $# -eq 1 ] || usage
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) usage ;;
esac
