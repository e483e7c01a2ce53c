"""Visits as Visit objects: by id, date or spoken date, the latest, the one before, the list. Files via store."""

from __future__ import annotations

import datetime as dt
import re

from rrmm_prep import errors
from rrmm_prep.errors import NotFoundError, StoreError
from rrmm_prep.messages import NEWER, command
from rrmm_prep.model.visit import Visit
from rrmm_prep.read import dates
from rrmm_prep.store import visit_files


def describe(data: dict) -> visit_files.Listing:
    visit = Visit.from_dict(data)
    return visit_files.Listing(
        id=visit.id,
        date=visit.info.date,
        time=visit.info.time,
        clinician=visit.info.clinician,
        reason=visit.info.reason,
        asked=len(visit.questions),
        answered=len([q for q in visit.questions if q.answer.strip()]),
        created=visit.created,
    )


def listing() -> list[visit_files.Listing]:
    return visit_files.list_visits(describe)


def load(visit_id: str) -> Visit:
    data = visit_files.read_record(visit_id)
    try:
        visit = Visit.from_dict(data)
    except (ValueError, TypeError) as err:
        raise StoreError(
            f"The visit record {visit_files.record_path(visit_id)} is damaged ({err}). The other visits are fine."
        ) from None
    visit.id = visit_id
    return visit


def no_visits(everything: list[visit_files.Listing] | None = None) -> NotFoundError:
    """No visit to use. When records exist that cannot be read (damaged, or made by a newer rrmm-prep), says so
    rather than "no visits saved yet"."""
    unreadable = [v for v in (everything or []) if v.damaged]
    if unreadable:
        return NotFoundError(
            "No visit this rrmm-prep can read. "
            + " ".join(_unreadable(v) for v in unreadable)
            + f" Run '{command('new-visit')}' to prepare a new one."
        )
    return NotFoundError(f"No visits saved yet. Run '{command('new-visit')}' to prepare one.")


def _unreadable(hit: visit_files.Listing) -> str:
    if hit.damaged.startswith(NEWER):
        return (
            f"The visit record {hit.path} was {hit.damaged.split(';')[0]}, so this version cannot read it. "
            "It is kept as it is: update rrmm-prep to read it."
        )
    return (
        f"The visit record {hit.path} is damaged and cannot be read ({hit.damaged}). "
        "The other visits are fine; restore this file from a backup if you have one."
    )


def find_id(query: str, everything: list[visit_files.Listing] | None = None) -> visit_files.Listing:
    """The listing a query names (id or date), damaged records included; raises NotFoundError."""
    everything = everything if everything is not None else listing()
    exact = [v for v in everything if v.id == query]
    if exact:
        return exact[0]
    # A damaged record has no date to read but its name: 2026-12-03-dr-rivera is on 2026-12-03 (and only a whole
    # date names it: "2026-12" is no day).
    is_day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", query) is not None
    by_date = [
        v for v in everything if (v.date == query) or (is_day and v.damaged and v.id.startswith(query + "-"))
    ]
    if len(by_date) == 1:
        return by_date[0]
    if len(by_date) > 1:
        ids = ", ".join(v.id for v in by_date)
        raise NotFoundError(f"More than one visit on {query}: {ids}. Give the id.")
    day = _spoken_day(query)
    if day and day != query:
        try:
            return find_id(day, everything)
        except NotFoundError:
            raise NotFoundError(
                f"No visit on {dates.say(day, weekday=True)} (read from '{query}'). "
                f"Run '{command('visits')}' to see them."
            ) from None
    raise NotFoundError(f"No visit '{query}'. Run '{command('visits')}' to see them.")


def _spoken_day(query: str) -> str:
    """The day a query like 'dec 3', '12/3' or 'last tuesday' names (the nearest such day), or ''."""
    try:
        return dates.read_date(query, dates.current_date(), dates.ANY).isoformat()
    except (errors.DateError, ValueError):
        return ""


def resolve(query: str | None) -> Visit:
    """A visit by id or date (2026-12-03, or words: dec 3, last tuesday); the latest readable visit when query
    is None."""
    everything = listing()
    visits = [v for v in everything if not v.damaged]
    if query is not None:
        hit = find_id(query, everything)
        if hit.damaged:
            raise StoreError(_unreadable(hit))
        return load(hit.id)
    if not visits:
        raise no_visits(everything)
    return load(visits[0].id)


def for_after_visit(today: dt.date | None = None) -> Visit:
    """The visit after-visit means without a name: today's, or else the latest one already past (never one
    still ahead: today's answers must not land in next week's record). Only visits ahead: the nearest."""
    today_iso = (today or dates.current_date()).isoformat()
    everything = listing()
    visits = [v for v in everything if not v.damaged]
    if not visits:
        raise no_visits(everything)
    past = [v for v in visits if v.date and v.date <= today_iso]
    if past:
        return load(past[0].id)  # newest first: today's, or the latest before today
    ahead = sorted(visits, key=lambda v: (v.date, v.time))
    return load(ahead[0].id)


def latest() -> Visit | None:
    for item in listing():
        if not item.damaged:
            try:
                return load(item.id)
            except StoreError:
                continue
    return None


def earlier(visit: Visit) -> list[Visit]:
    """The readable visits dated before this one (by date, then by when they were made), newest first."""
    return [
        v
        for v in all_visits()
        if v.id != visit.id and (v.info.date, v.created) < (visit.info.date, visit.created)
    ]


def before(visit: Visit) -> Visit | None:
    """The visit just before this one, for "since last visit"."""
    found = earlier(visit)
    return found[0] if found else None


def all_visits() -> list[Visit]:
    out = []
    for item in listing():
        if not item.damaged:
            try:
                out.append(load(item.id))
            except StoreError:
                continue
    return out
