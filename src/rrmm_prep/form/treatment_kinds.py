"""The compound answers of treatment history: treatments so far (each a name or the drugs of a combination,
with when, how it went and bad effects), and after a visit the treatments that stop, change or start (each
with when and why). Their parts are defined in form/fields.py; how they are asked and read is here, the same for
the walk and answers files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rrmm_prep import ui
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.compound import Compound, read_list_edit
from rrmm_prep.form.kinds import Ctx, Field, Given
from rrmm_prep.model.visit import Change, Treatment
from rrmm_prep.read import choices, dates, treatments
from rrmm_prep.render.doc import Bullets, Columns, Doc, Para, Table

if TYPE_CHECKING:
    from rrmm_prep.form.walk import Walk


@dataclass(frozen=True)
class Treatments(Compound):
    """Treatments so far. A new list is typed in one line ("VRd, transplant, revlimid, DPd", or one treatment with
    its parts: "VRd may 2019 to jan 2020 worked, numbness"); then what each line left out is asked, in one
    prompt. A list carried from the last visit is shown and can be added to, changed (N) or cut (-N)."""

    noun: str = "treatment"
    head_keys: tuple[str, ...] = ("drug", "other")
    also_keys: tuple[str, ...] = ("started", "stopped", "date")

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        ts: list[Treatment] = f.get(ctx)
        fresh = not ts
        self.ask_planned(w, ts)
        if w.resumes(f):  # stopped in this step: each one again, Enter keeps its answers
            for t in ts:
                self.ask_missing(w, t, self.missing(ctx, t) or None)
        label = f.label + " (Enter if none)"
        while True:
            if ts and not fresh:
                ui.show(Doc([Para("Your treatments:"), self.table(ts)]))
                ui.say("Type more names, N to change one, -N to take one off.", "dim")
                label = "Add more, or Enter if that's all"
            answer = w.ask(label)
            if not answer:
                return
            try:
                edit = read_list_edit(answer, len(ts))
            except Unreadable as err:
                ui.say(str(err))
                continue
            if edit.clear:
                if ts and w.yes(f"Take all {len(ts)} treatments off the list?", False):
                    ts = []
                    f.put(ctx, ts)
                    ui.readback("Cleared: no treatments listed")
                continue
            for n in edit.add:
                self.edit(w, f, n)
            if edit.remove:
                ts = [t for i, t in enumerate(ts, 1) if i not in edit.remove]
                f.put(ctx, ts)

            def keep(t: Treatment, ts: list[Treatment] = ts) -> None:  # on the list as soon as read: in the draft
                ts.append(t)
                f.put(ctx, ts)

            for words in edit.words:
                self.read_typed(w, words, keep)
            f.put(ctx, ts)
            if fresh:
                if ts:
                    ui.readback("Your treatments: " + "; ".join(f"{t.name} ({t.when or 'no date'})" for t in ts))
                return

    def read_typed(self, w: Walk, text: str, keep: Callable[[Treatment], None] | None = None) -> list[Treatment]:
        """A typed line -> its treatments, each name asked about when it needs it, each then asked what the line
        left out. Medicines that are no myeloma treatment go to the medicines list. ``keep`` takes each one as
        soon as it is read, before its follow-up questions (the draft written before each prompt holds it)."""
        ctx = w.ctx
        while True:
            try:
                pending = treatments.read_line(ctx, text)
                break
            except Unreadable as err:
                ui.say(str(err))
                text = w.ask("Type it again (Enter to skip)")
                if not text:
                    return []
        out = []
        for p in pending:
            if treatments.is_medicine(p):
                add_medicine(ctx, p.names[0].spelled)
                ui.readback(f"{p.names[0].spelled} is not a myeloma treatment: it is on your medicines list.")
                continue
            which = self.ask_which(w, p)
            t = treatments.build(ctx, p, which)
            for n in p.names:
                if n.misspelt:
                    ui.readback(f"Read as: {ctx.index.describe(n.spelled)} (you typed '{n.typed}')")
            if t.kind == "":
                ui.readback(f"Kept as you typed it: {t.name} (not in rrmm-prep's list)")
            elif t.kind in ("regimen", "combination") and len(p.names) > 1:
                ui.readback(f"Read as: {ctx.index.describe(t.name) if t.kind == 'regimen' else t.name}")
            problems = self.apply(ctx, t, p.texts)
            for _, message in problems:
                ui.say(message)
            asked = [q for q in self.missing(ctx, t) if q.key not in p.texts or any(q is x for x, _ in problems)]
            if keep is not None:
                keep(t)
            self.ask_missing(w, t, asked)
            out.append(t)
        return out

    def ask_which(self, w: Walk, p: treatments.Pending):
        """The drug a class or a close call means (asked), or None when the name needs no question."""
        ctx = w.ctx
        q = p.question
        if q is None:
            return None
        if q.status == "group":
            ui.say(f"'{q.typed}' is a group of drugs. Which one?")
        else:
            ui.say(f"I don't know '{q.typed}'. Did you mean:")
        ui.show(Doc([Bullets([ctx.index.describe(o) for o in q.options], numbered=True)]))
        while True:
            answer = w.ask(f"A number, or Enter to keep '{q.typed}' as you typed it")
            if not answer:
                ui.readback(f"Kept as you typed it: {q.typed}")
                return treatments.Name(q.typed, "own", spelled=q.typed)
            if answer.isdecimal() and 1 <= int(answer) <= len(q.options):
                return treatments.resolve_name(ctx, q.options[int(answer) - 1])
            named = treatments.resolve_name(ctx, answer)
            if named.status in ("drug", "regimen"):
                return named
            ui.say(f"Please type a number from 1 to {len(q.options)}, or press Enter.")

    def ask_missing(self, w: Walk, t: Treatment, asked=None) -> None:
        ctx = w.ctx
        asked = self.missing(ctx, t) if asked is None else asked
        if any(q.key == "bad_effects" for q in asked):
            effects = treatments.effect_options(ctx, t)
            if effects:
                ui.show(Doc([Para(f"Known side effects of {t.name} (numbers work):"), Columns(effects, numbered=True)]))
        self.ask_parts(w, t, asked)

    def ask_planned(self, w: Walk, ts: list[Treatment]) -> None:
        """A treatment planned at the last visit whose day has come: did it start?"""
        ctx = w.ctx
        for t in ts:
            if not t.planned or (t.started and t.started > ctx.today.isoformat()):
                continue
            on = f" on {dates.say(t.started)}" if t.started else ""
            while True:
                answer = w.ask(f"{t.name} was planned to start{on}. Did it start? (y, n, or the day it started)", "y")
                try:
                    if choices.read_yes_no(answer):
                        t.planned = False
                        t.outcome = t.outcome or ("" if t.one_time else "still taking")
                        ui.readback(f"Started: {t.name}{on}")
                    else:
                        ui.readback(f"Not started yet: {t.name} (still planned)")
                    break
                except Unreadable:
                    pass
                try:
                    t.started = treatments.read_date(ctx, answer)
                except Unreadable as err:
                    ui.say(str(err))
                    continue
                t.planned = False
                t.outcome = t.outcome or ("" if t.one_time else "still taking")
                ui.readback(f"Started: {t.name} on {dates.say(t.started)}")
                break

    def edit(self, w: Walk, f: Field, n: int) -> None:
        t = f.get(w.ctx)[n - 1]
        self.ask_missing(w, t, [p for p in self.parts if p.claim is not None and p.asked is not None])

    def table(self, ts: list[Treatment]) -> Table:
        rows = [
            [f"{i}. {t.name}" + (" (planned)" if t.planned else ""), t.when or "-", t.outcome or "-"]
            for i, t in enumerate(ts, 1)
        ]
        return Table(["Treatment", "When", "How it went"], rows)

    def line(self, ctx: Ctx, t: Treatment) -> str:
        drugs = ", ".join(ctx.content.drug_by_id[d].name for d in t.drugs if d in ctx.content.drug_by_id)
        head = t.name + (f" ({drugs})" if drugs and t.kind in ("regimen", "combination") else "")
        head += " (planned)" if t.planned else "" if t.kind else " (your own words)"
        shown = [p.show(t) for p in self.parts if p.show(t)]
        return head + (": " + "; ".join(shown) if shown else "")

    # ---------------------------------------------------------------- answers files

    def load(self, ctx: Ctx, g: Given) -> None:
        out: list[Treatment] = []
        for raw in g.items():
            m = self.file_item(g, raw)
            if m is None:
                continue
            out += self.from_file(ctx, g, m)
        g.field.put(ctx, out)
        ctx.chosen.add(g.field.key)

    def from_file(self, ctx: Ctx, g: Given, m, history: bool = True) -> list[Treatment]:
        entry = g.item_entry
        name = g.check.text(m, "drug", entry, required=False)
        other = g.check.text(m, "other", entry, required=False)
        if not name and not other:
            g.problem("needs 'drug' (a drug, brand or regimen) or 'other' (your own words)", m.line, entry, "drug")
            return []
        if other:
            pending = [treatments.Pending([treatments.Name(clean(other), "own", spelled=clean(other))])]
        else:
            try:
                pending = treatments.read_line(ctx, name or "")
            except Unreadable as err:
                g.problem(str(err), m.key_lines.get("drug"), entry, "drug")
                return []
        out = []
        for p in pending:
            if treatments.is_medicine(p):
                add_medicine(ctx, p.names[0].spelled, started=not history)
                ctx.read_as.append(f"'{p.names[0].typed}' is not a myeloma treatment: on the medicines list")
                continue
            q = p.question
            if q is not None:
                hints = "; ".join(ctx.index.describe(h) for h in q.options)
                what = "is a group of drugs; name one" if q.status == "group" else "is not a drug rrmm-prep knows; did you mean"
                g.problem(
                    f"'{q.typed}' {what}: {hints}. (For a drug not in the list, write 'other: {q.typed}'.)",
                    m.key_lines.get("drug"),
                    entry,
                    "drug",
                )
                continue
            t = treatments.build(ctx, p)
            given = {**p.texts, **self.file_texts(g, m, ctx, t)} if p is pending[-1] else dict(p.texts)
            self.report(g, m, self.apply(ctx, t, given))
            if history:
                self.dates_from_file(ctx, g, m, t)
            self.note(ctx, g, name or other or "", t)
            out.append(t)
        return out

    def dates_from_file(self, ctx: Ctx, g: Given, m, t: Treatment) -> None:
        """``started:``, ``stopped:`` and, for a one-time treatment, ``date:``: one date each."""
        entry = g.item_entry
        if m.get("date") is not None and not t.one_time:
            g.problem("is for a one-time treatment; write started and stopped", m.key_lines.get("date"), entry, "date")
        for key, attr in (("date", "started"), ("started", "started"), ("stopped", "stopped")):
            value = g.check.text(m, key, entry, required=False)
            if not value:
                continue
            try:
                setattr(t, attr, treatments.read_date(ctx, value))
            except Unreadable as err:
                g.problem(str(err), m.key_lines.get(key), entry, key)
        if t.one_time and t.stopped:
            g.problem(
                f"{t.name} is a one-time treatment: give its date (date: or started:), not a stop date",
                m.key_lines.get("stopped"),
                entry,
                "stopped",
            )

    def template_keys(self, ctx: Ctx) -> list[tuple[str, str]]:
        return [
            ("drug", "VRd              # a drug, brand or combination; for one not in the list: other: NAME"),
            ("when", "2023-02 to 2024-01   # or started: / stopped:; a transplant or CAR-T: date: 2024-06"),
            ("outcome", "stopped working   # " + ", ".join(treatments.OUTCOMES)),
            ("bad_effects", "[numbness in my feet, trouble sleeping]"),
        ]


def add_medicine(ctx: Ctx, name: str, started: bool = False) -> None:
    """A medicine that is no myeloma treatment, typed as one: on the medicines list (once); with ``started``,
    on the list of medicines to start after the visit."""
    target = ctx.after.medicines if started else ctx.visit.medicines
    if all(clean(x).casefold() != name.casefold() for x in target):
        target.append(name)


# ------------------------------------------------------------------------------------------------ after the visit


@dataclass(frozen=True)
class Stops(Compound):
    """Treatments that stop (or change) at the visit: picked from those still going, by number or name; then
    from when and why."""

    noun: str = "stop"
    head_keys: tuple[str, ...] = ("name",)
    question: str = "stopped"  # "stopped" or "changed", for the read-back

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(c.name for c in value)

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        ongoing = [t for t in ctx.visit.treatments if t.ongoing]
        if not ongoing:
            return
        current: list[Change] = f.get(ctx)
        ui.show(Doc([Para("Treatments you were taking:"), Bullets([t.name for t in ongoing], numbered=True)]))
        chosen = [i for i, t in enumerate(ongoing, 1) if any(c.name == t.name for c in current)]
        got = w.read(f.label, " ".join(map(str, chosen)), lambda a: treatments.read_stop(ctx, a))
        if got is None:
            return
        by_name = {c.name: c for c in current}
        changes = [by_name.get(c.name, c) for c in got[1]]
        f.put(ctx, changes)
        for c in changes:
            self.ask_parts(w, c)
        if changes:
            ui.readback(f"{self.question.capitalize()}: " + "; ".join(self.line(ctx, c) for c in changes))

    def line(self, ctx: Ctx, c: Change) -> str:
        said = treatments.show_change(c, ctx.visit.info.date)
        return c.name + (f" ({said})" if said else "")

    def parts_default(self, item, asked) -> str:
        return ", ".join(p.show(item) for p in asked if p.show(item))

    def load(self, ctx: Ctx, g: Given) -> None:
        ongoing = [t for t in ctx.visit.treatments if t.ongoing]
        out: list[Change] = []
        for raw in g.items():
            m = self.file_item(g, raw)
            if m is None:
                continue
            text = g.check.text(m, "name", g.item_entry) or ""
            try:
                picked = treatments.read_stop(ctx, text)
            except Unreadable:
                listed = ", ".join(f"{i}. {t.name}" for i, t in enumerate(ongoing, 1)) or "none"
                g.problem(f"'{text}' is not a treatment this visit lists as ongoing (those are: {listed})")
                continue
            for c in picked:
                if any(x.name == c.name for x in out):
                    continue
                self.report(g, m, self.apply(ctx, c, self.file_texts(g, m, ctx, c)))
                out.append(c)
        g.field.put(ctx, out)
        ctx.chosen.add(g.field.key)


@dataclass(frozen=True)
class Starts(Compound):
    """Treatments decided at the visit: names read like the treatments step (medicines that are no myeloma
    treatment go to the medicines list); then when each starts (a later day makes it planned)."""

    noun: str = "start"
    head_keys: tuple[str, ...] = ("drug", "other")

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(t.name for t in value)

    def line(self, ctx: Ctx, t: Treatment) -> str:
        when = dates.say(t.started) if t.started else "the visit's day"
        return f"{t.name}: " + ("planned for " if t.planned else "from ") + when

    def ask(self, w: Walk, f: Field) -> None:
        ctx = w.ctx
        default = ", ".join(t.name for t in f.get(ctx))
        answer = w.ask(f.label.replace("Its name", "Names, commas between"), default)
        if answer == default:
            return
        started: list[Treatment] = []
        for name in choices.read_items(clean(answer)):
            for t in self.read_named(w, name):
                self.ask_parts(w, t, list(self.parts))
                started.append(t)
        f.put(ctx, started)
        if started:
            ui.readback("Starting: " + "; ".join(self.line(ctx, t) for t in started))

    def read_named(self, w: Walk, name: str) -> list[Treatment]:
        ctx = w.ctx
        try:
            pending = treatments.read_line(ctx, name)
        except Unreadable as err:
            ui.say(str(err))
            return []
        out = []
        for p in pending:
            if treatments.is_medicine(p):
                add_medicine(ctx, p.names[0].spelled, started=True)
                ui.readback(f"{p.names[0].spelled} is not a myeloma treatment: it goes on your medicines list.")
                continue
            which = self.ask_which(w, p)
            t = treatments.build(ctx, p, which)
            t.started, t.planned = ctx.visit.info.date, False
            out.append(t)
        return out

    def load(self, ctx: Ctx, g: Given) -> None:
        out: list[Treatment] = []
        for raw in g.items():
            m = self.file_item(g, raw)
            if m is None:
                continue
            for t in self.from_file(ctx, g, m, history=False):
                if "starts" not in self.file_texts(g, m):
                    t.started, t.planned = ctx.visit.info.date, False
                t.stopped, t.outcome = "", ""
                out.append(t)
        g.field.put(ctx, out)
        ctx.chosen.add(g.field.key)

    from_file = Treatments.from_file
    ask_which = Treatments.ask_which

    def template_keys(self, ctx: Ctx) -> list[tuple[str, str]]:
        return [("drug", "teclistamab   # or other: NAME; a medicine like IVIG goes on your medicines list"),
                ("starts", "next monday   # empty: the visit's day; a later day: planned")]
