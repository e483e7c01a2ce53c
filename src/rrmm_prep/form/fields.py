"""The new-visit, after-visit and about-me questionnaires, defined once: named steps of fields.

A field has a key (its place in an answers file: ``visit.date``, ``about_me.name``), the walk's label and help,
a kind (how it is asked and read), where its value lives in the Visit (``get``/``put``), and whether the quick
path asks it (what is carried forward from the last visit is defaults.carry_forward). The walk (walk.py), answers files
(answers_file.py) and ``--no-input`` all run these definitions, and every answer goes through the readers
here (or in readers.py, dates.py, symptoms.py), so a typed answer and a file answer can never be read two ways.
Adding a field is one entry here, plus the summary that shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rrmm_prep import dates, readers
from rrmm_prep.content import Content, normalize
from rrmm_prep.readers import Option, Unreadable
from rrmm_prep.visit import OUTCOMES, AboutMe, AfterVisit, LabValue, SymptomReport, Treatment, Visit

MAX_FIRST = 3
FULL, QUICK = "full", "quick"


@dataclass
class Ctx:
    """What every reader and driver needs: the content, the visit being filled in, the day it is, the last
    visit (for carried values), and the path (full or quick)."""

    content: Content
    visit: Visit
    today: dt.date = field(default_factory=lambda: dates.current_date())
    last: Visit | None = None
    mode: str = FULL
    chosen: set[str] = field(
        default_factory=set
    )  # keys of fields the person answered (not left to a default)

    @cached_property
    def index(self):
        from rrmm_prep.lookup import Index

        return Index(self.content)

    @cached_property
    def symptom_reader(self):
        from rrmm_prep.symptoms import Reader

        return Reader(self.content.symptoms)

    @property
    def after(self) -> AfterVisit:
        if self.visit.after is None:
            self.visit.after = AfterVisit()
        return self.visit.after

    @property
    def visit_day(self) -> dt.date:
        try:
            return dt.date.fromisoformat(self.visit.info.date)
        except ValueError:
            return self.today

    @property
    def past_day(self) -> dt.date:
        """The day answers about the past are read from (a lab "last week", a treatment "since march", a result
        without a date): today, or the visit's day when that has passed (a past visit's results and history
        came before it)."""
        return min(self.today, self.visit_day)


# ------------------------------------------------------------------------------------------------ kinds


class Kind:
    """How a field is asked and read. Scalar kinds read one text with ``read``; list kinds are read item by
    item by the drivers, with the item readers below."""

    shape = "text"  # in an answers file: "text", "list" or "map"

    def read(self, ctx: Ctx, text: str) -> Any:
        return readers_clean(text)

    def show(self, ctx: Ctx, value: Any) -> str:
        return value if isinstance(value, str) else ""


def readers_clean(text: str, one_line: bool = True) -> str:
    from rrmm_prep.controls import clean

    return clean(text, one_line)


@dataclass(frozen=True)
class Text(Kind):
    multiline: bool = False

    def read(self, ctx: Ctx, text: str) -> str:
        return readers_clean(text, one_line=not self.multiline)


@dataclass(frozen=True)
class Phone(Kind):
    def read(self, ctx: Ctx, text: str) -> str:
        return readers.read_phone(readers_clean(text))


@dataclass(frozen=True)
class Date(Kind):
    """A date: ``direction`` says where a date without a year points; ``partial`` allows a month or a year;
    ``with_time`` reads a time too ("next tuesday 10:30") and its value is (date, time)."""

    direction: str = dates.FUTURE
    partial: bool = False
    with_time: bool = False
    weekday: bool = True  # said back with its weekday (not for a date of birth)

    def read(self, ctx: Ctx, text: str):
        text = readers_clean(text)
        if not text:
            return ("", "") if self.with_time else ""
        try:
            if self.with_time:
                day, time = dates.read_date_time(text, ctx.today, self.direction)
                return (day.isoformat() if day else None, time)
            if self.partial:
                return dates.read_when(text, ctx.today, self.direction).iso
            return dates.read_date(text, ctx.today, self.direction).isoformat()
        except dates.DateError as err:
            raise Unreadable(str(err)) from None

    def show(self, ctx: Ctx, value) -> str:
        if self.with_time:
            day, time = value
            return (dates.say(day) if day else "") + (f" at {time}" if time else "")
        return dates.say(value, self.weekday) if value else ""


@dataclass(frozen=True)
class Time(Kind):
    def read(self, ctx: Ctx, text: str) -> str:
        try:
            return dates.read_time(readers_clean(text))
        except dates.DateError as err:
            raise Unreadable(str(err)) from None


@dataclass(frozen=True)
class Choices(Kind):
    """Offered options (by number or words) and, with ``own_words``, the person's own words."""

    options: Callable[[Ctx], list[Option]] = lambda ctx: []
    several: bool = True
    own_words: bool = True
    shape: str = "list"

    def read(self, ctx: Ctx, text: str) -> list[readers.Picked]:
        return readers.read_choices(readers_clean(text), self.options(ctx), self.several, self.own_words)

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(p.text for p in value)


