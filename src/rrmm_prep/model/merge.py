"""Field-by-field merging of two after-visits recorded on one visit (two terminals, two family members on a
shared folder, or a stale draft resumed after answers were recorded since).

Three versions: ``base`` (what both started from), ``mine`` and ``theirs`` (saved meanwhile). A field only one
side changed takes that side; a field both changed the same way is fine; a field both changed differently is a
``Conflict`` for the caller to settle (asked in a walk; both kept, marked, from a file). Lists (next steps,
treatment changes) are joined. Pure: no I/O.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from rrmm_prep.model.visit import AfterVisit, Visit

AFTER_TEXT_FIELDS = (
    ("decisions", "What was decided"),
    ("contact_name", "Who to call"),
    ("contact_phone", "Their phone number"),
    ("after_hours", "After-hours number"),
    ("for_family", "Note for family"),
)


AFTER_LIST_FIELDS = ("next_steps", "medicines")  # lists of text, joined
AFTER_ITEM_FIELDS = ("stop", "change", "start", "watch")  # lists of items, joined by name


@dataclass
class Conflict:
    """One field both saves changed differently. ``put(mine)`` or ``put(theirs)`` settles it; ``keep_both()``
    keeps both, as the field allows (text side by side; for the next appointment, which must stay one date, the
    one saved first stays and the other is added to the next steps)."""

    label: str
    mine: str
    theirs: str
    put: Callable[[str], None]
    both: Callable[[], None] | None = None

    def keep_both(self) -> None:
        if self.both is not None:
            self.both()
        else:
            self.put(f"{self.theirs} / also recorded: {self.mine}")


def merge_after(base: Visit, mine: Visit, theirs: Visit) -> tuple[Visit, list[Conflict]]:
    """``theirs`` with ``mine``'s after-visit changes laid on top, field by field; and what clashed."""
    out = copy.deepcopy(theirs)
    conflicts: list[Conflict] = []

    def key(q) -> str:
        return q.id or q.text.casefold()

    base_q = {key(q): q for q in base.questions}
    mine_q = {key(q): q for q in mine.questions}
    for q in out.questions:
        k = key(q)
        if k not in mine_q:
            continue
        b = base_q[k].answer if k in base_q else ""
        m = mine_q[k].answer
        _three_way(f"Answer to '{q.text}'", b, m, q.answer, lambda v, q=q: setattr(q, "answer", v), conflicts)

    b_after, m_after = base.after or AfterVisit(), mine.after or AfterVisit()
    if out.after is None:
        out.after = AfterVisit()
    t_after = out.after
    for name, label in AFTER_TEXT_FIELDS:
        _three_way(
            label,
            getattr(b_after, name),
            getattr(m_after, name),
            getattr(t_after, name),
            lambda v, name=name: setattr(t_after, name, v),
            conflicts,
        )
    _next_appointment(b_after, m_after, t_after, conflicts)
    for name in AFTER_LIST_FIELDS:
        b, m, t = getattr(b_after, name), getattr(m_after, name), getattr(t_after, name)
        if m == b:
            continue
        if t == b:
            setattr(t_after, name, list(m))
        else:
            setattr(t_after, name, list(dict.fromkeys([*t, *m])))
    for name in AFTER_ITEM_FIELDS:
        b, m, t = getattr(b_after, name), getattr(m_after, name), getattr(t_after, name)
        if m == b:
            continue
        if t == b:
            setattr(t_after, name, copy.deepcopy(m))
            continue
        names = {x.name.casefold() for x in t}
        setattr(t_after, name, [*t, *(copy.deepcopy(x) for x in m if x.name.casefold() not in names)])
    t_after.recorded = max(m_after.recorded, t_after.recorded)
    return out, conflicts


def _next_appointment(base: AfterVisit, mine: AfterVisit, out: AfterVisit, conflicts: list[Conflict]) -> None:
    """The next appointment's date and time, merged as one (a date with another's time is no appointment)."""

    def when(a: AfterVisit) -> tuple[str, str]:
        return (a.next_visit, a.next_visit_time)

    def shown(value: tuple[str, str]) -> str:
        from rrmm_prep.read.dates import say

        day, time = value
        return ((say(day) if day else "not set") + (f" at {time}" if time else "")).strip()

    def put_value(value: tuple[str, str]) -> None:
        out.next_visit, out.next_visit_time = value

    b, m, t = when(base), when(mine), when(out)
    if m in (b, t):
        return
    if t == b:
        put_value(m)
        return
    values = {shown(m): m, shown(t): t}

    def both() -> None:
        out.next_steps = [*out.next_steps, f"Next appointment also recorded as: {shown(m)}"]

    conflicts.append(
        Conflict("Next appointment", shown(m), shown(t), lambda text: put_value(values[text]), both)
    )


def _three_way(label, base, mine, theirs, put, conflicts) -> None:
    if mine in (base, theirs):
        return
    if theirs == base:
        put(mine)
        return
    conflicts.append(Conflict(label, mine, theirs, put))
