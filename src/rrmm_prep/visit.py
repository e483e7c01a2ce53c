"""The Visit record and its parts: plain dataclasses, to and from dicts, no I/O.

A record on disk is ``Visit.to_dict()`` as JSON with a ``schema`` number. ``Visit.from_dict`` reads any older
schema it knows and refuses (with ValueError) what it cannot understand, so a damaged record is reported, not
half-read. Dates and times are parsed here from the friendly forms people type.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, fields

SCHEMA = 1
OUTCOMES = ("worked", "stopped working", "stopped for side effects", "still taking")
SEVERITIES = ("none", "mild", "moderate", "severe")


@dataclass
class VisitInfo:
    date: str = ""  # ISO date
    time: str = ""  # HH:MM, 24-hour
    clinician: str = ""
    place: str = ""
    reason: str = ""
    reason_id: str = ""
    companion: str = ""


@dataclass
class Treatment:
    name: str  # as the person typed it or as the content spells it
    kind: str = ""  # "drug", "regimen" or "" (own words)
    ref: str = ""  # content id of the drug or regimen
    drugs: list[str] = field(default_factory=list)  # drug ids
    started: str = ""
    stopped: str = ""
    outcome: str = ""
    bad_effects: list[str] = field(default_factory=list)


@dataclass
class SymptomReport:
    name: str
    id: str = ""  # content symptom id, "" for own words
    severity: str = ""  # one of SEVERITIES, or "" when reported without one
    note: str = ""


@dataclass
class LabValue:
    test: str
    value: str
    unit: str = ""
    date: str = ""
    id: str = ""  # content lab test id, "" for other tests


@dataclass
class QuestionItem:
    text: str
    id: str = ""  # content question id; "" for the person's own
    topic: str = ""  # content topic id; "own" for the person's own
    why_suggested: str = ""  # the reason it was suggested, if it was
    carried: bool = False  # offered again: not answered last time
    answer: str = ""


@dataclass
class AfterVisit:
    decisions: str = ""
    next_steps: list[str] = field(default_factory=list)
    next_visit: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    for_family: str = ""
    recorded: str = ""  # ISO date-time of the last after-visit record


@dataclass
class Visit:
    id: str = ""
    created: str = ""
    info: VisitInfo = field(default_factory=VisitInfo)
    treatments: list[Treatment] = field(default_factory=list)
    symptoms: list[SymptomReport] = field(default_factory=list)
    daily_life: str = ""
    health_problems: list[str] = field(default_factory=list)
    medicines: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    questions: list[QuestionItem] = field(default_factory=list)  # in the order they are numbered
    ask_first: list[int] = field(default_factory=list)  # indexes into questions, at most three
    labs: list[LabValue] = field(default_factory=list)
    ready: list[str] = field(default_factory=list)  # "before you go" item ids already done
    notes: str = ""
    private_notes: str = ""
    after: AfterVisit | None = None
    content_reviewed: str = ""

    # ------------------------------------------------------------------ numbering

    def numbered(self) -> list[tuple[int, QuestionItem]]:
        """Questions as numbered in the summary: the ones to ask first, then the rest in order."""
        first = [i for i in self.ask_first if 0 <= i < len(self.questions)]
        order = first + [i for i in range(len(self.questions)) if i not in first]
        return [(n, self.questions[i]) for n, i in enumerate(order, 1)]

    def question_by_number(self, number: int) -> QuestionItem | None:
        for n, q in self.numbered():
            if n == number:
                return q
        return None

    def unanswered_own(self) -> list[QuestionItem]:
        return [q for q in self.questions if not q.id and not q.answer.strip()]

    # ------------------------------------------------------------------ dicts

    def to_dict(self) -> dict:
        data = asdict(self)
        data["schema"] = SCHEMA
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Visit:
        if not isinstance(data, dict):
            raise ValueError("a visit record should be a JSON object")
        schema = data.get("schema", SCHEMA)
        if not isinstance(schema, int) or schema > SCHEMA:
            raise ValueError(
                f"made by a newer rrmm-prep (record version {schema}); update rrmm-prep to read it"
            )
        return _build(cls, data)


def _build(cls, data):
    """Build a dataclass from a dict, strictly: wrong types raise ValueError; unknown keys are ignored."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for {cls.__name__}")
    kwargs = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        kwargs[f.name] = _coerce(f.type, value, f.name)
    return cls(**kwargs)


_NESTED = {
    "VisitInfo": VisitInfo,
    "Treatment": Treatment,
    "SymptomReport": SymptomReport,
    "LabValue": LabValue,
    "QuestionItem": QuestionItem,
    "AfterVisit": AfterVisit,
}


