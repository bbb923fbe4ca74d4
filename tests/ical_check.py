#!/usr/bin/env python3
"""Reads iCalendar files with Python's icalendar (Debian's python3-icalendar), a second implementation beside
Ical.Net, and prints what a calendar sees in each as one JSON object per line: METHOD, and per VEVENT its UID,
SEQUENCE, STATUS, ORGANIZER, ATTENDEEs (address, RSVP, PARTSTAT), DTSTART (its TZID and local time) and the
VTIMEZONEs given. Used by the invitation tests: tests/check-ical.sh <file>..."""
import json
import sys

import icalendar


def text(value):
    return None if value is None else str(value)


def main(paths):
    for path in paths:
        with open(path, "rb") as f:
            calendar = icalendar.Calendar.from_ical(f.read())
        events = []
        for event in calendar.walk("VEVENT"):
            start = event.get("DTSTART")
            attendees = event.get("ATTENDEE") or []
            if not isinstance(attendees, list):
                attendees = [attendees]
            organizer = event.get("ORGANIZER")
            events.append({
                "uid": text(event.get("UID")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "status": text(event.get("STATUS")),
                "organizer": text(organizer),
                "organizerName": text(organizer.params.get("CN")) if organizer is not None else None,
                "attendees": [{"address": text(a), "rsvp": text(a.params.get("RSVP")), "partstat": text(a.params.get("PARTSTAT")),
                               "name": text(a.params.get("CN"))} for a in attendees],
                "tzid": text(start.params.get("TZID")) if start is not None else None,
                "start": start.dt.isoformat() if start is not None else None,
            })
        zones = [text(z.get("TZID")) for z in calendar.walk("VTIMEZONE")]
        print(json.dumps({"file": path, "method": text(calendar.get("METHOD")), "timezones": zones, "events": events}))


if __name__ == "__main__":
    main(sys.argv[1:])