NONE_WORDS = frozenset(
    normalize(w)
    for w in (
        "no",
        "none",
        "nope",
        "nothing",
        "not any",
        "n/a",
        "na",
        "no allergies",
        "nka",
        "nkda",
        "none known",
    )
)


@dataclass(frozen=True)
class Items(Kind):
    """A list of the person's own items (health problems, medicines, next steps)."""

    noun: str = "item"
    shape: str = "list"
    none_is: str = ""  # what "no" or "none" is kept as ("none" for allergies: asked, and there are none)

    def read(self, ctx: Ctx, text: str) -> list[str]:
        return self.settle(readers.read_items(readers_clean(text)))

    def settle(self, items: list[str]) -> list[str]:
        """A list that only says "no" or "none" is none (kept as ``none_is`` where that is worth saying)."""
        items = [i for i in items if i]
        if len(items) == 1 and normalize(items[0]) in NONE_WORDS:
            return [self.none_is] if self.none_is else []
        return items

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(value)


@dataclass(frozen=True)
class Mode(Kind):
    def read(self, ctx: Ctx, text: str) -> str:
        raw = normalize(readers_clean(text))
        if raw in ("", "q", "quick", "1", "short", "fast"):
            return QUICK
        if raw in ("f", "full", "2", "long", "all", "everything"):
            return FULL
        raise Unreadable("Please type quick or full (or 1 or 2), or press Enter for quick.")


class Treatments(Kind):
    shape = "list"


class Symptoms(Kind):
    shape = "list"


class Labs(Kind):
    shape = "list"


class Questions(Kind):
    """The questions to ask: content questions ticked by id (``questions``) and the person's own
    (``my_questions``). Read item by item by the drivers."""

    shape = "list"


class AskFirst(Kind):
    shape = "list"


class Answers(Kind):
    shape = "map"


class Stop(Kind):
    """Treatments stopped at the visit: picked among the ongoing ones."""

    shape = "list"


class Start(Kind):
    """Treatments started at the visit: names read like the treatments step."""

    shape = "list"


# ------------------------------------------------------------------------------------------------ fields


@dataclass(frozen=True)
class Field:
    key: str  # its place in an answers file; dots nest ("visit.date")
    label: str  # the walk's prompt
    kind: Kind
    get: Callable[[Ctx], Any]
    put: Callable[[Ctx, Any], None]
    help: str = ""  # a line above the prompt in the walk, and the comment in the answers template
    example: str = ""  # an example value for the template
    quick: bool = False  # asked on the quick path too
    walk: bool = True  # asked in the walk (False: answers files only)
    when: Callable[[Ctx], bool] | None = None  # asked in the walk only when this holds


@dataclass(frozen=True)
class Step:
    name: str  # stable: drafts record it, so a reordered walk resumes at the right step
    title: str
    fields: tuple[Field, ...]
    when: Callable[[Ctx], bool] | None = None  # the walk runs the step only when this holds

    def quick(self) -> bool:
        return any(f.quick for f in self.fields)


@dataclass(frozen=True)
class Questionnaire:
    name: str
    steps: tuple[Step, ...]
    covers: str = ""  # for the welcome screen

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    @property
    def fields(self) -> list[Field]:
        return [f for s in self.steps for f in s.fields]


# ------------------------------------------------------------------------------------------------ item readers
# Shared by the walk and answers files: one piece of typed text -> one value.


def reason_options(ctx: Ctx) -> list[Option]:
    return [Option(r.id, r.label, r.aliases) for r in ctx.content.visit_reasons]


def daily_options(ctx: Ctx) -> list[Option]:
    return [Option(c.id, c.text) for c in ctx.content.daily_life]


def goal_options(ctx: Ctx) -> list[Option]:
    return [Option(g.id, g.text) for g in ctx.content.goals]


OUTCOME_OPTIONS = [
    Option("worked", "worked", ("it worked", "good", "went well", "well", "remission", "responded")),
    Option(
        "stopped working",
        "stopped working",
        (
            "stopped",
            "relapsed",
            "relapse",
            "came back",
            "quit working",
            "progressed",
            "not working",
            "failed",
            "never worked",
            "did not work",
            "didn't work",
            "didnt work",
            "did not respond",
            "no response",
        ),
    ),
    Option(
        "stopped for side effects",
        "stopped for side effects",
        ("side effects", "side effect", "too many side effects", "could not take it", "toxicity"),
    ),
    Option(
        "finished as planned", "finished as planned", ("finished", "done", "completed", "course finished")
    ),
    Option("still taking", "still taking", ("still on it", "ongoing", "current", "still", "taking it now")),
]
assert [o.id for o in OUTCOME_OPTIONS] == list(OUTCOMES)
# Inside a sentence, single everyday words say too little ("stopped because of side effects" is not "stopped
# working"); they count only as the whole answer.
_TOO_PLAIN = frozenset(["stopped", "still", "done", "well", "good", "current"])
OUTCOMES_IN_WORDS = [
    Option(o.id, o.label, tuple(a for a in o.aliases if a not in _TOO_PLAIN)) for o in OUTCOME_OPTIONS
]


