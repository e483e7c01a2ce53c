"""The Visit record and its parts: plain dataclasses, to and from dicts, no I/O.

A record on disk is ``Visit.to_dict()`` as JSON with a ``schema`` number. ``Visit.from_dict`` brings an older
schema up to date through ``MIGRATIONS`` (one numbered step per schema), refuses (with ValueError) what it
cannot understand, so a damaged record is reported, not half-read, and keeps every field it does not know in
``extra``, so a rewrite never loses what a newer rrmm-prep wrote. ``revision`` counts the saves of a record, so a
save can tell when someone else saved it meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rrmm_prep.errors import NewerRecord
from rrmm_prep.model.migrations import migrate
from rrmm_prep.model.serial import build, plain
from rrmm_prep.read.dates import say

SCHEMA = 3
OUTCOMES = (
    "worked",
    "stopped working",
    "stopped for side effects",
    "stopped for another reason",
    "finished as planned",
    "still taking",
    "too early to tell",  # a recent one-time treatment (a transplant, a CAR-T infusion)
)
SEVERITIES = ("none", "mild", "moderate", "severe")  # "" is not rated
COURSES = ("new", "ongoing")  # a symptom new since the last visit, or going on from before; "" not said


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
class Effect:
    """A bad effect of a treatment: the person's words, and the content symptom they describe ("" if none)."""

    name: str
    id: str = ""
    extra: dict = _extra()


@dataclass
class Treatment:
    name: str  # as the person typed it or as the content spells it
    kind: str = ""  # "drug", "regimen", "combination" (drugs that make no regimen) or "" (own words, as typed)
    ref: str = ""  # content id of the drug or regimen
    drugs: list[str] = field(default_factory=list)  # drug ids
    started: str = ""  # ISO date, month or year; the date of a one-time event
    stopped: str = ""
    outcome: str = ""  # one of OUTCOMES, or ""
    reason: str = ""  # the person's own words on how it went or why it stopped ("repeated infections")
    bad_effects: list[Effect] = field(default_factory=list)
    one_time: bool = False  # a transplant or a CAR-T infusion: one date, no stop
    planned: bool = False  # decided at a visit, to start on ``started``: not given until the next visit says so
    said: str = ""  # the line it was read from, when it says more than its name
    extra: dict = _extra()

    @property
    def ongoing(self) -> bool:
        """Taken now: started (not only planned), not one-time, not stopped, not said to have ended."""
        return (
            not self.planned
            and not self.one_time
            and not self.stopped
            and self.outcome in ("", "still taking")
        )

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
    severity: str = ""  # one of SEVERITIES, or "" when not rated
    note: str = ""
    said: str = ""  # the words it was read from, when they differ from the name
    detail: str = ""  # what the words added, like "temperature 38.5 C"
    since: str = ""  # ISO date, month or year it began, when said
    course: str = ""  # one of COURSES, or "" when not said
    extra: dict = _extra()


@dataclass
class LabValue:
    test: str
    value: str  # the number as plain text ("1.2", "<0.1"), or the words of a text result ("negative")
    unit: str = ""
    date: str = ""  # ISO date, or a month (2026-09) when only the month was given
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
class Change:
    """A treatment stopped or changed at a visit: its name as listed, from when, and why (the person's words, or
    one of OUTCOMES for a stop)."""

    name: str
    date: str = ""  # ISO date, month or year; "" is the visit's day
    reason: str = ""
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
    stop: list[Change] = field(default_factory=list)  # treatments stopped at this visit, when and why
    start: list[Treatment] = field(default_factory=list)  # treatments to start: on a later day, planned
    change: list[Change] = field(default_factory=list)  # treatments that go on, changed (a lower dose...)
    medicines: list[str] = field(default_factory=list)  # other medicines to start (IVIG, acyclovir, loperamide)
    watch: list[Effect] = field(default_factory=list)  # bad effects to watch for, as the care team said
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
