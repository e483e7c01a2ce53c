"""The parts of a questionnaire: the context every reader gets (``Ctx``), the kinds of answer, fields, steps and
questionnaires.

A kind carries everything about one kind of answer, for every driver: ``read`` (typed text -> a value),
``show`` (a value in words, as the read-back and the review say it), ``ask`` (the walk: one prompt, or a few),
``load`` (an answers file: a value found under the field's key), ``review`` (the lines of the review screen)
and ``template`` (its lines in the answers template). The drivers only run fields; they never ask what kind a
field is, nor special-case one by its key. Compound answers (a treatment, a symptom, a lab result, a treatment
change) are kinds too, defined by their parts: see form/compound.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rrmm_prep import ui
from rrmm_prep.content import loader
from rrmm_prep.content.records import Content, normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.model.visit import AfterVisit, Visit
from rrmm_prep.read import choices, dates, numbers
from rrmm_prep.read.choices import NONE_WORDS, Option
from rrmm_prep.render.doc import Bullets, Columns, Doc, Para, Tasks

if TYPE_CHECKING:
    from rrmm_prep.form.walk import Walk

FULL, QUICK = "full", "quick"
CLEAR = "-"  # typed alone, clears a carried answer


@dataclass
class Ctx:
    """What every reader and driver needs: the content, the visit being filled in, the day it is, the last
    visit (for carried values), and the path (full or quick). ``read_as`` collects, from an answers file, each
    value read as something other than its text ("9/12" -> Saturday 12 September 2027), to say once."""

    content: Content
    visit: Visit
    today: dt.date = field(default_factory=lambda: dates.current_date())
    last: Visit | None = None
    mode: str = FULL
    chosen: set[str] = field(default_factory=set)  # keys of fields the person answered (not left to a default)
    read_as: list[str] = field(default_factory=list)

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


@dataclass
class Given:
    """Where a field's value is in an answers file: the mapping that holds it, its key, the whole file (some
    kinds read a second key, like ``my_questions``) and the checker that collects problems."""

    check: loader.Checker
    parent: loader.YMap
    key: str
    doc: loader.YMap
    field: Field

    @property
    def value(self):
        return self.parent.get(self.key)

    @property
    def line(self) -> int | None:
        return self.parent.key_lines.get(self.key, self.parent.line)

    @property
    def entry(self) -> str | None:
        return self.field.key.split(".")[0] if "." in self.field.key else None

    @property
    def name(self) -> str:
        return self.field.key.split(".")[-1]

    @property
    def item_entry(self) -> str:
        """How problems with one item of a list name where it is: the file's top-level key ("labs",
        "treatment_changes")."""
        return self.field.key.split(".")[0]

    def problem(self, message: str, line: int | None = None, entry: str | None = None, name: str | None = None):
        self.check.problem(line or self.line, message, entry or self.entry, name or self.name)

    def text(self) -> str | None:
        return self.check.text(self.parent, self.key, self.entry, required=False)

    def texts(self) -> list[str]:
        return self.check.texts(self.parent, self.key, self.entry, one_ok=True)

    def items(self) -> list:
        value = self.value
        return [value] if isinstance(value, str) else self.check.items(self.parent, self.key, self.entry)


# ------------------------------------------------------------------------------------------------ the kind base


class Kind:
    """How a field is asked and read. The base reads one line of text."""

    shape = "text"  # in an answers file: "text", "list" or "map"
    readback = False  # say back what a typed answer was read as

    def read(self, ctx: Ctx, text: str) -> Any:
        return clean(text)

    def show(self, ctx: Ctx, value: Any) -> str:
        return value if isinstance(value, str) else ""

    def default(self, ctx: Ctx, value: Any) -> str:
        """What Enter keeps, as the walk shows it in [brackets]."""
        return self.show(ctx, value)

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        got = w.read(f.label, self.default(ctx, f.get(ctx)), lambda a: self.read(ctx, a))
        if got is None:
            return
        answer, value = got
        f.put(ctx, value)
        if self.readback and answer:
            ui.readback(f"Read as: {self.show(ctx, f.get(ctx)) or 'not set'}")

    def load(self, ctx: Ctx, g: Given) -> None:
        text = g.text()
        if text is None:
            return
        try:
            value = self.read(ctx, text)
        except Unreadable as err:
            g.problem(str(err))
            return
        g.field.put(ctx, value)
        ctx.chosen.add(g.field.key)
        note_read_as(ctx, g.field, text, self.show(ctx, g.field.get(ctx)))

    def review(self, ctx: Ctx, f: Field) -> list[str]:
        """The field as it will be stored, in words."""
        return [f"{f.title}: {self.show(ctx, f.get(ctx)) or 'not given'}"]

    def entries(self, ctx: Ctx, f: Field) -> list[str] | None:
        """A list field's entries in words, for the review to number (and fix or take off one by one); None for
        a field that is one answer."""
        return None

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        comment = f.label.split(" (Enter")[0]
        example = f" like {f.example}" if f.example else ""
        return [f"{name}:   # {comment}{example}"]


def note_read_as(ctx: Ctx, f: Field, text: str, shown: str) -> None:
    """Keep a value from a file that reads as something other than its text, to say once after saving."""
    if shown and normalize(shown) != normalize(text):
        ctx.read_as.append(f"{f.key}: '{clean(text)}' read as {shown}")


# ------------------------------------------------------------------------------------------------ scalar kinds


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
    ``with_time`` reads a time too ("next tuesday 10:30") and its value is (date, time); ``from_visit`` reads
    words like "in 3 weeks" from the visit's day (the next appointment), not from today."""

    direction: str = dates.FUTURE
    partial: bool = False
    with_time: bool = False
    weekday: bool = True  # said back with its weekday (not for a date of birth)
    from_visit: bool = False
    readback: bool = True

    def read(self, ctx: Ctx, text: str):
        text = clean(text)
        if not text:
            return ("", "") if self.with_time else ""
        start = ctx.visit_day if self.from_visit else ctx.today
        if self.with_time:
            day, time = dates.read_date_time(text, start, self.direction)
            return (day.isoformat() if day else None, time)
        if self.partial:
            return dates.read_when(text, start, self.direction).iso
        return dates.read_date(text, start, self.direction).isoformat()

    def show(self, ctx: Ctx, value) -> str:
        if self.with_time:
            day, time = value
            return (dates.say(day) if day else "") + (f" at {time}" if time else "")
        return dates.say(value, self.weekday) if value else ""


