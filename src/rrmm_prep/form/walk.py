"""The interactive driver: runs a questionnaire's steps in a terminal, one prompt at a time, through ui.

Every prompt has a default and Enter takes it. Every answer is read by the field's reader (the same one an
answers file uses) and put into the Visit at once, so Ctrl-C, a closed terminal or end of input at any moment
loses nothing: the caller saves a draft naming the step that was running (``Walk.current``) and the steps done,
and a resumed walk starts that step again with what was typed as the defaults. Screens stay short: long lists
go in two columns, and nothing between two prompts runs past a 30-line screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rrmm_prep import control_chars, errors, ui
from rrmm_prep.errors import Unreadable
from rrmm_prep.form import fields, kinds, questions
from rrmm_prep.form.defaults import finish
from rrmm_prep.model.visit import LabValue, QuestionItem, Treatment
from rrmm_prep.read import choices, symptoms, treatments
from rrmm_prep.read import labs as lab_read
from rrmm_prep.read.choices import Option
from rrmm_prep.render.doc import Bullets, Columns, Doc, Heading, Para, Table, Tasks

CLEAR = "-"  # typed alone, clears a carried answer


class Walk:
    def __init__(
        self,
        questionnaire: kinds.Questionnaire,
        ctx: kinds.Ctx,
        done: list[str] | None = None,
        resuming: str | None = None,
    ) -> None:
        self.q = questionnaire
        self.ctx = ctx
        self.done: list[str] = list(done or [])
        self.resuming = resuming  # the step a draft stopped in: it starts again, what was typed the defaults
        self.current: str | None = None
        self.prompts = 0
        self.shown_flags: set[tuple[str, str]] = set()
        # About me is a step while it is unasked, and again when a draft stopped in it (a name is typed already).
        self._about_planned = fields.about_unasked(ctx) or "about" in self.done or resuming == "about"

    # ------------------------------------------------------------------ running

    def run(self) -> None:
        for step in self.q.steps:
            if step.name in self.done:
                continue
            if not self._runs(step):
                continue
            self.current = step.name
            self._header(step)
            self._step(step)
            self.done.append(step.name)
        self.current = None
        if self.q.name == "new-visit":
            finish(self.ctx)

    def _runs(self, step: kinds.Step) -> bool:
        if step.name == "about" and self.q.name == "new-visit":
            return (
                self._about_planned
                and step.name not in self.done
                and (fields.about_unasked(self.ctx) or self.resuming == "about")
            )
        if step.when is not None and not step.when(self.ctx):
            return False
        return not (self.ctx.mode == kinds.QUICK and not step.quick())

    def _plan(self) -> list[kinds.Step]:
        plan = []
        for s in self.q.steps:
            if s.name == "about" and self.q.name == "new-visit":
                if self._about_planned:
                    plan.append(s)
            elif s.name in self.done or self._runs(s):
                plan.append(s)
        return plan

    def _header(self, step: kinds.Step) -> None:
        plan = self._plan()
        if len(plan) > 1:
            number = next((i for i, s in enumerate(plan, 1) if s.name == step.name), len(plan))
            ui.show(Doc([Heading(f"Step {number} of {len(plan)}: {step.title}", 2)]))
        else:
            ui.show(Doc([Heading(step.title, 2)]))

    def _step(self, step: kinds.Step) -> None:
        for f in step.fields:
            if not f.walk or (f.when is not None and not f.when(self.ctx)):
                continue
            if self.ctx.mode == kinds.QUICK and not f.quick:
                continue  # quick: everything else stays as last time
            if f.help:
                ui.say(f.help, "dim")
            ASK[type(f.kind)](self, f)
            self.ctx.chosen.add(f.key)
            if self.q.name == "new-visit" and f.key == "about_me.name" and not self.ctx.visit.about.name:
                return  # Enter at the name: skip the rest of about me for now
            if f.key == "visit.mode" and self.ctx.mode == kinds.QUICK:
                self._say_carried()

    def ask(self, label: str, default: str = "") -> str:
        self.prompts += 1
        return ui.ask(label, default)

    def yes(self, label: str, default: bool = True) -> bool:
        return ui.ask_yes(label, default, asker=self.ask)

    def read(self, label: str, default: str, reader):
        """Ask until the answer reads: (what was typed, ``reader(it)``), or None when Enter kept a default.
        ``-`` typed alone clears (reads as blank). An answer that does not read says why and is asked again."""
        while True:
            answer = self.ask(label, default)
            if answer == default and default:
                return None
            if answer.strip() == CLEAR:
                answer = ""
            try:
                return answer, reader(answer)
            except Unreadable as err:
                ui.say(str(err))

    def _say_carried(self) -> None:
        info = self.ctx.visit.info
        parts = [
            f"with {info.clinician}" if info.clinician else "",
            f"at {info.place}" if info.place else "",
            f"{info.companion} coming along" if info.companion else "",
        ]
        said = ", ".join(p for p in parts if p)
        if said:
            ui.say(f"From your last visit: {said}. (Choose full next time to change these.)", "dim")

    # ------------------------------------------------------------------ flags

    def show_new_flags(self) -> None:
        from rrmm_prep.content import rules
        from rrmm_prep.render.calls import call_now_blocks

        flags = [
            f
            for f in rules.urgent_flags(self.ctx.content, self.ctx.visit)
            if (f.sign, f.said.casefold()) not in self.shown_flags
        ]
        if not flags:
            return
        self.shown_flags |= {(f.sign, f.said.casefold()) for f in flags}
        ui.show(Doc(call_now_blocks(self.ctx.content, self.ctx.visit, flags)))


def ask_scalar(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    got = w.read(f.label, f.kind.show(ctx, f.get(ctx)), lambda a: f.kind.read(ctx, a))
    if got is None:
        return
    answer, value = got
    f.put(ctx, value)
    if isinstance(f.kind, kinds.Date) and answer:
        ui.readback(f"Read as: {f.kind.show(ctx, f.get(ctx))}")


def ask_choices(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    kind: kinds.Choices = f.kind  # type: ignore[assignment]
    options = kind.options(ctx)
    current = f.get(ctx)
    if f.key == "goals":
        ids = {p.id for p in current}
        marks = Tasks(
            [o.label for o in options],
            done=[o.id in ids for o in options],
            numbers=list(range(1, len(options) + 1)),
        )
        ui.show(Doc([marks]))
    else:
        ui.show(Doc([Columns([o.label for o in options], numbered=True)]))
    got = w.read(f.label, _choices_default(current, options), lambda a: kind.read(ctx, a))
    if got is None:
        return
    picked = got[1]
    f.put(ctx, picked)
    if picked:
        ui.readback("Read as: " + "; ".join(p.text + ("" if p.id else " (your own words)") for p in picked))


def _choices_default(current: list[choices.Picked], options: list[Option]) -> str:
    """Offered choices by number, own words as they are: "1 4, keep walking my dog"."""
    numbers = [str(i) for i, o in enumerate(options, 1) if any(p.id == o.id for p in current)]
    own = [p.text for p in current if not p.id or p.id not in {o.id for o in options}]
    parts = [" ".join(numbers)] if numbers else []
    return ", ".join(parts + own)


def ask_items(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    items: list[str] = list(f.get(ctx))
    if not items:
        answer = w.ask(f.label if "(Enter" in f.label else f"{f.label} (Enter for none)")
        new = f.kind.read(ctx, answer)
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
            items += [x for x in f.kind.read(ctx, words) if x not in items]
        f.put(ctx, [x for x in items if not (x == f.kind.none_is and len(items) > 1)])


def ask_treatments(w: Walk, f: kinds.Field) -> None:
    """A new list is typed in one line, then each treatment's details; a list carried from the last visit is
    shown and can be added to, changed (N) or cut (-N) until Enter."""
    ctx = w.ctx
    ts = ctx.visit.treatments
    fresh = not ts
    if w.resuming == "treatments":  # stopped in this step: go through each one again, Enter keeps its answers
        for t in ts:
            _treatment_details(w, t)
    label = f.label + " (Enter if none)"
    while True:
        if ts and not fresh:
            ui.show(Doc([Para("Your treatments:"), _treatment_table(ts)]))
            ui.say("Type more names, N to change one, -N to take one off.", "dim")
            label = "Add more, or Enter if that's all"
        answer = w.ask(label)
        if not answer:
            return
        try:
            edit = choices.read_list_edit(answer, len(ts), numbers_add=True)
        except Unreadable as err:
            ui.say(str(err))
            continue
        if edit.clear:
            if ts and w.yes(f"Take all {len(ts)} treatments off the list?", False):
                ctx.visit.treatments = ts = []
                ui.readback("Cleared: no treatments listed")
            continue
        for n in edit.add:
            _treatment_details(w, ts[n - 1])
        if edit.remove:
            ctx.visit.treatments = ts = [t for i, t in enumerate(ts, 1) if i not in edit.remove]
        for words in edit.words:
            for name in choices.read_items(words):
                t = resolve_by_asking(w, name)
                if t is None:
                    continue
                ts.append(t)
                _treatment_details(w, t)
        if fresh:
            if ts:
                ui.readback("Your treatments: " + "; ".join(f"{t.name} ({t.when or 'no date'})" for t in ts))
            return


def resolve_by_asking(w: Walk, name: str):
    """A typed treatment name -> a Treatment. A misspelling with one clear match: Enter takes the match; keeping
    one's own spelling is a deliberate 'n'. Several close names or a drug class: pick one, or Enter keeps the
    words as typed, marked as your own."""
    ctx = w.ctx
    found = treatments.resolve_treatment(ctx, name)
    if found.status == "found":
        t = found.treatment
        described = ctx.index.describe(t.name)
        if described != name:
            ui.readback(f"Read as: {described}")
        return t
    if found.status == "clear":
        if w.yes(f"I don't know '{name}'. Did you mean {ctx.index.describe(found.clear)}?", True):
            return resolve_by_asking(w, found.clear)
        ui.readback(f"Kept as you typed it: {name}")
        return found.treatment or Treatment(name=name)
    if found.status in ("unclear", "group"):
        if found.status == "group":
            ui.say(f"'{name}' is a group of drugs. Which one?")
        else:
            ui.say(f"I don't know '{name}'. Did you mean:")
        shown = [ctx.index.describe(o) for o in found.options]
        ui.show(Doc([Bullets(shown, numbered=True)]))
        while True:
            answer = w.ask(f"A number, or Enter to keep '{name}' as you typed it")
            if not answer:
                ui.readback(f"Kept as you typed it: {name}")
                return found.treatment
            if answer.isdecimal() and 1 <= int(answer) <= len(found.options):
                return resolve_by_asking(w, found.options[int(answer) - 1])
            ui.say(f"Please type a number from 1 to {len(found.options)}, or press Enter.")
    ui.readback(f"Kept as you typed it: {name} (not in rrmm-prep's list)")
    return found.treatment


def _treatment_details(w: Walk, t) -> None:
    ctx = w.ctx
    label = (
        f"When was the {t.name}? (like 2022, or march 2022)"
        if t.one_time
        else f"When did you take {t.name}? (like 2022 to 2023, or since march 2024)"
    )
    got = w.read(label, t.when, lambda a: treatments.set_when(ctx, t, a))
    if got is not None and got[0]:
        ui.readback(f"Read as: {t.when or 'no date'}")
    if not t.one_time and t.outcome != "still taking":
        ui.say(", ".join(f"{i} {o.label}" for i, o in enumerate(treatments.OUTCOME_OPTIONS, 1)), "dim")
        got = w.read(f"How did {t.name} go? A number (Enter to skip)", t.outcome, treatments.read_outcome)
        if got is not None:
            answer, t.outcome = got
            if t.outcome and not answer.strip().isdecimal() and answer.strip() != t.outcome:
                ui.readback(f"Read as: {t.outcome}")
    effects = treatments.effect_options(ctx, t)
    if effects:
        ui.show(Doc([Para(f"Known side effects of {t.name}:"), Columns(effects, numbered=True)]))
    known = [str(effects.index(e) + 1) for e in t.bad_effects if e in effects]
    own = [e for e in t.bad_effects if e not in effects]
    default = ", ".join(([" ".join(known)] if known else []) + own)
    label = (
        f"Bad effects from {t.name}? Numbers or your own words (Enter: none)"
        if effects
        else f"Bad effects from {t.name}? Your own words (Enter: none)"
    )
    got = w.read(label, default, lambda a: treatments.read_effects(ctx, t, a))
    if got is not None:
        t.bad_effects = got[1]
        if t.bad_effects:
            ui.readback("Noted: " + "; ".join(t.bad_effects))


def _treatment_table(ts) -> Table:
    rows = [[f"{i}. {t.name}", t.when or "-", t.outcome or "-"] for i, t in enumerate(ts, 1)]
    return Table(["Treatment", "When", "How it went"], rows)


def ask_symptoms(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    listed = [s for s in ctx.content.symptoms if s.listed]
    ui.show(
        Doc(
            [
                Para("Symptoms you may have had since your last visit:"),
                Columns([s.label for s in listed], numbered=True),
            ]
        )
    )
    current = list(ctx.visit.symptoms)
    number = {s.id: i for i, s in enumerate(listed, 1)}
    default = ", ".join(
        str(number[r.id]) if r.id in number and not r.said else (r.said or r.name) for r in current
    )
    answer = w.ask(f.label + " (Enter for none)", default)
    while True:
        if answer == default and current:
            reports = current
            break
        if not answer.strip() or answer.strip() == CLEAR:
            reports = []
            break
        reading = symptoms.read_symptoms(ctx, answer)
        if reading.problems:
            ui.say("; ".join(reading.problems) + ". Type numbers from the list, or your own words.")
            answer = w.ask(f.label + " (Enter for none)", default)
            continue
        if any(found.number is None for found in reading.found) or not reading.found:
            shown = symptoms.show_reading(ctx, reading) or "no symptoms"
            ui.readback(f"Read as: {shown}.")
            again = w.ask("Enter to keep, or type again")
            if again:
                answer = again
                continue
        reports = symptoms.reports_from(ctx, reading, current)
        break
    f.put(ctx, reports)
    w.show_new_flags()
    if reports:
        ui.say(
            "How bad is each? 1 mild, 2 moderate, 3 severe; a note after a comma: 2, worse at night", "dim"
        )
    for report in reports:
        default = ", ".join(p for p in (report.severity or symptoms.DEFAULT_SEVERITY, report.note) if p)
        while True:
            answer = w.ask(f"How bad is it: {report.name}?", default)
            if answer == default:
                report.severity = report.severity or symptoms.DEFAULT_SEVERITY
                break
            try:
                severity, note = symptoms.read_severity(answer)
            except Unreadable as err:
                ui.say(str(err))
                continue
            report.severity = severity or symptoms.DEFAULT_SEVERITY
            report.note = note or report.note
            break
        w.show_new_flags()


def ask_labs(w: Walk, f: kinds.Field) -> None:
    from rrmm_prep.read import dates

    ctx = w.ctx
    labs = ctx.visit.labs
    if labs:
        ui.show(Doc([Para("Results you added:"), _lab_table(labs)]))
    step_date = ""
    ui.say("Type a result as it is on your report: the test, the number and the unit.", "dim")
    while True:
        label = f"{f.label}; Enter to skip" if not labs else "Add another result (Enter when done)"
        answer = w.ask(label)
        if not answer:
            return
        entry = _read_lab(w, answer)
        if entry is None:
            continue
        if entry == "as typed":
            date = step_date or ctx.past_day.isoformat()
            labs.append(LabValue(test=control_chars.clean(answer), value="", as_typed=True, date=date))
            ui.readback(f"Kept as you typed it: {control_chars.clean(answer)}")
            continue
        if not entry.test:
            name = w.ask(f"Which test is {entry.value} {entry.unit}? (like kappa)".replace("  ", " "))
            if not name:
                ui.say(
                    "Without the test's name the result cannot be kept. Type it again with the test first."
                )
                continue
            entry = lab_read.lab_entry(ctx, name, entry.value, entry.unit, entry.date)
        units = lab_read.usual_units(ctx, entry)
        if not entry.unit and len(units) == 1:
            entry = lab_read.LabEntry(entry.test, entry.test_id, entry.value, units[0], entry.date)
            ui.readback(
                f"Unit: {units[0]} (the usual one for {entry.test}; type it again if your report says otherwise)"
            )
        elif not entry.unit and units:
            unit = w.ask(f"Which unit? {' or '.join(units)}", units[0])
            entry = lab_read.LabEntry(entry.test, entry.test_id, entry.value, unit, entry.date)
        as_typed = False
        problem = lab_read.lab_unit_problem(ctx, entry)
        if problem:
            ui.say(problem)
            if not w.yes("Keep it as you typed it?", True):
                ui.say("Then type the result again, with the unit from your report.")
                continue
            as_typed = True
        date = entry.date or step_date
        if not date:
            label = "Date of the test (like 11/20 or last week)"
            got = w.read(label, dates.say(ctx.past_day.isoformat()), lambda a: lab_read.read_lab_date(ctx, a))
            date = got[1] if got is not None else ctx.past_day.isoformat()
            step_date = date
        lab = lab_read.to_lab(entry, date, as_typed)
        labs.append(lab)
        ui.readback(f"Added: {lab.test} {lab.value} {lab.unit}".rstrip() + f", {dates.say(lab.date)}")


def _read_lab(w: Walk, answer: str):
    ctx = w.ctx
    while True:
        try:
            return lab_read.read_lab_line(ctx, answer)
        except errors.Ambiguous as err:
            first, second = err.readings
            pick = w.ask(f"{err} 1 for {first}, 2 for {second}", "1")
            number = (
                first if pick.strip() in ("1", first) else second if pick.strip() in ("2", second) else None
            )
            if number is None:
                continue
            answer = re.sub(r"\d+(?:[.,]\d+)+", number, answer, count=1)
        except Unreadable as err:
            ui.say(str(err))
            if w.yes("Keep it as you typed it?", True):
                return "as typed"
            return None


def _lab_table(labs) -> Table:
    from rrmm_prep.read import dates

    return Table(
        ["Test", "Value", "Unit", "Date"],
        [
            [x.test, x.value or "(as typed)", x.unit or "-", dates.say(x.date) if x.date else "-"]
            for x in labs
        ],
    )


def ask_questions(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    v = ctx.visit
    if "questions" not in ctx.chosen and not any(q.id for q in v.questions):
        questions.settle_questions(ctx)
    cat = questions.catalog(ctx)
    number = {q.id: i for i, q in enumerate(cat, 1)}
    ui.say(
        "Type +N or N to add a question, -N (or -a) to take one off, or your own question in words.", "dim"
    )
    while True:
        _show_question_list(ctx, number)
        answer = w.ask("Your change ('more' to see all questions by topic; Enter to keep this list)")
        if not answer:
            return
        if answer.strip().casefold() in ("more", "all", "browse", "list", "more questions"):
            _browse(w, cat)
            continue
        own = [q for q in v.questions if not q.id]
        letters = {chr(ord("a") + i): q for i, q in enumerate(own)}
        drop_own = re.findall(r"(?:^|[\s,])-([a-z])(?=$|[\s,])", answer)
        rest = re.sub(r"(?:^|[\s,])-([a-z])(?=$|[\s,])", " ", answer).strip()
        try:
            edit = choices.read_list_edit(rest, len(cat), numbers_add=True)
        except Unreadable as err:
            ui.say(str(err))
            continue
        if any(letter not in letters for letter in drop_own):
            ui.say("That letter is not on the list.")
            continue
        if edit.clear:
            ui.say("To take a question off, type - and its number, like -5 (or -a for one of your own).")
            continue
        ticked = [q.id for q in v.questions if q.id]
        ticked += [cat[n - 1].id for n in edit.add if cat[n - 1].id not in ticked]
        ticked = [i for i in ticked if number.get(i) not in edit.remove]
        dropped = [letters[x] for x in drop_own]
        keep_own = [q for q in own if all(q is not d for d in dropped)]
        on_list = {q.text.casefold() for q in v.questions}
        for text in map(choices.tidy_question, edit.words):
            if text.casefold() in on_list:
                ui.say("That question is on your list already.")
            else:
                keep_own.append(QuestionItem(text=text, topic="own"))
        v.questions = keep_own + [q for q in v.questions if q.id]
        questions.settle_questions(ctx, ticked)
        ctx.chosen.add("questions")


def _show_question_list(ctx: kinds.Ctx, number: dict[str, int]) -> None:
    v = ctx.visit
    own = [q for q in v.questions if not q.id]
    items, marks = [], []
    for i, q in enumerate(own):
        marks.append(f"{chr(ord('a') + i)}.")
        items.append(q.text + (" (not answered last time)" if q.carried else ""))
    for q in v.questions:
        if q.id:
            # The mark goes with the number, which a long question's cut end cannot take away.
            marks.append(f"{number.get(q.id, '?')}." + ("*" if q.why_suggested else ""))
            items.append(q.text)
    blocks = [Para(f"On your list now ({len(items)}):"), Columns(items, marks=marks, width=1)]
    if any(q.id and q.why_suggested for q in v.questions):
        blocks.append(Para("* suggested for you"))
    from rrmm_prep.content import rules

    on_list = {q.id for q in v.questions if q.id}
    more = [i for i in rules.suggestions(ctx.content, v) if i not in on_list and i in number][:6]
    if more:
        blocks += [
            Para("Also suggested for you (type +N to add):"),
            Columns(
                [ctx.content.question_by_id[i].text for i in more],
                marks=[f"{number[i]}." for i in more],
                width=1,
            ),
        ]
    ui.show(Doc(blocks))


def _browse(w: Walk, cat) -> None:
    ctx = w.ctx
    topics = list(ctx.content.topics)
    ui.show(
        Doc([Para("Topics:"), Columns([f"{t.title} ({len(t.questions)})" for t in topics], numbered=True)])
    )
    answer = w.ask("A topic's number to see its questions (Enter to go back)")
    if not answer.isdecimal() or not 1 <= int(answer) <= len(topics):
        return
    topic = topics[int(answer) - 1]
    on_list = {q.id for q in ctx.visit.questions if q.id}
    first = next(i for i, q in enumerate(cat, 1) if q.topic_id == topic.id)
    tasks = Tasks(
        [q.text for q in topic.questions],
        done=[q.id in on_list for q in topic.questions],
        numbers=list(range(first, first + len(topic.questions))),
    )
    ui.show(Doc([Heading(topic.title, 3), tasks]))


def ask_first(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    v = ctx.visit
    if not v.questions:
        return
    current = [i + 1 for i in v.ask_first if 0 <= i < len(v.questions)] or [
        i + 1 for i in questions.default_first(v)
    ]
    items = [q.text for q in v.questions]
    ui.show(Doc([Para("Your questions:"), Columns(items, numbered=True, width=1, limit=24)]))
    got = w.read(f"{f.label} Numbers", " ".join(map(str, current)), lambda a: questions.read_first(v, a))
    if got is None:  # Enter kept what is on the screen
        v.ask_first = [n - 1 for n in current]
        return
    v.ask_first = got[1]
    ui.readback("Ask first: " + (", ".join(str(i + 1) for i in v.ask_first) or "none"))


def ask_answers(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    numbered = ctx.visit.numbered()
    if not numbered:
        ui.say("This visit has no questions.")
        return
    ui.show(
        Doc([Columns([q.text for _, q in numbered], marks=[f"{n}." for n, _ in numbered], width=1, limit=26)])
    )
    default = " ".join(str(n) for n, q in numbered if q.answer)
    got = w.read(f.label, default, lambda a: choices.read_picks(a, len(numbered), allow_all=True))
    picks = [int(n) for n in default.split()] if got is None else got[1]
    for n in picks:
        q = ctx.visit.question_by_number(n)
        ui.say(f"{n}. {q.text}")
        q.answer = control_chars.clean(w.ask("   What were you told?", q.answer))


def ask_stop(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    ongoing = [t for t in ctx.visit.treatments if t.ongoing]
    if not ongoing:
        return
    ui.show(Doc([Para("Treatments you were taking:"), Bullets([t.name for t in ongoing], numbered=True)]))
    stopped = [i for i, t in enumerate(ongoing, 1) if t.name in ctx.after.stop]
    got = w.read(f.label, " ".join(map(str, stopped)), lambda a: treatments.read_stop(ctx, a))
    if got is not None:
        ctx.after.stop = got[1]
        if ctx.after.stop:
            ui.readback("Stopped: " + "; ".join(ctx.after.stop))


def ask_start(w: Walk, f: kinds.Field) -> None:
    ctx = w.ctx
    default = ", ".join(t.name for t in ctx.after.start)
    answer = w.ask(f.label.replace("Its name", "Names, commas between"), default)
    if answer == default:
        return
    started = []
    for name in choices.read_items(control_chars.clean(answer)):
        t = resolve_by_asking(w, name)
        if t is not None:
            started.append(treatments.starting_at_visit(ctx, t))
    ctx.after.start = started


ASK: dict[type, Callable[[Walk, kinds.Field], None]] = {
    kinds.Text: ask_scalar,
    kinds.Phone: ask_scalar,
    kinds.Date: ask_scalar,
    kinds.Time: ask_scalar,
    kinds.Mode: ask_scalar,
    kinds.Choices: ask_choices,
    kinds.Items: ask_items,
    kinds.Treatments: ask_treatments,
    kinds.Symptoms: ask_symptoms,
    kinds.Labs: ask_labs,
    kinds.Questions: ask_questions,
    kinds.AskFirst: ask_first,
    kinds.Answers: ask_answers,
    kinds.Stop: ask_stop,
    kinds.Start: ask_start,
}
