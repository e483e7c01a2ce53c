"""The Visit record and its parts: plain dataclasses, to and from dicts, no I/O.

A record on disk is ``Visit.to_dict()`` as JSON with a ``schema`` number. ``Visit.from_dict`` brings an older
schema up to date through ``MIGRATIONS`` (one numbered step per schema), refuses (with ValueError) what it
cannot understand, so a damaged record is reported, not half-read, and keeps every field it does not know in
``extra``, so a rewrite never loses what a newer rrmm-prep wrote. ``revision`` counts the saves of a record, so a
save can tell when someone else saved it meanwhile.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass

from rrmm_prep.dates import say

SCHEMA = 2
OUTCOMES = ("worked", "stopped working", "stopped for side effects", "finished as planned", "still taking")
SEVERITIES = ("none", "mild", "moderate", "severe")


def _extra():
    return field(default_factory=dict, repr=False)


@dataclass
class AboutMe:
    """Facts about the person, asked once and carried forward (``rrmm-prep about``)."""

    name: str = ""
    born: str = ""  # ISO date
    myeloma_type: str = ""  # like IgG kappa, or light chain
    diagnosed: str = ""  # ISO date, month (2019-03) or year (2019)
    allergies: list[str] = field(default_factory=list)
    after_hours: str = ""  # the care team's number for nights, weekends and holidays
    extra: dict = _extra()

    def is_empty(self) -> bool:
        return not any(
            (self.name, self.born, self.myeloma_type, self.diagnosed, self.allergies, self.after_hours)
        )


@dataclass
class VisitInfo:
    date: str = ""  # ISO date
    time: str = ""  # HH:MM, 24-hour
    clinician: str = ""
    place: str = ""
    reasons: list[str] = field(default_factory=list)  # as shown: the content's label, or the person's words
    reason_ids: list[str] = field(default_factory=list)  # content ids of the reasons that are the content's
    companion: str = ""
    extra: dict = _extra()

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class Treatment:
    name: str  # as the person typed it or as the content spells it
    kind: str = ""  # "drug", "regimen" or "" (own words, kept as typed)
    ref: str = ""  # content id of the drug or regimen
    drugs: list[str] = field(default_factory=list)  # drug ids
    started: str = ""  # ISO date, month or year; the date of a one-time event
    stopped: str = ""
    outcome: str = ""  # one of OUTCOMES, or ""
    bad_effects: list[str] = field(default_factory=list)
    one_time: bool = False  # a transplant or a CAR-T infusion: one date, no stop
    extra: dict = _extra()

    @property
    def ongoing(self) -> bool:
        return not self.one_time and not self.stopped and self.outcome in ("", "still taking")

    @property
    def when(self) -> str:
        """Its dates in words, the way the walk reads them back (and reads them again): "March 2019 to June
        2020", "since March 2024", "until March 2023", or a one-time event's date."""
        if self.one_time:
            return say(self.started) if self.started else ""
        if self.started and self.stopped:
            return f"{say(self.started)} to {say(self.stopped)}"
        if self.started:
            return f"since {say(self.started)}" if self.outcome == "still taking" else say(self.started)
        if self.stopped:
            return f"until {say(self.stopped)}"
        return ""


@dataclass
class SymptomReport:
    name: str  # the symptom as shown: the content's label, or the person's own words
    id: str = ""  # content symptom id, "" for own words
    severity: str = ""  # one of SEVERITIES, or "" when reported without one
    note: str = ""
    said: str = ""  # the words it was read from, when they differ from the name
    detail: str = ""  # what the words added, like "temperature 38.5 C"
    extra: dict = _extra()


@dataclass
class LabValue:
    test: str
    value: str
    unit: str = ""
    date: str = ""
    id: str = ""  # content lab test id, "" for other tests
    as_typed: bool = False  # kept as typed although it did not check out (a unit not usual for the test)
    extra: dict = _extra()


@dataclass
class QuestionItem:
    text: str
    id: str = ""  # content question id; "" for the person's own
    topic: str = ""  # content topic id; "own" for the person's own
    why_suggested: str = ""  # the reason it was suggested, if it was
    carried: bool = False  # offered again: not answered last time
    answer: str = ""
    extra: dict = _extra()


