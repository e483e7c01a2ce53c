"""The weekly check-in as a questionnaire: one field per item of data/checkin.yaml, asked by the walk (walk.py)
and read from answers files (answers_file.py) like every other questionnaire.

Every answer goes through the one symptom reader (read/symptoms.py) into ``ctx.visit.symptoms`` (``sync``), so
the call-now rules (content/rules.py) and the box (render/calls.py) see a check-in as they see a visit. Enter
keeps last week's rating; a fall, a temperature and anything new are this week's only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rrmm_prep import ui
from rrmm_prep.content import checkin_items
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.kinds import Ctx, Date, Field, Given, Kind, Questionnaire, Step, Text
from rrmm_prep.model.checkin import CheckIn
from rrmm_prep.model.visit import SymptomReport
from rrmm_prep.read import dates, symptoms

SEVERITY = ("", "mild", "moderate", "severe", "severe")  # a rating as the call-now rules weigh it
WORD_NUMBERS = {"none": 0, "no": 0, "nothing": 0, "not": 0, "bit": 1, "little": 1, "lot": 3, "very": 4}


@dataclass
class CheckCtx(Ctx):
    """A Ctx whose ``visit`` carries the person's treatments and after-hours number (from the last visit and
    about me) and this check-in's symptoms; ``check`` is the check-in being filled in, ``before`` last week's."""

    check: CheckIn = field(default_factory=CheckIn)
    before: CheckIn | None = None


def scale() -> tuple[str, ...]:
    return checkin_items.load().scale


def read_rating(text: str) -> tuple[int, str]:
    """ "3", "quite a bit", "some, lower back", "0" -> (0 to 4, note). Raises Unreadable."""
    raw = " ".join(clean(text).split())
    lowered = raw.casefold()
    words = sorted(enumerate(scale()), key=lambda p: -len(p[1]))
    for n, said in words:
        if lowered == said or re.match(re.escape(said) + r"(?:\s*[,;:.\-–]\s*|\s+)", lowered):
            return n, raw[len(said) :].strip(" ,;:.-–")
    m = re.match(r"(\d+)(?:\s*[,;:.\-–]\s*|\s+|$)", lowered)
    if m and int(m.group(1)) <= 4:
        return int(m.group(1)), raw[m.end() :].strip(" ,;:.-–")
    first = lowered.split(" ")[0].strip(",;:.") if lowered else ""
    if first in WORD_NUMBERS:
        return WORD_NUMBERS[first], ""
    raise Unreadable(
        f"Please type 0 to 4, or a word: {', '.join(f'{i} {w}' for i, w in enumerate(scale()))}."
    )


def show_rating(n: int, note: str = "") -> str:
    return scale()[n] + (f"; {note}" if note else "")


@dataclass(frozen=True)
class Rating(Kind):
    """An item rated for the past seven days: 0 to 4 or the scale's words, then any words ("some, lower back")."""

    item: str = ""

    def read(self, ctx: Ctx, text: str) -> tuple[int, str]:
        return read_rating(text)

    def show(self, ctx: Ctx, value) -> str:
        return show_rating(*value)

    def ask(self, w, f: Field) -> None:
        ctx = w.ctx
        got = w.read(f.label, self.show(ctx, f.get(ctx)), lambda a: self.read(ctx, a))
        if got is not None:
            f.put(ctx, got[1])
        n, _ = f.get(ctx)
        before = ctx.before.ratings.get(self.item) if ctx.before else None
        was = f" (last week: {scale()[before]})" if before is not None and got is not None else ""
        ui.readback(f"{self.show(ctx, f.get(ctx))}{was}")
        w.show_new_flags()

    def load(self, ctx: Ctx, g: Given) -> None:
        value = g.value
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            g.problem("should be 0 to 4 or a word: not at all, a little, some, quite a bit, very much")
            return
        try:
            g.field.put(ctx, self.read(ctx, str(value)))
        except Unreadable as err:
            g.problem(str(err))
            return
        ctx.chosen.add(g.field.key)


@dataclass(frozen=True)
class Said(Text):
    """Words read by the symptom reader (a fall, anything new): the call-now box right after, if one is due."""

    def ask(self, w, f: Field) -> None:
        super().ask(w, f)
        if f.get(w.ctx) and not self.readback:
            ui.readback(f"Noted: {f.get(w.ctx)}")
        w.show_new_flags()


