#!/usr/bin/env bash
# Parses iCalendar files with Python's icalendar (tests/ical_check.py), installing Debian's python3-icalendar when
# missing, and prints one JSON object per file. /usr/bin/python3 on purpose: the python3 on PATH may be a pyenv build
# that cannot see Debian's packages.
set -euo pipefail
python=/usr/bin/python3
if ! "$python" -c 'import icalendar' >/dev/null 2>&1; then
  printf '[check-ical] installing python3-icalendar\n' >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3-icalendar >/dev/null
fi
exec "$python" "$(dirname "$0")/ical_check.py" "$@"
