"""Lab values and symptoms across visits: unit checks, "since last visit" facts, and series for `trends`.

Values are stored as the person gave them and never converted. Only values in the same unit are compared.
Every change is said as a neutral fact followed by a question to ask; nothing here judges a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from rrmm_prep.content import Content, LabTest, normalize
from rrmm_prep.visit import LabValue, Visit

ASK_LAB = "Ask: what does this change mean for my treatment?"
ASK_SYMPTOM = "Ask: what should I do about this?"


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


def number(value: str) -> float | None:
    """The number in a lab value as stored ("1.2", "<0.1", "0,850"), or None: not a number, a comma that could
    be thousands ("1,200"), or a value no report has (infinity, 1 followed by 309 zeros)."""
    from rrmm_prep.readers import number_value

    return number_value(value)


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


def latest(visit: Visit) -> dict[str, LabValue]:
    """The latest value of each test in a visit, keyed by test id (or name for other tests)."""
    out: dict[str, LabValue] = {}
    for lab in sorted(visit.labs, key=lambda x: x.date or visit.info.date):
        out[lab.id or normalize(lab.test)] = lab
    return out


def since_last(content: Content, previous: Visit, visit: Visit) -> list[str]:
    """Each changed lab value and symptom since the previous visit, as a fact and a question to ask."""
    lines: list[str] = []
    before, now = latest(previous), latest(visit)
    for key, lab in now.items():
        old = before.get(key)
        if old is None or _unit_key(old.unit) != _unit_key(lab.unit):
            continue
        a, b = number(old.value), number(lab.value)
        if a is None or b is None or a == b:
            continue
        unit = f" {lab.unit}" if lab.unit else ""
        lines.append(f"{lab.test} went from {old.value} to {lab.value}{unit}. {ASK_LAB}")
    old_symptoms = {s.id or normalize(s.name): s for s in previous.symptoms if s.severity != "none"}
    for s in visit.symptoms:
        if s.severity == "none":
            continue
        old = old_symptoms.get(s.id or normalize(s.name))
        if old is None:
            lines.append(f"{_cap(s.name)} is new since your last visit. {ASK_SYMPTOM}")
        elif old.severity and s.severity and old.severity != s.severity:
            lines.append(f"{_cap(s.name)} was {old.severity} and is now {s.severity}. {ASK_SYMPTOM}")
    now_keys = {s.id or normalize(s.name) for s in visit.symptoms if s.severity != "none"}
    for key, old in old_symptoms.items():
        if key not in now_keys:
            lines.append(
                f"{_cap(old.name)} was on your list last time and is not now. Ask: is there anything to watch?"
            )
    return lines


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Point:
    visit_id: str
    date: str
    value: str
    unit: str
    number: float | None


def series(content: Content, visits: list[Visit]) -> dict[str, list[Point]]:
    """Test name -> its values across visits, oldest first (one value per visit: the latest that visit)."""
    out: dict[str, list[Point]] = {}
    names: dict[str, str] = {}
    for visit in sorted(visits, key=lambda v: (v.info.date, v.created)):
        for key, lab in latest(visit).items():
            names.setdefault(key, lab.test)
            out.setdefault(key, []).append(
                Point(visit.id, lab.date or visit.info.date, lab.value, lab.unit, number(lab.value))
            )
    return {names[k]: v for k, v in out.items()}


def charts(content: Content, visits: list[Visit]) -> list:
    """A Chart for each test with two or more numbers in the same unit across these visits."""
    from rrmm_prep.doc import Chart

    out = []
    for name, points in series(content, visits).items():
        unit = points[-1].unit
        numbers = [(p.date, p.number) for p in points if p.number is not None and p.unit == unit]
        if len(numbers) >= 2:
            out.append(Chart(name, unit, numbers))
    return out
