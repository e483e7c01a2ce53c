"""The parts of a questionnaire: the context every reader gets (``Ctx``), the kinds of answer (how each is
read and shown), fields, steps and questionnaires."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rrmm_prep import errors
from rrmm_prep.content.records import Content, normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.model.visit import AfterVisit, Visit
from rrmm_prep.read import choices, dates, numbers
from rrmm_prep.read.choices import NONE_WORDS, Option

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
        from rrmm_prep.content.lookup import Index

        return Index(self.content)

    @cached_property
    def symptom_reader(self):
        from rrmm_prep.read.symptoms import Reader

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


class Kind:
    """How a field is asked and read. Scalar kinds read one text with ``read``; list kinds are read item by
    item by the drivers, with the item readers below."""

    shape = "text"  # in an answers file: "text", "list" or "map"

    def read(self, ctx: Ctx, text: str) -> Any:
        return clean(text)

    def show(self, ctx: Ctx, value: Any) -> str:
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Text(Kind):
    multiline: bool = False

    def read(self, ctx: Ctx, text: str) -> str:
        return clean(text, one_line=not self.multiline)


@dataclass(frozen=True)
class Phone(Kind):
    def read(self, ctx: Ctx, text: str) -> str:
        return numbers.read_phone(clean(text))


@dataclass(frozen=True)
class Date(Kind):
    """A date: ``direction`` says where a date without a year points; ``partial`` allows a month or a year;
    ``with_time`` reads a time too ("next tuesday 10:30") and its value is (date, time)."""

    direction: str = dates.FUTURE
    partial: bool = False
    with_time: bool = False
    weekday: bool = True  # said back with its weekday (not for a date of birth)

    def read(self, ctx: Ctx, text: str):
        text = clean(text)
        if not text:
            return ("", "") if self.with_time else ""
        try:
            if self.with_time:
                day, time = dates.read_date_time(text, ctx.today, self.direction)
                return (day.isoformat() if day else None, time)
            if self.partial:
                return dates.read_when(text, ctx.today, self.direction).iso
            return dates.read_date(text, ctx.today, self.direction).isoformat()
        except errors.DateError as err:
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
            return dates.read_time(clean(text))
        except errors.DateError as err:
            raise Unreadable(str(err)) from None


@dataclass(frozen=True)
class Choices(Kind):
    """Offered options (by number or words) and, with ``own_words``, the person's own words."""

    options: Callable[[Ctx], list[Option]] = lambda ctx: []
    several: bool = True
    own_words: bool = True
    shape: str = "list"

    def read(self, ctx: Ctx, text: str) -> list[choices.Picked]:
        return choices.read_choices(clean(text), self.options(ctx), self.several, self.own_words)

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(p.text for p in value)


@dataclass(frozen=True)
class Items(Kind):
    """A list of the person's own items (health problems, medicines, next steps)."""

    noun: str = "item"
    shape: str = "list"
    none_is: str = ""  # what "no" or "none" is kept as ("none" for allergies: asked, and there are none)

    def read(self, ctx: Ctx, text: str) -> list[str]:
        return self.settle(choices.read_items(clean(text)))

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
        raw = normalize(clean(text))
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
