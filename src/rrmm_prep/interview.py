"""The new-visit walk: an ordered list of steps, each reading and writing the Visit through ui.

Every prompt has a default, Enter takes it, and nothing needs arrow keys. Each answer goes into the Visit at
once, so Ctrl-C or end of input at any prompt loses nothing: the caller saves a draft with the step that was
running, and a resumed walk starts that step again with what was typed as the defaults.

The functions at the bottom (``start``, ``carry_forward``, ``settle_questions``) hold the defaults shared with
``--answers`` and ``--no-input``, so a file that leaves something out gets exactly what Enter gives.
"""

from __future__ import annotations

import datetime as dt

from rrmm_prep import rules, ui
from rrmm_prep.content import Content
from rrmm_prep.doc import Bullets, Callout, Doc, Heading, Para, Table, Tasks
from rrmm_prep.errors import NotFoundError
from rrmm_prep.lookup import Index
from rrmm_prep.visit import (
    OUTCOMES,
    LabValue,
    QuestionItem,
    SymptomReport,
    Treatment,
    Visit,
    parse_date,
    parse_time,
    parse_when,
)

MAX_FIRST = 3
SEVERITY_CHOICES = ("mild", "moderate", "severe")


# ------------------------------------------------------------------------------------------ shared defaults


def start(content: Content, today: dt.date | None = None) -> Visit:
    today = today or dt.date.today()
    visit = Visit(created=dt.datetime.now().isoformat(timespec="seconds"), content_reviewed=content.reviewed)
    visit.info.date = today.isoformat()
    if content.visit_reasons:
        visit.info.reason = content.visit_reasons[0].label
        visit.info.reason_id = content.visit_reasons[0].id
    return visit


def carry_forward(visit: Visit, last: Visit | None) -> Visit:
    """Start from the last visit: its treatments, health problems, medicines and goals, and the person's own
    questions that got no answer (offered again, marked as such)."""
    if last is None:
        return visit
    visit.treatments = [Treatment(**vars(t)) for t in last.treatments]
    for t in visit.treatments:
        t.drugs, t.bad_effects = list(t.drugs), list(t.bad_effects)
    visit.health_problems = list(last.health_problems)
    visit.medicines = list(last.medicines)
    visit.goals = list(last.goals)
    visit.daily_life = last.daily_life
    for q in last.unanswered_own():
        visit.questions.append(QuestionItem(text=q.text, topic="own", carried=True))
    return visit


def default_question_ids(content: Content, visit: Visit) -> list[str]:
    """The questions ticked before the person changes anything: the default set plus the suggested ones."""
    suggested = rules.suggestions(content, visit)
    return [q.id for t in content.topics for q in t.questions if q.default or q.id in suggested]


def settle_questions(content: Content, visit: Visit, ticked: list[str] | None = None) -> None:
    """Put the content questions ``ticked`` (default: the default set and suggestions) with the person's own
    questions, in topic order, each with the reason it was suggested."""
    suggested = rules.suggestions(content, visit)
    if ticked is None:
        ticked = default_question_ids(content, visit)
    own = [q for q in visit.questions if not q.id]
    chosen = []
    for topic in content.topics:
        for q in topic.questions:
            if q.id in ticked:
                chosen.append(
                    QuestionItem(text=q.text, id=q.id, topic=topic.id, why_suggested=suggested.get(q.id, ""))
                )
    old_first = [visit.questions[i].text for i in visit.ask_first if 0 <= i < len(visit.questions)]
    visit.questions = [*own, *chosen]
    visit.ask_first = [i for i, q in enumerate(visit.questions) if q.text in old_first][:MAX_FIRST]


def default_first(visit: Visit) -> list[int]:
    return list(range(min(MAX_FIRST, len(visit.questions))))