def read_outcome(text: str) -> str:
    """A number, an option's words, or a sentence that says one ("it worked for a while"). Raises Unreadable,
    naming the choices, when it says none or more than one."""
    clean = readers_clean(text)
    try:
        picked = readers.read_choice(clean, OUTCOME_OPTIONS, own_words=False)
    except readers.Unreadable:
        said = readers.options_in(clean, OUTCOMES_IN_WORDS) or readers.close_option(clean, OUTCOME_OPTIONS)
        if len(said) == 1:
            return said[0].id
        if said:
            ids = [o.id for o in OUTCOME_OPTIONS]
            which = " or ".join(f"{ids.index(o.id) + 1} ({o.label})" for o in said)
            raise readers.Unreadable(f"Which is it: {which}? Type its number.") from None
        raise
    return picked.id if picked else ""


@dataclass(frozen=True)
class Resolved:
    """What a typed treatment name was read as. ``status``: "found" (``treatment``), "clear" (one close name,
    ``clear``), "unclear" (``options``), "group" (a class: ``options`` are its drugs) or "own" (no match)."""

    status: str
    treatment: Treatment | None = None
    clear: str = ""
    options: tuple[str, ...] = ()


def resolve_treatment(ctx: Ctx, name: str) -> Resolved:
    from rrmm_prep.errors import NotFoundError

    name = readers_clean(name)
    try:
        match = ctx.index.find(name)
    except NotFoundError:
        clear = ctx.index.clear_match(name)
        if clear:
            return Resolved("clear", clear=clear)
        options = tuple(ctx.index.suggestions(name))
        return Resolved("unclear" if options else "own", treatment=Treatment(name=name), options=options)
    if match.kind == "class" and len(match.drugs) == 1:  # a class of one ("transplant") is that one
        match = ctx.index.find(match.drugs[0].name)
    if match.kind == "drug" and match.drug:
        d = match.drug
        # The person's own name for it, in the drug's own spelling when it is one ("revlimid" -> "Revlimid").
        spelled = next((n for n in (d.name, *d.brands, *d.aliases) if normalize(n) == normalize(name)), name)
        return Resolved(
            "found", Treatment(name=spelled, kind="drug", ref=d.id, drugs=[d.id], one_time=d.one_time)
        )
    if match.kind == "regimen" and match.regimen:
        return Resolved(
            "found",
            Treatment(
                name=match.regimen.abbreviation,
                kind="regimen",
                ref=match.regimen.id,
                drugs=[d.id for d in match.drugs],
            ),
        )
    return Resolved("group", treatment=Treatment(name=name), options=tuple(d.name for d in match.drugs))


def starting_at_visit(ctx: Ctx, t: Treatment) -> Treatment:
    """A treatment started at the visit (after-visit): dated the visit's day; how it goes is for next time."""
    t.started = t.started or ctx.visit.info.date
    t.stopped, t.outcome = "", ""
    return t


def set_when(ctx: Ctx, t: Treatment, text: str) -> None:
    """A treatment's dates from one answer: a span ("2022 to 2023", "since 2024") or, for a one-time event, its
    date. Raises Unreadable."""
    text = readers_clean(text)
    try:
        if t.one_time:
            t.started = read_treatment_date(ctx, text)
            t.stopped, t.outcome = "", t.outcome if t.outcome != "still taking" else ""
            return
        span = dates.read_span(text, ctx.past_day)
    except dates.DateError as err:
        raise Unreadable(str(err)) from None
    t.started = span.started.iso if span.started else ""
    t.stopped = span.stopped.iso if span.stopped else ""
    if span.ongoing:
        t.outcome = "still taking"
    elif t.stopped and t.outcome == "still taking":
        t.outcome = ""


def read_lab_date(ctx: Ctx, text: str) -> str:
    """The day a test was done ("11/20", "last week"), read from ``past_day``; blank is that day. Raises
    Unreadable."""
    text = readers_clean(text)
    try:
        return (
            dates.read_date(text, ctx.past_day, dates.PAST).isoformat() if text else ctx.past_day.isoformat()
        )
    except dates.DateError as err:
        raise Unreadable(str(err)) from None


