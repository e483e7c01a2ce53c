"""after-visit --calendar: the next appointment and the dated tests as one calendar file, with no health
details (an event says only "Appointment" or "Tests"; calendars sync to the cloud)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from rrmm_prep import ui
from rrmm_prep.errors import Unreadable, UsageError
from rrmm_prep.model.visit import Visit
from rrmm_prep.read import dates
from rrmm_prep.store import checkin_files, files


def _step_day(text: str, after: dt.date) -> dt.date | None:
    """The day a next step names ("PET/CT scan on December 10", "blood tests jan 5"), or None."""
    words = re.sub(r"[,;()]", " ", text).split()
    for start in range(len(words)):
        for n in (3, 2, 1):
            chunk = " ".join(words[start : start + n])
            if not re.search(r"\d", chunk):
                continue
            try:
                return dates.read_date(chunk, after, dates.FUTURE)
            except Unreadable:
                continue
    return None


def events(visit: Visit) -> list[tuple[str, dt.date, dt.time | None]]:
    a = visit.after
    if a is None:
        return []
    try:
        base = dt.date.fromisoformat(visit.info.date)
    except ValueError:
        base = dates.current_date()
    out: list[tuple[str, dt.date, dt.time | None]] = []
    if a.next_visit and len(a.next_visit) == 10:
        at = dt.time.fromisoformat(a.next_visit_time) if a.next_visit_time else None
        out.append(("Appointment", dt.date.fromisoformat(a.next_visit), at))
    for step in a.next_steps:
        day = _step_day(step, base)
        if day is not None:
            out.append(("Tests", day, None))
    return out


def write(visit: Visit, output: Path | None = None) -> Path:
    from rrmm_prep.render import calendar

    found = events(visit)
    if not found:
        raise UsageError(
            "This visit has no next appointment or dated test to put in a calendar. Add them with after-visit."
        )
    target = output or files._folder("exports") / f"{visit.id or 'visit'}-calendar.ics"
    path = checkin_files.write_calendar(calendar.appointments(found, calendar.local_zone()), target)
    ui.say(f"Wrote a calendar file with {len(found)} date{'s' if len(found) != 1 else ''}: {path}")
    ui.say("Open it with your calendar program. It says only 'Appointment' or 'Tests'.", "dim")
    return path