def treatment_from_match(content: Content, name: str, match) -> Treatment:
    if match.kind == "drug":
        return Treatment(name=name.strip(), kind="drug", ref=match.drug.id, drugs=[match.drug.id])
    return Treatment(
        name=match.regimen.abbreviation,
        kind="regimen",
        ref=match.regimen.id,
        drugs=[d.id for d in match.drugs],
    )


def side_effects_for(content: Content, treatment: Treatment) -> list[str]:
    out: dict[str, None] = {}
    for d in treatment.drugs:
        drug = content.drug_by_id.get(d)
        for effect in drug.side_effects if drug else ():
            out.setdefault(effect, None)
    return list(out)[:12]


# ------------------------------------------------------------------------------------------------ prompts


def ask(label: str, default: str = "") -> str:
    return ui.ask(label, default)


def ask_yes(label: str, default: bool = True) -> bool:
    while True:
        answer = ask(f"{label} (y/n)", "y" if default else "n").strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        ui.say("Please type y or n, or press Enter.")


def ask_numbers(label: str, count: int, default: list[int] | None = None, allow_words: bool = False):
    """Numbers like "1 4 7" (or "1,4"), "all", "none". Returns (numbers, words typed that are not numbers)."""
    default_text = " ".join(str(n) for n in default or []) or ""
    while True:
        answer = ask(label, default_text)
        lowered = answer.strip().lower()
        if lowered in ("", "none", "0", "-"):
            return [], []
        if lowered == "all":
            return list(range(1, count + 1)), []
        numbers, words, bad = [], [], []
        for part in [p.strip() for p in answer.split(",") if p.strip()]:
            tokens = part.split()
            if all(t.isdecimal() for t in tokens):
                for t in tokens:
                    (numbers if 1 <= int(t) <= count else bad).append(int(t))
            elif allow_words:
                words.append(part)
            else:
                bad.append(part)
        if bad:
            ui.say(
                f"Please type numbers from 1 to {count}, separated by spaces"
                + (", 'all' or 'none'." if count else ".")
            )
            continue
        return list(dict.fromkeys(numbers)), words


def ask_list(label: str, items: list[str], noun: str) -> list[str]:
    """Keep, remove and add items of a list. Enter keeps what is there and adds nothing."""
    items = list(items)
    if items:
        ui.show(Doc([Para(f"{label} from before:"), Bullets(items, numbered=True)]))
        remove, _ = ask_numbers(f"Type numbers of any {noun} to remove (Enter keeps them all)", len(items))
        items = [x for i, x in enumerate(items, 1) if i not in remove]
    while True:
        added = ask(f"Add {'another' if items else 'a'} {noun} (Enter when done)")
        if not added:
            return items
        items.append(added)


def ask_choice(label: str, options: list[str], default: str = "", own_words: bool = True) -> str:
    """A numbered choice; own words are taken as they are when ``own_words``."""
    ui.show(Doc([Bullets(options, numbered=True)]))
    while True:
        answer = ask(label, default)
        if answer.isdecimal():
            if 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            ui.say(
                f"Please type a number from 1 to {len(options)}"
                + (" or your own words." if own_words else ".")
            )
            continue
        if own_words or not answer or answer in options:
            return answer
        ui.say(f"Please type a number from 1 to {len(options)}.")


# ------------------------------------------------------------------------------------------------ the walk


class Steps:
    """A walk: runs ``STEPS`` (title, method name) from ``self.step`` on. ``self.step`` always names the step
    that is running, so a draft saved on Ctrl-C can start again there."""

    STEPS: tuple[tuple[str, str], ...] = ()
    visit: Visit
    step: int

    def run(self) -> Visit:
        steps = [(name, getattr(self, method)) for name, method in self.STEPS]
        while self.step < len(steps):
            name, step = steps[self.step]
            ui.show(Doc([Heading(f"Step {self.step + 1} of {len(steps)}: {name}", 2)]))
            step()
            self.step += 1
        self.finish()
        return self.visit

    def finish(self) -> None:
        """Called once every step is done."""