def _coerce(type_name, value, name):
    type_name = str(type_name)
    if type_name == "str":
        if not isinstance(value, str):
            raise ValueError(f"'{name}' should be text")
        return value
    if type_name == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"'{name}' should be true or false")
        return value
    if type_name == "list[str]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"'{name}' should be a list of text")
        return list(value)
    if type_name == "list[int]":
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise ValueError(f"'{name}' should be a list of numbers")
        return list(value)
    match = re.fullmatch(r"list\[(\w+)\]", type_name)
    if match and match.group(1) in _NESTED:
        if not isinstance(value, list):
            raise ValueError(f"'{name}' should be a list")
        return [_build(_NESTED[match.group(1)], v) for v in value]
    base = type_name.replace(" | None", "")
    if base in _NESTED:
        if value is None and "None" in type_name:
            return None
        return _build(_NESTED[base], value)
    raise ValueError(f"'{name}' has an unexpected type")  # pragma: no cover - a field type not handled above


# ------------------------------------------------------------------------------------------ dates and times

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """Read a visit date: 2026-12-03, 12/3/2026, 12/3, dec 3, 3 december 2026, today, tomorrow, friday.

    Without a year, the next such day on or after today. Raises ValueError with a plain message.
    """
    today = today or dt.date.today()
    raw = text.strip().lower().rstrip(".")
    raw = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw)
    raw = raw.replace(",", " ")
    if raw in ("", "today"):
        return today
    if raw == "tomorrow":
        return today + dt.timedelta(days=1)
    words = raw.split()
    if len(words) in (1, 2) and words[-1].rstrip("s") in [w[:3] for w in WEEKDAYS] + WEEKDAYS:
        day_name = words[-1][:3]
        target = [w[:3] for w in WEEKDAYS].index(day_name)
        ahead = (target - today.weekday()) % 7 or (7 if words[0] == "next" else 0)
        if len(words) == 2 and words[0] not in ("next", "this", "on"):
            raise ValueError(_date_help(text))
        return today + dt.timedelta(days=ahead)
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
            y, m, d = (int(p) for p in raw.split("-"))
            return dt.date(y, m, d)
        m_slash = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", raw)
        if m_slash:  # US order: month/day
            month, day, year = int(m_slash.group(1)), int(m_slash.group(2)), m_slash.group(3)
            return _with_year(month, day, year, today)
        tokens = raw.split()
        month_tokens = [t for t in tokens if t in MONTHS]
        if len(month_tokens) == 1 and len(tokens) in (2, 3):
            month = MONTHS[month_tokens[0]]
            rest = [t for t in tokens if t not in MONTHS]
            if all(t.isdecimal() for t in rest):
                day = next((int(t) for t in rest if len(t) <= 2), None)
                year = next((t for t in rest if len(t) == 4), None)
                if day is not None and len(rest) == (2 if year else 1):
                    return _with_year(month, day, year, today)
    except ValueError:
        pass
    raise ValueError(_date_help(text))


def _with_year(month: int, day: int, year: str | None, today: dt.date) -> dt.date:
    if year:
        y = int(year)
        return dt.date(y + 2000 if y < 100 else y, month, day)
    candidate = dt.date(today.year, month, day)
    return candidate if candidate >= today else dt.date(today.year + 1, month, day)


def _date_help(text: str) -> str:
    return f"'{text}' is not a date I can read. Try 2026-12-03, 12/3, dec 3, tomorrow or friday."


def parse_time(text: str) -> str:
    """Read a time of day: 10:30, 10.30, 1030, 2pm, 2:15 pm, 14:00. Returns HH:MM (24-hour); '' for blank."""
    raw = text.strip().lower().replace(" ", "").replace(".", ":")
    if not raw:
        return ""
    m = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?(am|pm|a|p)?", raw)
    if not m:
        raise ValueError(f"'{text}' is not a time I can read. Try 10:30 or 2pm.")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{text}' is not a time I can read. Try 10:30 or 2pm.")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59 or (not half and m.group(2) is None and len(m.group(1)) > 2):
        raise ValueError(f"'{text}' is not a time I can read. Try 10:30 or 2pm.")
    return f"{hour:02d}:{minute:02d}"


def parse_when(text: str) -> str:
    """Check a rough date for a treatment: 2023, 2023-02, 2023-02-15, or words ("spring 2023"). Kept as typed."""
    value = text.strip()
    if re.fullmatch(r"[\d\-/.]+", value):
        for pattern in ("%Y", "%Y-%m", "%Y-%m-%d", "%m/%Y", "%m/%d/%Y"):
            try:
                dt.datetime.strptime(value, pattern)
                return value
            except ValueError:
                continue
        raise ValueError(f"'{text}' is not a date I can read. Try 2023, 2023-02 or 2023-02-15.")
    return value


def friendly_date(iso: str) -> str:
    """2026-12-03 -> Thursday 3 December 2026 (unambiguous in every country)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {day.strftime('%B')} {day.year}"