def read_treatment_date(ctx: Ctx, text: str) -> str:
    """One date of a treatment (when it started, stopped, or a one-time event's), as precise as given, read from
    the visit's day (a treatment "in december" before a January visit is last December). Raises Unreadable."""
    text = readers_clean(text)
    try:
        return dates.read_when(text, ctx.past_day, dates.PAST).iso if text else ""
    except dates.DateError as err:
        raise Unreadable(str(err)) from None


def effect_options(ctx: Ctx, t: Treatment) -> list[str]:
    out: dict[str, None] = {}
    for d in t.drugs:
        drug = ctx.content.drug_by_id.get(d)
        for effect in drug.side_effects if drug else ():
            out.setdefault(effect, None)
    return list(out)[:12]


def read_effects(ctx: Ctx, t: Treatment, text: str) -> list[str]:
    """Bad effects of a treatment: numbers of its known side effects, and own words; "no" or "none" is none."""
    text = readers_clean(text)
    if normalize(text) in NONE_WORDS:
        return []
    options = [Option(e, e) for e in effect_options(ctx, t)]
    return [p.text for p in readers.read_choices(text, options, several=True, own_words=True)]


def read_symptoms(ctx: Ctx, text: str):
    """Text -> the symptom reader's Reading (every symptom the words describe, and own words)."""
    return ctx.symptom_reader.read(readers_clean(text))


def reports_from(ctx: Ctx, reading, old: list[SymptomReport] | None = None) -> list[SymptomReport]:
    """A Reading as symptom reports, keeping the severity and note of any already reported."""
    old = old or []
    by_key = {(r.id or normalize(r.name)): r for r in old}
    out: list[SymptomReport] = []
    for f in reading.found:
        if f.symptom_id:
            symptom = ctx.content.symptom_by_id[f.symptom_id]
            name = symptom.label
            said = "" if f.number is not None or _adds_nothing(f.said, symptom) else f.said
        else:
            name, said = f.said, ""
        key = f.symptom_id or normalize(name)
        prev = by_key.get(key)
        report = SymptomReport(
            name=name,
            id=f.symptom_id,
            severity=(prev.severity if prev else "") or f.severity or DEFAULT_SEVERITY,
            note=prev.note if prev else "",
            said=said or (prev.said if prev else ""),
            detail=f.detail or (prev.detail if prev else ""),
        )
        out.append(report)
    return out


_FILLER = frozenset(
    ["a", "the", "my", "i", "have", "had", "some", "am", "im", "feel", "feeling", "very", "been"]
)