class Walk(Steps):
    """The new-visit walk."""

    STEPS = (
        ("The visit", "step_visit"),
        ("Treatments so far", "step_treatments"),
        ("How you have been", "step_symptoms"),
        ("Other health problems and medicines", "step_health"),
        ("Goals for the next treatment", "step_goals"),
        ("Lab results you have", "step_labs"),
        ("Questions to ask", "step_questions"),
        ("Before you go", "step_checklists"),
        ("Anything else", "step_notes"),
    )

    def __init__(self, content: Content, visit: Visit, step: int = 0, today: dt.date | None = None) -> None:
        self.content = content
        self.visit = visit
        self.step = step
        self.today = today or dt.date.today()
        self.index = Index(content)

    # ---------------------------------------------------------------- 1

    def step_visit(self) -> None:
        info = self.visit.info
        ui.say(
            "Press Enter to take the answer in [brackets] and move on. Ctrl-C stops and keeps what you typed."
        )
        while True:
            answer = ask(
                "Visit date (like 2026-12-03, dec 3 or tomorrow)", info.date or self.today.isoformat()
            )
            try:
                info.date = parse_date(answer, self.today).isoformat()
                break
            except ValueError as err:
                ui.say(str(err))
        while True:
            try:
                info.time = parse_time(ask("Time (like 10:30 or 2pm; Enter to skip)", info.time))
                break
            except ValueError as err:
                ui.say(str(err))
        info.clinician = ask("Who is the visit with (doctor or nurse)", info.clinician)
        info.place = ask("Where (clinic or hospital)", info.place)
        reasons = [r.label for r in self.content.visit_reasons]
        ui.say("What is the visit for?")
        info.reason = ask_choice("Reason: a number or your own words", reasons, info.reason)
        info.reason_id = next((r.id for r in self.content.visit_reasons if r.label == info.reason), "")
        info.companion = ask("Who is coming with you (Enter if no one)", info.companion)

    # ---------------------------------------------------------------- 2

    def step_treatments(self) -> None:
        v = self.visit
        if v.treatments:
            ui.show(Doc([Para("Treatments you told us about before:"), self._treatment_table()]))
            picks, _ = ask_numbers(
                "Type numbers of any to update or remove (Enter keeps them as they are)", len(v.treatments)
            )
            for n in picks:
                t = v.treatments[n - 1]
                if ask_yes(f"Keep {t.name} in the list?", True):
                    self._details(t)
                else:
                    t.name = ""
            v.treatments = [t for t in v.treatments if t.name]
        ui.say(
            "Add the myeloma treatments you have had, one at a time: a drug, a brand or a combination like KRd."
        )
        while True:
            name = ask("Treatment (Enter when done)")
            if not name:
                return
            treatment = self._resolve(name)
            if treatment is None:
                continue
            v.treatments.append(treatment)
            self._details(treatment)

    def _resolve(self, name: str) -> Treatment | None:
        try:
            match = self.index.find(name)
        except NotFoundError:
            hints = self.index.suggestions(name)
            if hints:
                ui.say(f"I don't know '{name}'. Did you mean:")
                choice = ask_choice(
                    "Type a number, or Enter to keep it as you typed it", hints, "", own_words=False
                )
                if choice:
                    return self._resolve(choice)
            return Treatment(name=name)
        if match.kind in ("drug", "regimen"):
            return treatment_from_match(self.content, name, match)
        options = [d.name for d in match.drugs]
        ui.say(f"'{name}' is a group of drugs. Which one?")
        choice = ask_choice("Type a number (Enter to skip)", options, "", own_words=False)
        return self._resolve(choice) if choice else None

    def _details(self, t: Treatment) -> None:
        while True:
            try:
                t.started = parse_when(
                    ask(f"When did you start {t.name}? (like 2023-02; Enter to skip)", t.started)
                )
                t.stopped = parse_when(
                    ask("When did you stop? (Enter if still taking or not sure)", t.stopped)
                )
                break
            except ValueError as err:
                ui.say(str(err))
        default = t.outcome or ("" if t.stopped else "still taking")
        ui.say(f"How did {t.name} go?")
        t.outcome = ask_choice("A number (Enter to skip)", list(OUTCOMES), default, own_words=False)
        effects = side_effects_for(self.content, t)
        known = [e for e in t.bad_effects if e in effects]
        own = [e for e in t.bad_effects if e not in effects]
        if effects:
            ui.show(Doc([Para(f"Known side effects of {t.name}:"), Bullets(effects, numbered=True)]))
            picks, words = ask_numbers(
                "Bad effects you had: type numbers, and your own words after a comma (Enter for none)",
                len(effects),
                [effects.index(e) + 1 for e in known],
                allow_words=True,
            )
            t.bad_effects = [effects[n - 1] for n in picks] + (words or own)
        else:
            answer = ask("Bad effects you had, in your own words (Enter for none)", "; ".join(own))
            t.bad_effects = [p.strip() for p in answer.split(";") if p.strip()]

    def _treatment_table(self) -> Table:
        rows = [
            [f"{i}. {t.name}", t.started or "-", t.stopped or "-", t.outcome or "-"]
            for i, t in enumerate(self.visit.treatments, 1)
        ]
        return Table(["Treatment", "Started", "Stopped", "How it went"], rows)

    # ---------------------------------------------------------------- 3

    def step_symptoms(self) -> None:
        v = self.visit
        symptoms = list(self.content.symptoms)
        labels = [s.label for s in symptoms]
        ui.show(
            Doc([Para("Symptoms you may have had since your last visit:"), Bullets(labels, numbered=True)])
        )
        current = {s.id: s for s in v.symptoms if s.id}
        own = [s for s in v.symptoms if not s.id]
        picks, words = ask_numbers(
            "Which have you had? Type numbers, and other symptoms in your own words after a comma (Enter for none)",
            len(symptoms),
            [i for i, s in enumerate(symptoms, 1) if s.id in current and current[s.id].severity != "none"],
            allow_words=True,
        )
        reports = []
        for n in picks:
            s = symptoms[n - 1]
            reports.append(current.get(s.id) or SymptomReport(name=s.label, id=s.id))
        for word in words:
            reports.append(next((o for o in own if o.name == word), SymptomReport(name=word)))
        if not words:
            reports += own
        v.symptoms = reports
        for report in reports:
            ui.say(f"How bad is it: {report.name}?")
            report.severity = (
                ask_choice(
                    "1 mild, 2 moderate, 3 severe",
                    list(SEVERITY_CHOICES),
                    report.severity or "mild",
                    own_words=False,
                )
                or "mild"
            )
            self._warn_if_urgent(report)
            report.note = ask(f"A note about {report.name} (Enter to skip)", report.note)
        options = [c.text for c in self.content.daily_life]
        ui.say("How much can you do day to day? (Your doctor weighs this when choosing a treatment.)")
        v.daily_life = ask_choice(
            "The closest one: a number or your own words (Enter to skip)", options, v.daily_life
        )

    def _warn_if_urgent(self, report: SymptomReport) -> None:
        probe = Visit(info=self.visit.info, treatments=self.visit.treatments, symptoms=[report])
        flags = rules.urgent_flags(self.content, probe)
        if flags:
            from rrmm_prep.summary import AFTER_HOURS, CALL_NOW, flag_line

            ui.show(Doc([Callout(CALL_NOW, [flag_line(report.name, f) for f in flags], fill_in=AFTER_HOURS)]))

    # ---------------------------------------------------------------- 4, 5

    def step_health(self) -> None:
        v = self.visit
        ui.say("Your doctor weighs your other health problems and medicines when choosing a treatment.")
        v.health_problems = ask_list(
            "Other health problems", v.health_problems, "health problem (like diabetes)"
        )
        v.medicines = ask_list(
            "Medicines", v.medicines, "medicine you take now, with the dose if you know it"
        )

    def step_goals(self) -> None:
        v = self.visit
        offered = [g.text for g in self.content.goals]
        own = [g for g in v.goals if g not in offered]
        marks = Tasks(offered, done=[g in v.goals for g in offered], numbers=list(range(1, len(offered) + 1)))
        ui.show(Doc([Para("What matters most to you in the next treatment?"), marks]))
        picks, words = ask_numbers(
            "Type numbers, and your own goals after a comma (Enter keeps what is marked)",
            len(offered),
            [offered.index(g) + 1 for g in v.goals if g in offered],
            allow_words=True,
        )
        v.goals = [offered[n - 1] for n in picks] + (words or own)

    # ---------------------------------------------------------------- labs

    def step_labs(self) -> None:
        v = self.visit
        if v.labs:
            ui.show(
                Doc(
                    [
                        Table(
                            ["Test", "Value", "Unit", "Date"],
                            [[x.test, x.value, x.unit, x.date] for x in v.labs],
                        )
                    ]
                )
            )
        ui.say("If you have recent lab results (like M-protein or free light chains), you can add them here.")
        while True:
            name = ask("Lab test (Enter to skip or when done)")
            if not name:
                return
            from rrmm_prep import trends

            test = trends.find_test(self.content, name)
            label = test.name if test else name
            value = ask(f"{label} value (a number, as on the report)")
            if not value:
                continue
            unit = ask("Unit", test.units[0] if test else "")
            problem = trends.check_value(self.content, label, value, unit)
            if problem:
                ui.say(problem)
                if not ask_yes("Keep it as you typed it?", False):
                    continue
            date = ask("Date of the test (like 2026-11-20)", v.info.date)
            v.labs.append(LabValue(test=label, value=value, unit=unit, date=date, id=test.id if test else ""))

    # ---------------------------------------------------------------- 6

    def step_questions(self) -> None:
        v = self.visit
        content_questions = [q for t in self.content.topics for q in t.questions]
        if not any(q.id for q in v.questions):
            settle_questions(self.content, v)
        suggested = rules.suggestions(self.content, v)
        ticked = {q.id for q in v.questions if q.id}
        while True:
            doc = Doc()
            n = 0
            for topic in self.content.topics:
                doc.add(Heading(topic.title, 3))
                tasks = Tasks([], numbers=[])
                for q in topic.questions:
                    n += 1
                    tasks.items.append(q.text)
                    tasks.numbers.append(n)
                    tasks.done.append(q.id in ticked)
                    tasks.notes.append([f"Suggested because {suggested[q.id]}."] if q.id in suggested else [])
                doc.add(tasks)
            ui.show(doc)
            answer = (
                ask("Type numbers to tick or untick, 'all' or 'none' (Enter keeps these)").strip().lower()
            )
            if not answer:
                break
            if answer in ("all", "none"):
                ticked = {q.id for q in content_questions} if answer == "all" else set()
                continue
            tokens = answer.replace(",", " ").split()
            if not all(t.isdecimal() and 1 <= int(t) <= len(content_questions) for t in tokens):
                ui.say(f"Please type numbers from 1 to {len(content_questions)}, 'all' or 'none'.")
                continue
            for t in dict.fromkeys(tokens):
                ticked ^= {content_questions[int(t) - 1].id}
        settle_questions(self.content, v, [q.id for q in content_questions if q.id in ticked])
        own = [q for q in v.questions if not q.id]
        if own:
            ui.show(
                Doc(
                    [
                        Para("Your own questions:"),
                        Bullets(
                            [q.text + (" (not answered last time)" if q.carried else "") for q in own],
                            numbered=True,
                        ),
                    ]
                )
            )
            remove, _ = ask_numbers("Type numbers of any to remove (Enter keeps them all)", len(own))
            drop = {id(own[n - 1]) for n in remove}
            v.questions = [q for q in v.questions if id(q) not in drop]
        while True:
            text = ask("Add your own question (Enter when done)")
            if not text:
                break
            v.questions.insert(
                len([q for q in v.questions if not q.id]), QuestionItem(text=text, topic="own")
            )
        if not v.questions:
            return
        ui.show(Doc([Para("Your questions:"), Bullets([q.text for q in v.questions], numbered=True)]))
        current = [i + 1 for i in v.ask_first] or [i + 1 for i in default_first(v)]
        while True:
            picks, _ = ask_numbers(
                "Pick up to three to ask first (Enter takes the ones shown)", len(v.questions), current
            )
            if len(picks) <= MAX_FIRST:
                break
            ui.say("Please pick three at most.")
        v.ask_first = [p - 1 for p in picks]

    # ---------------------------------------------------------------- 7, 8

    def step_checklists(self) -> None:
        v = self.visit
        go = list(self.content.before_you_go)
        ui.show(
            Doc(
                [
                    Para("Before you go:"),
                    Tasks(
                        [c.text for c in go],
                        done=[c.id in v.ready for c in go],
                        numbers=list(range(1, len(go) + 1)),
                    ),
                ]
            )
        )
        picks, _ = ask_numbers(
            "Type numbers of what you have done already (Enter for none yet)",
            len(go),
            [i for i, c in enumerate(go, 1) if c.id in v.ready],
        )
        v.ready = [go[n - 1].id for n in picks]
        ui.show(
            Doc(
                [
                    Para("Before you leave the visit (this list is in your summary):"),
                    Tasks([c.text for c in self.content.before_you_leave]),
                ]
            )
        )

    def step_notes(self) -> None:
        v = self.visit
        v.notes = ask("Anything else to tell your doctor or to remember (Enter to skip)", v.notes)
        v.private_notes = ask(
            "A private note, left out when you share with family (Enter to skip)", v.private_notes
        )


