"""The treatments after a visit: what after-visit said stops and starts, applied to the list (one function, used
for the next visit's defaults and for what the family notes say the person is on now)."""

from __future__ import annotations

import copy
import datetime as dt

from rrmm_prep.model.visit import OUTCOMES, Change, Treatment, Visit


def apply_changes(
    treatments: list[Treatment], stop: list[Change], start: list[Treatment], day: str, today: dt.date | None = None
) -> None:
    """Treatments stopped and started at a visit of ``day``: a stop on its day (the visit's, if none), with
    how it went when the reason says it ("stopped working") or the reason kept as said; a start on its day,
    planned while that day is still ahead."""
    stopping = {c.name.casefold(): c for c in stop}
    for t in treatments:
        c = stopping.get(t.name.casefold())
        if c is None or not t.ongoing:
            continue
        t.stopped = c.date or day
        said = c.reason.split(" (")[0] if c.reason else ""
        if said in OUTCOMES:
            t.outcome = said
            t.reason = c.reason[len(said) :].strip(" ()") or t.reason
        else:
            t.outcome = "" if t.outcome == "still taking" else t.outcome
            t.reason = c.reason or t.reason
    names = {t.name.casefold() for t in treatments if t.ongoing or t.planned}
    for t in start:
        if t.name.casefold() in names:
            continue
        new = copy.deepcopy(t)
        new.started = new.started or day
        new.planned = new.planned or new.started > day
        new.outcome = new.outcome or ("" if new.one_time or new.planned else "still taking")
        treatments.append(new)



def after_the_visit(visit: Visit) -> list[Treatment]:
    """A copy of the visit's treatments with after-visit's stops and starts applied (the visit's own list if
    after-visit recorded nothing)."""
    treatments = copy.deepcopy(visit.treatments)
    if visit.after is not None:
        apply_changes(treatments, visit.after.stop, visit.after.start, visit.info.date)
    return treatments