def _adds_nothing(said: str, symptom) -> bool:
    """Words that only name the symptom ("tiredness" or "tired" for "tiredness or low energy") are not worth
    keeping as a note: they are its label's words, or one of the words people use for it."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"[a-z]+", text.casefold().replace("'", ""))) - _FILLER

    typed = words(said)
    if typed <= words(symptom.label):
        return True
    return any(typed == words(p) for p in symptom.phrases)


DEFAULT_SEVERITY = "mild"  # what Enter gives at "how bad is it", and what a file without a severity gets


def show_reading(ctx: Ctx, reading) -> str:
    parts = []
    for f in reading.found:
        if f.symptom_id:
            label = ctx.content.symptom_by_id[f.symptom_id].label
            parts.append(label + (f" ({f.detail})" if f.detail else ""))
        else:
            parts.append(f"your own words: {f.said}")
    return "; ".join(parts)


@dataclass(frozen=True)
class LabEntry:
    test: str  # the test as the content names it, or as typed
    test_id: str
    value: str  # plain number text, or the words kept as typed
    unit: str
    date: str = ""


def read_lab_line(ctx: Ctx, text: str) -> LabEntry:
    """ "kappa 85.2 mg/L", "M-protein 1,2 g/dL on 11/20": test, value, unit and (optional) date. Raises
    Unreadable (or readers.Ambiguous for "1,200")."""

    raw = readers_clean(text)
    date = ""
    m = re.search(r"\s+(?:on|from|dated)\s+(.+)$", raw)
    if m:
        try:
            date = dates.read_date(m.group(1), ctx.past_day, dates.PAST).isoformat()
            raw = raw[: m.start()]
        except dates.DateError:
            pass
    reading = readers.read_lab(raw)
    return lab_entry(ctx, reading.test, reading.value, reading.unit, date)


def lab_entry(ctx: Ctx, test: str, value: str, unit: str, date: str = "") -> LabEntry:
    from rrmm_prep import trends

    found = trends.find_test(ctx.content, test) if test else None
    if found and unit:  # a usual unit typed in another case is that unit ("mg/l" -> "mg/L")
        unit = next((u for u in found.units if u.casefold() == unit.casefold()), unit)
    return LabEntry(found.name if found else test, found.id if found else "", value, unit, date)


def lab_unit_problem(ctx: Ctx, entry: LabEntry) -> str | None:
    from rrmm_prep import trends

    return trends.unit_problem(ctx.content, entry.test, entry.unit)


def usual_units(ctx: Ctx, entry: LabEntry) -> tuple[str, ...]:
    test = next((t for t in ctx.content.lab_tests if t.id == entry.test_id), None)
    return test.units if test else ()


def to_lab(entry: LabEntry, date: str, as_typed: bool = False) -> LabValue:
    return LabValue(
        test=entry.test, value=entry.value, unit=entry.unit, date=date, id=entry.test_id, as_typed=as_typed
    )


# ---------------------------------------------------------------- picks from a list on the screen

ALL_WORDS = frozenset(normalize(w) for w in ("all", "all of them", "every one", "everything", "all of it"))


def read_picks(
    text: str, count: int, names: dict[str, int] | None = None, allow_all: bool = False
) -> list[int]:
    """Places (1-based) in a list of ``count`` shown with numbers, as people answer: "1 3 5", "1, 3 and 5", the
    items' own words (``names``: normalized words -> place), "none" or "-" for none, and "all" with
    ``allow_all``. In the order given, each once. Raises Unreadable naming what is not on the list."""
    clean = readers_clean(text).strip()
    if not clean or clean == "-" or normalize(clean) in NONE_WORDS:
        return []
    if allow_all and normalize(clean) in ALL_WORDS:
        return list(range(1, count + 1))
    picks: list[int] = []
    for part in re.split(r"\s*(?:[,;&+]|\band\b)\s*", clean, flags=re.IGNORECASE):
        if not part:
            continue
        if re.fullmatch(r"\d+(?:\s+\d+)*", part):
            numbers = [int(n) for n in part.split()]
        elif names and normalize(part) in names:
            numbers = [names[normalize(part)]]
        else:
            raise Unreadable(f"'{part}' is not on the list. Type the numbers (1 to {count}), or Enter.")
        for n in numbers:
            if not 1 <= n <= count:
                raise Unreadable(f"{n} is not on the list. Type numbers from 1 to {count}, or Enter.")
            picks.append(n)
    return list(dict.fromkeys(picks))


def stop_names(ctx: Ctx) -> dict[str, int]:
    """The words that name a treatment still going (its place in that list): the name it was given, and for a
    single drug its generic name, brands and aliases ("daratumumab" for "Darzalex")."""
    ongoing = [t for t in ctx.visit.treatments if t.ongoing]
    names: dict[str, int] = {}
    for i, t in enumerate(ongoing, 1):
        names.setdefault(normalize(t.name), i)
        d = ctx.content.drug_by_id.get(t.ref) if t.kind == "drug" else None
        for n in (d.name, *d.brands, *d.aliases) if d else ():
            names.setdefault(normalize(n), i)
    return names


def read_stop(ctx: Ctx, text: str) -> list[str]:
    """The treatments that stopped, by number in the list of those still going, or by name."""
    ongoing = [t for t in ctx.visit.treatments if t.ongoing]
    return [ongoing[n - 1].name for n in read_picks(text, len(ongoing), stop_names(ctx))]


def question_names(visit: Visit) -> dict[str, int]:
    """A question's id or its whole text -> its place in the visit's list."""
    names: dict[str, int] = {}
    for i, q in enumerate(visit.questions, 1):
        for n in (q.id, q.text):
            if n:
                names.setdefault(normalize(n), i)
    return names


def read_first(visit: Visit, text: str) -> list[int]:
    """The questions to ask first (indexes): numbers, ids or texts; three at most."""
    picks = read_picks(text, len(visit.questions), question_names(visit))
    if len(picks) > MAX_FIRST:
        raise Unreadable("Please pick three at most.")
    return [p - 1 for p in picks]


# ---------------------------------------------------------------- questions


def catalog(ctx: Ctx) -> list:
    """Every content question in topic order: its number in the walk is its place here (1-based)."""
    return [q for t in ctx.content.topics for q in t.questions]


def settle_questions(ctx: Ctx, ticked: list[str] | None = None) -> None:
    """Put the content questions ``ticked`` (default: the default set and the suggested ones) after the
    person's own questions, in topic order, each with the reason it was suggested."""
    from rrmm_prep import rules
    from rrmm_prep.visit import QuestionItem

    v = ctx.visit
    suggested = rules.suggestions(ctx.content, v)
    if ticked is None:
        ticked = default_question_ids(ctx)
    own = [q for q in v.questions if not q.id]
    answers = {q.id: q.answer for q in v.questions if q.id}
    chosen = [
        QuestionItem(
            text=q.text,
            id=q.id,
            topic=q.topic_id,
            why_suggested=suggested.get(q.id, ""),
            answer=answers.get(q.id, ""),
        )
        for q in catalog(ctx)
        if q.id in ticked
    ]
    old_first = [v.questions[i].text for i in v.ask_first if 0 <= i < len(v.questions)]
    v.questions = [*own, *chosen]
    v.ask_first = [i for i, q in enumerate(v.questions) if q.text in old_first][:MAX_FIRST]