@dataclass(frozen=True)
class Time(Kind):
    readback: bool = True

    def read(self, ctx: Ctx, text: str) -> str:
        return dates.read_time(clean(text))


@dataclass(frozen=True)
class Mode(Kind):
    """Quick (only what changed) or full: after quick, the walk says what it keeps from last time."""

    def read(self, ctx: Ctx, text: str) -> str:
        raw = normalize(clean(text))
        if raw in ("", "q", "quick", "1", "short", "fast"):
            return QUICK
        if raw in ("f", "full", "2", "long", "all", "everything"):
            return FULL
        raise Unreadable("Please type quick or full (or 1 or 2), or press Enter for quick.")

    def ask(self, w: Walk, f: Field) -> None:
        super().ask(w, f)
        if w.ctx.mode == QUICK:
            w.say_carried()


@dataclass(frozen=True)
class Choices(Kind):
    """Offered options (by number or words) and, with ``own_words``, the person's own words. ``ticked`` shows
    the options as a list with the chosen ones ticked (else in columns); ``ids`` names the options by id in the
    answers template."""

    options: Callable[[Ctx], list[Option]] = lambda ctx: []
    several: bool = True
    own_words: bool = True
    ticked: bool = False
    ids: bool = False
    shape: str = "list"

    def read(self, ctx: Ctx, text: str) -> list[choices.Picked]:
        return choices.read_choices(clean(text), self.options(ctx), self.several, self.own_words)

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(p.text for p in value)

    def default(self, ctx: Ctx, value) -> str:
        """Offered choices by number, own words as they are: "1 4, keep walking my dog"."""
        options = self.options(ctx)
        numbers_ = [str(i) for i, o in enumerate(options, 1) if any(p.id == o.id for p in value)]
        own = [p.text for p in value if not p.id or p.id not in {o.id for o in options}]
        return ", ".join(([" ".join(numbers_)] if numbers_ else []) + own)

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        options = self.options(ctx)
        current = f.get(ctx)
        if self.ticked:
            ids = {p.id for p in current}
            marks = Tasks(
                [o.label for o in options],
                done=[o.id in ids for o in options],
                numbers=list(range(1, len(options) + 1)),
            )
            ui.show(Doc([marks]))
        else:
            ui.show(Doc([Columns([o.label for o in options], numbered=True)]))
        got = w.read(f.label, self.default(ctx, current), lambda a: self.read(ctx, a))
        if got is None:
            return
        picked = got[1]
        f.put(ctx, picked)
        if picked:
            ui.readback("Read as: " + "; ".join(p.text + ("" if p.id else " (your own words)") for p in picked))

    def load(self, ctx: Ctx, g: Given) -> None:
        texts = g.texts()
        try:  # a list in the file reads as the same items on one line in the walk
            picked = self.read(ctx, ", ".join(texts))
        except Unreadable as err:
            g.problem(str(err))
            picked = []
        g.field.put(ctx, list(dict.fromkeys(picked)))
        ctx.chosen.add(g.field.key)

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        comment = f.label.split(" (Enter")[0]
        example = f" like {f.example}" if f.example else ""
        shown = [f"{o.id}: {o.label}" if self.ids else o.label for o in self.options(ctx)]
        return [f"{name}:   # {comment}{example}", *comment_list("choose from", shown)]


