"""Readers for lab results: a line ("kappa 85.2 mg/L on 11/20") -> test, value, unit and date; the test a name
means; whether a unit is one the test is given in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrmm_prep import errors
from rrmm_prep.content.records import Content, LabTest, normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.kinds import Ctx
from rrmm_prep.model.visit import LabValue
from rrmm_prep.read import dates, numbers


def read_lab_date(ctx: Ctx, text: str) -> str:
    """The day a test was done ("11/20", "last week"), read from ``past_day``; blank is that day. Raises
    Unreadable."""
    text = clean(text)
    try:
        return (
            dates.read_date(text, ctx.past_day, dates.PAST).isoformat() if text else ctx.past_day.isoformat()
        )
    except errors.DateError as err:
        raise Unreadable(str(err)) from None


@dataclass(frozen=True)
class LabEntry:
    test: str  # the test as the content names it, or as typed
    test_id: str
    value: str  # plain number text, or the words kept as typed
    unit: str
    date: str = ""


def read_lab_line(ctx: Ctx, text: str) -> LabEntry:
    """ "kappa 85.2 mg/L", "M-protein 1,2 g/dL on 11/20": test, value, unit and (optional) date. Raises
    Unreadable (or errors.Ambiguous for "1,200")."""

    raw = clean(text)
    date = ""
    m = re.search(r"\s+(?:on|from|dated)\s+(.+)$", raw)
    if m:
        try:
            date = dates.read_date(m.group(1), ctx.past_day, dates.PAST).isoformat()
            raw = raw[: m.start()]
        except errors.DateError:
            pass
    reading = numbers.read_lab(raw)
    return lab_entry(ctx, reading.test, reading.value, reading.unit, date)


def lab_entry(ctx: Ctx, test: str, value: str, unit: str, date: str = "") -> LabEntry:

    found = find_test(ctx.content, test) if test else None
    if found and unit:  # a usual unit typed in another case is that unit ("mg/l" -> "mg/L")
        unit = next((u for u in found.units if u.casefold() == unit.casefold()), unit)
    return LabEntry(found.name if found else test, found.id if found else "", value, unit, date)


def lab_unit_problem(ctx: Ctx, entry: LabEntry) -> str | None:

    return unit_problem(ctx.content, entry.test, entry.unit)


def usual_units(ctx: Ctx, entry: LabEntry) -> tuple[str, ...]:
    test = next((t for t in ctx.content.lab_tests if t.id == entry.test_id), None)
    return test.units if test else ()


def to_lab(entry: LabEntry, date: str, as_typed: bool = False) -> LabValue:
    return LabValue(
        test=entry.test, value=entry.value, unit=entry.unit, date=date, id=entry.test_id, as_typed=as_typed
    )


def find_test(content: Content, name: str) -> LabTest | None:
    """The lab test a name means: its id, name or an alias, in any case or spacing, or a misspelling close to
    one of them ("kapa", "hemoglobn"; the walk reads back the name it found)."""
    import difflib

    key = normalize(name)
    names = {normalize(s): test for test in content.lab_tests for s in (test.id, test.name, *test.aliases)}
    if key in names:
        return names[key]
    close = (
        difflib.get_close_matches(key, [n for n in names if len(n) >= 4], n=1, cutoff=0.85)
        if len(key) >= 4
        else []
    )
    return names[close[0]] if close else None


def _unit_key(unit: str) -> str:
    return unit.strip().replace("µ", "u").replace("μ", "u").replace(" ", "").casefold()


def unit_problem(content: Content, test_name: str, unit: str) -> str | None:
    """A plain message when a unit is not one the test is given in; else None. Units are never converted."""
    test = find_test(content, test_name)
    if test is None:
        return None
    if _unit_key(unit) not in {_unit_key(u) for u in test.units}:
        usual = " or ".join(test.units)
        given = f"'{unit}'" if unit else "no unit"
        return (
            f"{test.name} is usually given in {usual}, and you gave {given}. Check the unit on your report: "
            f"values are kept as you type them, never converted."
        )
    return None