def read_temperature(text: str) -> str:
    """ "38.3", "101 F", "99.5F", "37,8" -> "38.3 C" / "101 F". Raises Unreadable."""
    raw = clean(text).strip()
    if not raw:
        return ""
    m = re.fullmatch(r"(\d{2,3}(?:[.,]\d)?)\s*°?\s*([cCfF])?", raw)
    if not m:
        raise Unreadable("Please type the number, like 37.2 or 99.5 F (or Enter if you did not take it).")
    value = float(m.group(1).replace(",", "."))
    unit = (m.group(2) or ("F" if value > 45 else "C")).upper()
    if not (34 <= value <= 43 if unit == "C" else 93 <= value <= 110):
        raise Unreadable(f"{m.group(1)} is not a body temperature I can read. Type it like 37.2 or 99.5 F.")
    return f"{value:g} {unit}"


@dataclass(frozen=True)
class Temperature(Said):
    readback: bool = True

    def read(self, ctx: Ctx, text: str) -> str:
        return read_temperature(text)


def sync(ctx: Ctx) -> None:
    """This check-in as symptom reports in ``ctx.visit`` (what the call-now rules read) and in the record."""
    c: CheckIn = ctx.check
    items = checkin_items.load()
    out: list[SymptomReport] = []

    def heard(text: str, severity: str = "") -> None:
        for r in symptoms.reports_from(ctx, symptoms.read_symptoms(ctx, text)):
            if all(r.id != o.id or (not r.id and r.name != o.name) for o in out):
                r.severity = r.severity or severity
                out.append(r)

    for item in items.rated:
        n, note = c.ratings.get(item.id, 0), c.notes.get(item.id, "")
        if n <= 0:
            continue
        label = (
            ctx.content.symptom_by_id[item.symptom].label if item.symptom in ctx.content.symptom_by_id else ""
        )
        out.append(
            SymptomReport(
                name=label or item.short, id=label and item.symptom, severity=SEVERITY[n], note=note
            )
        )
        if note:
            heard(note, SEVERITY[n])
    if c.fall:
        out.append(SymptomReport(name="a fall", note=c.fall))
        heard(c.fall)
    if c.temperature:
        heard(f"temperature {c.temperature}")
    if c.new:
        heard(c.new)
    c.symptoms = out
    ctx.visit.symptoms = out


def worth_telling(check: CheckIn, before: CheckIn | None) -> list[str]:
    """Ratings that jumped two steps or more since last week, or reached the top: named, without advice."""
    out = []
    for item in checkin_items.load().rated:
        n = check.ratings.get(item.id, 0)
        was = before.ratings.get(item.id, 0) if before else n  # a first check-in: only "very much" is named
        if n - was >= 2 or (n == 4 and was != 4):
            out.append(
                f"{item.short}: {scale()[was]} -> {scale()[n]}" if before else f"{item.short}: {scale()[n]}"
            )
        elif n == 4:
            out.append(f"{item.short}: {scale()[n]} again")
    return out


def _rating_field(item) -> Field:
    def get(ctx, i=item.id):
        return ctx.check.ratings.get(i, 0), ctx.check.notes.get(i, "")

    def put(ctx, value, i=item.id):
        ctx.check.ratings[i], note = value
        if note:
            ctx.check.notes[i] = note
        else:
            ctx.check.notes.pop(i, None)
        sync(ctx)

    return Field(
        item.id, item.label, Rating(item=item.id), get, put, example="a little", name=item.short.capitalize()
    )


def _words_field(item, attr: str, kind: Kind) -> Field:
    def put(ctx, value):
        setattr(ctx.check, attr, value)
        sync(ctx)

    return Field(
        item.id, item.label, kind, lambda ctx: getattr(ctx.check, attr), put, name=item.short.capitalize()
    )


def _put_date(ctx, value: str) -> None:
    if value:
        ctx.check.date = value
        ctx.visit.info.date = value


def questionnaire() -> Questionnaire:
    fields = [
        Field(
            "date",
            "The day of this check-in",
            Date(dates.PAST),
            lambda ctx: ctx.check.date,
            _put_date,
            walk=False,
            help="A missed week can be filled in later: the day it tells about.",
            example="2026-11-25",
        )
    ]
    kinds = {
        "event": ("fall", Said()),
        "temperature": ("temperature", Temperature()),
        "words": ("new", Said()),
    }
    for item in checkin_items.load().items:
        if item.kind == "rating":
            fields.append(_rating_field(item))
        else:
            attr, kind = kinds[item.kind]
            fields.append(_words_field(item, attr, kind))
    return Questionnaire(
        "check-in",
        (Step("check-in", "How have you been this week? (the past seven days)", tuple(fields)),),
        covers="how you have been this week",
        finish=sync,
    )