def comment_list(title: str, items: list[str]) -> list[str]:
    return [f"#   {title}:"] + [f"#     - {item}" for item in items]


@dataclass(frozen=True)
class Items(Kind):
    """A list of the person's own items (health problems, medicines, next steps): typed on one line, commas
    between; a list carried from before is shown and can be added to or cut (-N)."""

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

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        items: list[str] = list(f.get(ctx))
        if not items:
            answer = w.ask(f.label if "(Enter" in f.label else f"{f.label} (Enter for none)")
            new = self.read(ctx, answer)
            if new:
                f.put(ctx, new)
                ui.readback("Noted: " + "; ".join(new))
            return
        while True:
            ui.show(Doc([Para("On your list:"), Bullets(items, numbered=True)]))
            answer = w.ask("Type more to add (commas between), -N to take one off, or Enter to keep these")
            if not answer:
                return
            try:
                edit = choices.read_list_edit(answer, len(items), numbers_add=False)
            except Unreadable as err:
                ui.say(str(err))
                continue
            if edit.add:
                ui.say(f"To take one off, type -{edit.add[0]}. To add, type its name.")
                continue
            if edit.clear:
                f.put(ctx, [])
                ui.readback("Cleared: none now")
                return
            items = [x for i, x in enumerate(items, 1) if i not in edit.remove]
            for words in edit.words:
                items += [x for x in self.read(ctx, words) if x not in items]
            f.put(ctx, [x for x in items if not (x == self.none_is and len(items) > 1)])

    def load(self, ctx: Ctx, g: Given) -> None:
        value = g.value
        if isinstance(value, str):
            items = self.read(ctx, value)
        else:
            items = self.settle([clean(t) for t in g.check.texts(g.parent, g.key, g.entry)])
        g.field.put(ctx, items)
        ctx.chosen.add(g.field.key)

    def entries(self, ctx: Ctx, f: Field) -> list[str] | None:
        items = list(f.get(ctx))
        return [] if self.none_is and items == [self.none_is] else items  # "none" said is none, not an entry

    def remove(self, ctx: Ctx, f: Field, n: int) -> str:
        items = list(f.get(ctx))
        gone = items.pop(n - 1)
        f.put(ctx, items)
        return gone

    def edit(self, w: Walk, f: Field, n: int) -> None:
        items = list(f.get(w.ctx))
        got = w.read("Type it again (Enter keeps it)", items[n - 1], lambda a: self.read(w.ctx, a))
        if got is not None:
            items[n - 1 : n] = got[1]
            f.put(w.ctx, items)


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
    name: str = ""  # how the review screen names it (default: from the key)
    file: bool = True  # read from answers files (False: the walk only, like quick or full)
    review: bool = True  # shown on the review screen (False: said by another field, or not part of the record)

    @property
    def title(self) -> str:
        return self.name or self.key.split(".")[-1].replace("_", " ").capitalize()


@dataclass(frozen=True)
class Step:
    name: str  # stable: drafts record it, so a reordered walk resumes at the right step
    title: str
    fields: tuple[Field, ...]
    when: Callable[[Ctx], bool] | None = None  # the walk runs the step only when this holds
    ends_when: Callable[[Ctx], bool] | None = None  # after a field, the rest of the step is skipped if this holds

    def quick(self) -> bool:
        return any(f.quick for f in self.fields)


@dataclass(frozen=True)
class Questionnaire:
    name: str
    steps: tuple[Step, ...]
    covers: str = ""  # for the welcome screen
    review: bool = False  # the walk ends with a review of the record before it is saved
    finish: Callable[[Ctx], None] | None = None  # fills in what depends on the other answers (both drivers)

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    @property
    def fields(self) -> list[Field]:
        return [f for s in self.steps for f in s.fields]