MAX_TICKED = 12  # content questions on the list before the person changes it: a list one can read


def default_question_ids(ctx: Ctx) -> list[str]:
    """The questions ticked before the person changes anything, at most MAX_TICKED, in topic order: first the
    ones suggested by the person's own drugs, symptoms or words, and the default ones the visit's reasons
    suggest too; then the others the reasons or history suggest; then the rest of the default set. The others
    suggested are offered in the walk, a number away."""
    from rrmm_prep import rules

    suggested = rules.suggestions(ctx.content, ctx.visit)
    personal = rules.personal_suggestions(ctx.content, ctx.visit)

    def score(q) -> int:
        if q.id in personal or (q.default and q.id in suggested):
            return 3
        if q.id in suggested:
            return 2
        return 1 if q.default else 0

    ranked = sorted((q for q in catalog(ctx) if score(q)), key=lambda q: -score(q))  # stable: topic order
    chosen = {q.id for q in ranked[:MAX_TICKED]}
    return [q.id for q in catalog(ctx) if q.id in chosen]


def default_first(visit: Visit) -> list[int]:
    return list(range(min(MAX_FIRST, len(visit.questions))))


# ------------------------------------------------------------------------------------------------ helpers


def _about(ctx: Ctx) -> AboutMe:
    return ctx.visit.about


def _set(obj_of: Callable[[Ctx], Any], name: str) -> Callable[[Ctx, Any], None]:
    def put(ctx: Ctx, value: Any) -> None:
        setattr(obj_of(ctx), name, value)

    return put


def _get(obj_of: Callable[[Ctx], Any], name: str) -> Callable[[Ctx], Any]:
    return lambda ctx: getattr(obj_of(ctx), name)


def _info(ctx: Ctx):
    return ctx.visit.info


def _visit(ctx: Ctx):
    return ctx.visit


def _after(ctx: Ctx):
    return ctx.after


def _put_when(ctx: Ctx, value) -> None:
    day, time = value
    if day:
        ctx.visit.info.date = day
    if time:
        ctx.visit.info.time = time


def _put_next_visit(ctx: Ctx, value) -> None:
    day, time = value
    if day:
        ctx.after.next_visit = day
    if time:
        ctx.after.next_visit_time = time
    if not day and not time:
        ctx.after.next_visit, ctx.after.next_visit_time = "", ""


def _put_reasons(ctx: Ctx, picked: list[readers.Picked]) -> None:
    ctx.visit.info.reasons = [p.text for p in picked]
    ctx.visit.info.reason_ids = [p.id for p in picked if p.id]


def _get_reasons(ctx: Ctx) -> list[readers.Picked]:
    info = ctx.visit.info
    by_label = {r.label: r.id for r in ctx.content.visit_reasons}
    return [readers.Picked(by_label.get(text, ""), text) for text in info.reasons]


def _put_daily(ctx: Ctx, picked: list[readers.Picked]) -> None:
    ctx.visit.daily_life = picked[0].text if picked else ""


def _get_daily(ctx: Ctx) -> list[readers.Picked]:
    return [readers.Picked("", ctx.visit.daily_life)] if ctx.visit.daily_life else []


def _put_goals(ctx: Ctx, picked: list[readers.Picked]) -> None:
    ctx.visit.goals = [p.text for p in picked]


def _get_goals(ctx: Ctx) -> list[readers.Picked]:
    offered = {g.text: g.id for g in ctx.content.goals}
    return [readers.Picked(offered.get(g, ""), g) for g in ctx.visit.goals]


def _has_last(ctx: Ctx) -> bool:
    return ctx.last is not None


def _full(ctx: Ctx) -> bool:
    return ctx.mode == FULL


def about_unasked(ctx: Ctx) -> bool:
    """About me has not been filled in (an after-hours number after-visit recorded does not count): new-visit
    asks it as its first step."""
    a = ctx.visit.about
    return not any((a.name, a.born, a.myeloma_type, a.diagnosed, a.allergies))


# ------------------------------------------------------------------------------------------------ about me


def _about_field(name: str, label: str, kind: Kind, **kw) -> Field:
    """A field of about me (``about_me.<name>``): asked while about me is empty, on the quick path too."""
    return Field(f"about_me.{name}", label, kind, _get(_about, name), _set(_about, name), quick=True, **kw)


