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

from rrmm_prep.visit import AfterVisit, Visit

AFTER_TEXT_FIELDS = (
    ("decisions", "What was decided"),
    ("next_visit", "Next appointment"),
    ("next_visit_time", "Next appointment time"),
    ("contact_name", "Who to call"),
    ("contact_phone", "Their phone number"),
    ("after_hours", "After-hours number"),
    ("for_family", "Note for family"),
)
AFTER_LIST_FIELDS = ("next_steps", "stop")


@dataclass
class Conflict:
    label: str
    mine: str
    theirs: str
    put: Callable[[str], None]

    def keep_both(self) -> None:
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
    for name in AFTER_LIST_FIELDS:
        b, m, t = getattr(b_after, name), getattr(m_after, name), getattr(t_after, name)
        if m == b:
            continue
        if t == b:
            setattr(t_after, name, list(m))
        else:
            setattr(t_after, name, list(dict.fromkeys([*t, *m])))
    if m_after.start != b_after.start:
        names = {s.name.casefold() for s in t_after.start}
        t_after.start = [
            *t_after.start,
            *(copy.deepcopy(s) for s in m_after.start if s.name.casefold() not in names),
        ]
    t_after.recorded = max(m_after.recorded, t_after.recorded)
    return out, conflicts


def _three_way(label, base, mine, theirs, put, conflicts) -> None:
    if mine in (base, theirs):
        return
    if theirs == base:
        put(mine)
        return
    conflicts.append(Conflict(label, mine, theirs, put))
