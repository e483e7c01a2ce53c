"""Lab values and symptoms across visits: "since last visit" facts, series and charts, and the `trends` page.

Values are stored as the person gave them and never changed. They are compared like with like: in the same unit,
or in a unit the content gives a factor for (light chains in mg/dL are 10 times as many mg/L), and then the
page says so ("85.2 mg/L, from 8.52 mg/dL").
Every change is said as a neutral fact followed by a question to ask; nothing here judges a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from rrmm_prep.content.records import Content, normalize
from rrmm_prep.messages import command
from rrmm_prep.model.visit import LabValue, Visit
from rrmm_prep.read.labs import conversions, find_test, unit_key
from rrmm_prep.read.numbers import number_value
from rrmm_prep.render.doc import Doc, Heading, Para, Table

ASK_LAB = "Ask: what does this change mean for my treatment?"


ASK_SYMPTOM = "Ask: what should I do about this?"


def latest(visit: Visit) -> dict[str, LabValue]:
    """The latest value of each test in a visit, keyed by test id (or name for other tests)."""
    out: dict[str, LabValue] = {}
    for lab in sorted(visit.labs, key=lambda x: x.date or visit.info.date):
        out[lab.id or normalize(lab.test)] = lab
    return out


def comparable(content: Content, lab: LabValue) -> tuple[float | None, str, str]:
    """(number, unit, words) to compare a result in: as typed, or in the test's first unit when the content
    gives a factor for the unit typed (words say it: "from 8.52 mg/dL")."""
    number = number_value(lab.value)
    test = find_test(content, lab.test) if lab.id or lab.test else None
    if number is None or test is None or unit_key(lab.unit) in {unit_key(u) for u in test.units}:
        return number, lab.unit, ""
    for unit, factor in conversions(test):
        if unit_key(unit) == unit_key(lab.unit):
            return round(number * factor, 6), test.units[0], f"from {lab.value} {lab.unit}"
    return number, lab.unit, ""


def since_last(content: Content, previous: Visit, visit: Visit) -> list[str]:
    """Each changed lab value and symptom since the previous visit, as a fact and a question to ask."""
    lines: list[str] = []
    before, now = latest(previous), latest(visit)
    for key, lab in now.items():
        old = before.get(key)
        if old is None:
            continue
        (a, unit_a, _), (b, unit_b, _) = comparable(content, old), comparable(content, lab)
        if a is None or b is None or a == b or unit_key(unit_a) != unit_key(unit_b):
            continue
        unit = f" {unit_b}" if unit_b else ""
        if unit_key(old.unit) == unit_key(lab.unit):
            lines.append(f"{lab.test} went from {old.value} to {lab.value}{unit}. {ASK_LAB}")
        else:
            lines.append(f"{lab.test} went from {_n(a)} to {_n(b)}{unit} (compared in {unit_b}). {ASK_LAB}")
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


def _n(x: float) -> str:
    return f"{x:g}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Point:
    visit_id: str
    date: str
    value: str
    unit: str
    number: float | None
    said: str = ""  # how it was typed, when it is shown in another unit ("from 8.52 mg/dL")


def series(content: Content, visits: list[Visit]) -> dict[str, list[Point]]:
    """Test name -> its values across visits, oldest first (one value per visit: the latest that visit)."""
    out: dict[str, list[Point]] = {}
    names: dict[str, str] = {}
    for visit in sorted(visits, key=lambda v: (v.info.date, v.created)):
        for key, lab in latest(visit).items():
            names.setdefault(key, lab.test)
            number, unit, said = comparable(content, lab)
            value = _n(number) if said and number is not None else lab.value
            out.setdefault(key, []).append(Point(visit.id, lab.date or visit.info.date, value, unit, number, said))
    return {names[k]: v for k, v in out.items()}


def charts(content: Content, visits: list[Visit]) -> list:
    """A Chart for each test with two or more numbers in the same unit across these visits."""
    from rrmm_prep.render.doc import Chart

    out = []
    for name, points in series(content, visits).items():
        unit = points[-1].unit
        numbers = [(p.date, p.number) for p in points if p.number is not None and p.unit == unit]
        if len(numbers) >= 2:
            out.append(Chart(name, unit, numbers))
    return out


def trends_doc(content: Content, visits: list, test: str | None = None) -> tuple[Doc, dict]:
    """Each lab test across visits: value, change from the previous and from the lowest so far, and a chart."""
    from rrmm_prep.content.records import normalize
    from rrmm_prep.errors import NotFoundError
    from rrmm_prep.read import labs
    from rrmm_prep.render.doc import Chart

    all_series = series(content, visits)
    if test:
        wanted = labs.find_test(content, test)
        name = wanted.name if wanted else test
        all_series = {k: v for k, v in all_series.items() if normalize(k) == normalize(name)}
        if not all_series:
            raise NotFoundError(
                f"No values recorded for '{test}'. Add them with '{command('new-visit')}' (lab results step)."
            )
    doc = Doc([Heading("Lab values over time")])
    data: dict = {}
    if not all_series:
        doc.add(
            Para(
                f"No lab values recorded yet. Add them in '{command('new-visit')}' (lab results step) or with 'labs:' in an answers file."
            )
        )
    for name, points in all_series.items():
        rows, prev, lowest = [], None, None
        for p in points:
            same_unit = prev is not None and prev.unit == p.unit
            change = (
                _signed(p.number - prev.number)
                if same_unit and p.number is not None and prev.number is not None
                else "-"
            )
            if (
                lowest is not None
                and lowest.unit == p.unit
                and p.number is not None
                and lowest.number is not None
            ):
                from_low = _signed(p.number - lowest.number)
            else:
                from_low = "-"
            if p.number is not None and (
                lowest is None or (lowest.unit == p.unit and p.number < (lowest.number or 0))
            ):
                lowest = p
            rows.append([p.date, p.value + (f" ({p.said})" if p.said else ""), p.unit or "-", change, from_low])
            prev = p
        doc.add(
            Heading(name, 2),
            Table(["Date", "Value", "Unit", "Change from previous", "Change from lowest"], rows),
        )
        unit = points[-1].unit
        chart_points = [(p.date, p.number) for p in points if p.number is not None and p.unit == unit]
        if len(chart_points) >= 1:
            doc.add(Chart(name, unit, chart_points))
        data[name] = [p.__dict__ for p in points]
    doc.add(
        Para(
            "These are the values you typed, as facts. Ask your care team what the changes mean for you.",
            "muted",
        )
    )
    return doc, data


def _signed(x: float) -> str:
    x = round(x, 3)
    return "0" if x == 0 else f"{x:+g}"