ABOUT_FIELDS = (
    _about_field(
        "name",
        "Your name (Enter to skip this part)",
        Text(),
        help="It goes at the top of the page for your doctor, and of the notes you share.",
        example="Robert Lee",
    ),
    _about_field(
        "born", "Date of birth (like 5/14/1955)", Date(dates.PAST, weekday=False), example="1955-05-14"
    ),
    _about_field(
        "myeloma_type",
        "Your type of myeloma, if you know it (like IgG kappa, or light chain)",
        Text(),
        example="IgG kappa",
    ),
    _about_field(
        "diagnosed",
        "When was the myeloma found? (like 2019, or march 2019)",
        Date(dates.PAST, partial=True),
        example="2019-03",
    ),
    _about_field(
        "allergies",
        "Allergies to medicines, commas between (Enter for none)",
        Items("allergy", none_is="none"),
        example="[penicillin]",
    ),
    _about_field(
        "after_hours",
        "Your care team's number for nights and weekends (Enter: not yet)",
        Phone(),
        help="It is shown with any call-now message, so it is there when you need it.",
        example="555-0100",
    ),
)

ABOUT = Questionnaire("about", (Step("about", "About you", ABOUT_FIELDS),), covers="you")

# ------------------------------------------------------------------------------------------------ new-visit

VISIT_FIELDS = (
    Field(
        "visit.date",
        "When is the visit?",
        Date(dates.FUTURE, with_time=True),
        lambda ctx: (ctx.visit.info.date, ctx.visit.info.time),
        _put_when,
        help="A day, and a time if you know it: like next tuesday 10:30, or dec 3.",
        example="2026-12-03",
        quick=True,
    ),
    Field(
        "visit.mode",
        "Quick (about 10 questions: only what changed) or full?",
        Mode(),
        lambda ctx: ctx.mode,
        lambda ctx, value: setattr(ctx, "mode", value),
        help="Quick keeps your treatments, health problems, medicines and goals from last time.",
        quick=True,
        when=_has_last,
    ),
    Field(
        "visit.time",
        "What time? (like 10:30 or 2pm; Enter to skip)",
        Time(),
        _get(_info, "time"),
        _set(_info, "time"),
        example="10:30",
        walk=False,
    ),
    Field(
        "visit.with",
        "Who is the visit with? (doctor or nurse)",
        Text(),
        _get(_info, "clinician"),
        _set(_info, "clinician"),
        example="Dr. Rivera, hematology",
    ),
    Field(
        "visit.place",
        "Where? (clinic or hospital)",
        Text(),
        _get(_info, "place"),
        _set(_info, "place"),
        example="Riverside Cancer Center",
    ),
    Field(
        "visit.reason",
        "What is the visit for? Numbers or your own words (several are fine)",
        Choices(reason_options),
        _get_reasons,
        _put_reasons,
        example="choosing a new treatment",
        quick=True,
    ),
    Field(
        "visit.companion",
        "Who is coming with you? (Enter if no one)",
        Text(),
        _get(_info, "companion"),
        _set(_info, "companion"),
        example="Anna (my daughter)",
    ),
)

NEW_VISIT = Questionnaire(
    "new-visit",
    (
        Step("about", "About you", ABOUT_FIELDS, when=about_unasked),
        Step("visit", "The visit", VISIT_FIELDS),
        Step(
            "treatments",
            "Treatments so far",
            (
                Field(
                    "treatments",
                    "Which myeloma treatments have you had? Names, commas between",
                    Treatments(),
                    _get(_visit, "treatments"),
                    _set(_visit, "treatments"),
                    help="A drug, a brand or a combination: like VRd, transplant, Revlimid, DPd.",
                ),
            ),
        ),
        Step(
            "symptoms",
            "How you have been",
            (
                Field(
                    "symptoms",
                    "Which have you had? Numbers, or your own words",
                    Symptoms(),
                    _get(_visit, "symptoms"),
                    _set(_visit, "symptoms"),
                    quick=True,
                ),
                Field(
                    "daily_life",
                    "How much can you do day to day? A number, or your own words",
                    Choices(daily_options, several=False),
                    _get_daily,
                    _put_daily,
                    help="Your doctor weighs this when choosing a treatment.",
                ),
            ),
        ),
        Step(
            "health",
            "Other health problems and medicines",
            (
                Field(
                    "health_problems",
                    "Other health problems? Commas between",
                    Items("health problem"),
                    _get(_visit, "health_problems"),
                    _set(_visit, "health_problems"),
                    help="Your doctor weighs them when choosing a treatment: like diabetes, high blood pressure.",
                    example="[type 2 diabetes, high blood pressure]",
                ),
                Field(
                    "medicines",
                    "Medicines you take now? Commas between",
                    Items("medicine"),
                    _get(_visit, "medicines"),
                    _set(_visit, "medicines"),
                    help="With the dose if you know it: like metformin 500 mg twice a day.",
                    example="[metformin 500 mg twice a day]",
                ),
            ),
        ),
        Step(
            "goals",
            "Your goals",
            (
                Field(
                    "goals",
                    "What matters most to you? Numbers, and your own words",
                    Choices(goal_options),
                    _get_goals,
                    _put_goals,
                    example="[Stay able to look after myself, my granddaughter's wedding in June]",
                ),
            ),
        ),
        Step(
            "labs",
            "Lab results you have",
            (
                Field(
                    "labs",
                    "A result, like kappa 85.2 mg/L",
                    Labs(),
                    _get(_visit, "labs"),
                    _set(_visit, "labs"),
                    quick=True,
                ),
            ),
        ),
        Step(
            "questions",
            "Your questions",
            (
                Field(
                    "questions",
                    "Your change",
                    Questions(),
                    _get(_visit, "questions"),
                    _set(_visit, "questions"),
                    quick=True,
                ),
                Field(
                    "ask_first",
                    "Which three to ask first?",
                    AskFirst(),
                    _get(_visit, "ask_first"),
                    _set(_visit, "ask_first"),
                    quick=True,
                ),
            ),
        ),
        Step(
            "notes",
            "Anything else",
            (
                Field(
                    "notes",
                    "Anything else to tell your doctor or to remember (Enter to skip)",
                    Text(multiline=True),
                    _get(_visit, "notes"),
                    _set(_visit, "notes"),
                    example="My sister can drive me on Tuesdays.",
                ),
                Field(
                    "private_notes",
                    "A private note, left out of what you print or share (Enter to skip)",
                    Text(multiline=True),
                    _get(_visit, "private_notes"),
                    _set(_visit, "private_notes"),
                ),
                Field(
                    "ready",
                    "Before you go: which have you done already?",
                    Choices(
                        lambda ctx: [Option(c.id, c.text) for c in ctx.content.before_you_go], own_words=False
                    ),
                    lambda ctx: [
                        readers.Picked(c.id, c.text)
                        for c in ctx.content.before_you_go
                        if c.id in ctx.visit.ready
                    ],
                    lambda ctx, picked: setattr(ctx.visit, "ready", [p.id for p in picked]),
                    walk=False,
                ),
            ),
        ),
    ),
    covers="the visit, your treatments so far, how you have been, other health problems and medicines, "
    "your goals, lab results and your questions",
)

