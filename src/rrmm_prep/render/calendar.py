"""Calendar files (.ics, RFC 5545) with no health details in them: calendars sync to the cloud, so an event
says only "Weekly check-in" or "Appointment", never a symptom, a drug or an illness. Made with the icalendar
library, imported here only (when a calendar file is asked for). Pure: returns the text."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

PRODID = "-//prep-notes//calendar//EN"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def local_zone():
    """The computer's time zone by its IANA name (TZ, or /etc/localtime's link), or None (floating time)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
            name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
        except OSError:
            name = ""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _calendar():
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    return cal


def _event(summary: str, start: dt.datetime, minutes: int):
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"{uuid.uuid4()}@prep-notes.invalid")
    event.add("dtstamp", dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    return event


def _text(cal, zone) -> str:
    if zone is not None:
        cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")


def weekly(first: dt.date, at: dt.time, zone=None) -> str:
    """A weekly event from ``first`` at ``at``: "Weekly check-in", 15 minutes, repeating every week."""
    cal = _calendar()
    start = dt.datetime.combine(first, at, tzinfo=zone)
    event = _event("Weekly check-in", start, 15)
    event.add("rrule", {"freq": "weekly", "byday": WEEKDAYS[first.weekday()]})
    event.add("description", "Time for your two-minute weekly check-in.")
    cal.add_component(event)
    return _text(cal, zone)


def appointments(items: list[tuple[str, dt.date, dt.time | None]], zone=None) -> str:
    """One event per (title, day, time): "Appointment", "Tests". A day without a time is an all-day event."""
    import icalendar

    cal = _calendar()
    for title, day, at in items:
        if at is None:
            event = icalendar.Event()
            event.add("uid", f"{uuid.uuid4()}@prep-notes.invalid")
            event.add("dtstamp", dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
            event.add("summary", title)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        else:
            event = _event(title, dt.datetime.combine(day, at, tzinfo=zone), 60)
        cal.add_component(event)
    return _text(cal, zone)


def default_name(folder: Path, name: str) -> Path:
    return folder / name