@dataclass
class AfterVisit:
    decisions: str = ""
    next_steps: list[str] = field(default_factory=list)
    next_visit: str = ""  # ISO date
    next_visit_time: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    after_hours: str = ""
    for_family: str = ""
    stop: list[str] = field(default_factory=list)  # names of treatments stopped at this visit
    start: list[Treatment] = field(default_factory=list)  # treatments started at this visit
    recorded: str = ""  # ISO date-time of the last after-visit record
    extra: dict = _extra()


@dataclass
class Visit:
    id: str = ""
    created: str = ""
    revision: int = 0
    info: VisitInfo = field(default_factory=VisitInfo)
    about: AboutMe = field(default_factory=AboutMe)
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
    call_now: list[dict] = field(default_factory=list)  # the call flags shown when the visit was made
    extra: dict = _extra()

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
        data = plain(self)
        data["schema"] = SCHEMA
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Visit:
        if not isinstance(data, dict):
            raise ValueError("a visit record should be a JSON object")
        schema = data.get("schema", 1)
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise ValueError("its record version is not a number")
        if schema > SCHEMA:
            raise NewerRecord(schema)
        data = migrate(data)
        return build(cls, data)


NEWER = "made by a newer rrmm-prep"


class NewerRecord(ValueError):
    """A record of a schema this version does not know: kept as it is, never rewritten."""

    def __init__(self, schema: int) -> None:
        super().__init__(f"{NEWER} (record version {schema}); update rrmm-prep to read it")
        self.schema = schema


def plain(obj):
    """A dataclass as plain dicts and lists, with the fields it did not know (``extra``) back in place."""
    if is_dataclass(obj):
        out = {f.name: plain(getattr(obj, f.name)) for f in fields(obj) if f.name != "extra"}
        for key, value in getattr(obj, "extra", {}).items():
            out.setdefault(key, copy.deepcopy(value))
        return out
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


# ------------------------------------------------------------------------------------------------ migrations


def m001_reasons_list(data: dict) -> dict:
    """Schema 1 -> 2: one reason (``reason``, ``reason_id``) becomes a list (``reasons``, ``reason_ids``)."""
    info = data.get("info")
    if isinstance(info, dict) and "reasons" not in info:
        reason, reason_id = info.pop("reason", ""), info.pop("reason_id", "")
        info["reasons"] = [reason] if isinstance(reason, str) and reason else []
        info["reason_ids"] = [reason_id] if isinstance(reason_id, str) and reason_id else []
    return data


MIGRATIONS = (m001_reasons_list,)  # MIGRATIONS[n - 1] takes schema n to n + 1


def migrate(data: dict) -> dict:
    data = dict(data)
    schema = data.pop("schema", 1)
    for step in MIGRATIONS[schema - 1 :]:
        data = step(data)
    return data


# ------------------------------------------------------------------------------------------------ building

_NESTED: dict[str, type] = {}


def build(cls, data):
    """Build a dataclass from a dict, strictly: wrong types raise ValueError; unknown keys go to ``extra``."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for {cls.__name__}")
    kwargs = {}
    known = set()
    for f in fields(cls):
        known.add(f.name)
        if f.name == "extra" or f.name not in data:
            continue
        kwargs[f.name] = _coerce(str(f.type), data[f.name], f.name)
    if "extra" in known:
        kwargs["extra"] = {k: v for k, v in data.items() if k not in known and k != "schema"}
    return cls(**kwargs)


def _coerce(type_name: str, value, name: str):
    if type_name == "str":
        if not isinstance(value, str):
            raise ValueError(f"'{name}' should be text")
        return value
    if type_name == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"'{name}' should be true or false")
        return value
    if type_name == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"'{name}' should be a number")
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
    if type_name == "list[dict]":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ValueError(f"'{name}' should be a list of objects")
        return [dict(v) for v in value]
    if type_name.startswith("list[") and type_name[5:-1] in _NESTED:
        if not isinstance(value, list):
            raise ValueError(f"'{name}' should be a list")
        return [build(_NESTED[type_name[5:-1]], v) for v in value]
    base = type_name.replace(" | None", "")
    if base in _NESTED:
        if value is None and "None" in type_name:
            return None
        return build(_NESTED[base], value)
    raise ValueError(f"'{name}' has an unexpected type")  # pragma: no cover - a field type not handled above


_NESTED.update(
    {
        c.__name__: c
        for c in (AboutMe, VisitInfo, Treatment, SymptomReport, LabValue, QuestionItem, AfterVisit)
    }
)


def friendly_date(iso: str) -> str:
    """2026-12-03 -> Thursday 3 December 2026 (unambiguous in every country); a month or year in words too."""
    return say(iso)