# ------------------------------------------------------------------------------------------------ after-visit

AFTER_VISIT = Questionnaire(
    "after-visit",
    (
        Step(
            "answers",
            "Answers to your questions",
            (
                Field(
                    "answers",
                    "Which questions got an answer? Their numbers (like 1 3 5; Enter if none)",
                    Answers(),
                    lambda ctx: {n: q.answer for n, q in ctx.visit.numbered()},
                    lambda ctx, value: None,
                ),
            ),
        ),
        Step(
            "next",
            "What happens next",
            (
                Field(
                    "decisions",
                    "What was decided? (Enter to skip)",
                    Text(multiline=True),
                    _get(_after, "decisions"),
                    _set(_after, "decisions"),
                    example="Start teclistamab next month.",
                ),
                Field(
                    "treatment_changes.stop",
                    "Did a treatment stop? Its number or name (Enter if none)",
                    Stop(),
                    _get(_after, "stop"),
                    _set(_after, "stop"),
                    example="[DPd]",
                ),
                Field(
                    "treatment_changes.start",
                    "Is a new treatment starting? Its name (Enter if none)",
                    Start(),
                    _get(_after, "start"),
                    _set(_after, "start"),
                    example="[teclistamab]",
                ),
                Field(
                    "next_steps",
                    "Next steps and tests, commas between (like blood tests in two weeks)",
                    Items("next step"),
                    _get(_after, "next_steps"),
                    _set(_after, "next_steps"),
                    example="[PET/CT scan on December 10, blood tests every two weeks]",
                ),
                Field(
                    "next_visit",
                    "When is the next appointment? (like jan 7 at 2pm; Enter if not set)",
                    Date(dates.FUTURE, with_time=True),
                    lambda ctx: (ctx.after.next_visit, ctx.after.next_visit_time),
                    _put_next_visit,
                    example="2027-01-07",
                ),
                Field(
                    "contact.name",
                    "Who should you call with questions? (name and role)",
                    Text(),
                    _get(_after, "contact_name"),
                    _set(_after, "contact_name"),
                    example="Kim Park, nurse navigator",
                ),
                Field(
                    "contact.phone",
                    "Their phone number",
                    Phone(),
                    _get(_after, "contact_phone"),
                    _set(_after, "contact_phone"),
                    example="555-0142",
                ),
                Field(
                    "after_hours",
                    "The number to call at night and on weekends",
                    Phone(),
                    _get(_after, "after_hours"),
                    _set(_after, "after_hours"),
                    example="555-0100",
                ),
                Field(
                    "for_family",
                    "A short note for family (Enter to skip)",
                    Text(multiline=True),
                    _get(_after, "for_family"),
                    _set(_after, "for_family"),
                    example="Rides on Tuesdays would help.",
                ),
            ),
        ),
    ),
    covers="the answers you got, what was decided, what changes, the next appointment and whom to call",
)

QUESTIONNAIRES = {q.name: q for q in (NEW_VISIT, AFTER_VISIT, ABOUT)}