# ------------------------------------------------------------------------------------------------ after the visit


class AfterWalk(Steps):
    """Records what was said: an answer for each question, then decisions, next steps and whom to call."""

    STEPS = (("Answers to your questions", "step_answers"), ("What happens next", "step_next"))

    def __init__(self, visit: Visit, step: int = 0, today: dt.date | None = None) -> None:
        from rrmm_prep.visit import AfterVisit

        self.visit = visit
        self.visit.after = visit.after or AfterVisit()
        self.step = step
        self.today = today or dt.date.today()

    def finish(self) -> None:
        self.visit.after.recorded = dt.datetime.now().isoformat(timespec="seconds")

    def step_answers(self) -> None:
        numbered = self.visit.numbered()
        if not numbered:
            ui.say("This visit has no questions.")
            return
        ui.say(
            "For each question, type what you were told. Press Enter if it was not asked or had no answer."
        )
        for n, q in numbered:
            q.answer = ask(f"{n}. {q.text}\n   Answer", q.answer)

    def step_next(self) -> None:
        a = self.visit.after
        a.decisions = ask("What was decided (Enter to skip)", a.decisions)
        a.next_steps = ask_list(
            "Next steps and tests", a.next_steps, "next step or test (like blood tests in two weeks)"
        )
        while True:
            answer = ask("Date of the next appointment (Enter to skip)", a.next_visit)
            if not answer:
                a.next_visit = ""
                break
            try:
                a.next_visit = parse_date(answer, self.today).isoformat()
                break
            except ValueError as err:
                ui.say(str(err))
        a.contact_name = ask("Name of the person to call with questions", a.contact_name)
        a.contact_phone = ask("Their phone number", a.contact_phone)
        a.for_family = ask("A short note for family (Enter to skip)", a.for_family)
