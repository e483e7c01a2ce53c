"""The new-visit, after-visit and about-me questionnaires, defined once: named steps of fields.

A field has a key (its place in an answers file: ``visit.date``, ``about_me.name``), the walk's label and help,
a kind (how it is asked and read), where its value lives in the Visit (``get``/``put``), and whether the quick
path asks it (what is carried forward from the last visit is defaults.carry_forward). The walk (walk.py), answers files
(answers_file.py) and ``--no-input`` all run these definitions, and every answer goes through the readers
here (or in readers.py, dates.py, symptoms.py), so a typed answer and a file answer can never be read two ways.
Adding a field is one entry here, plus the summary that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form import defaults
from rrmm_prep.form.compound import Part
from rrmm_prep.form.kinds import (
    FULL,
    Choices,
    Ctx,
    Date,
    Field,
    Items,
    Kind,
    Mode,
    Phone,
    Questionnaire,
    Step,
    Text,
    Time,
)
from rrmm_prep.form.lists import Answers, AskFirst, Questions
from rrmm_prep.form.report_kinds import Effects, Labs, Symptoms
from rrmm_prep.form.treatment_kinds import Starts, Stops, Treatments
from rrmm_prep.model.visit import AboutMe
from rrmm_prep.read import choices, dates, symptoms, treatments
from rrmm_prep.read.choices import Option


def reason_options(ctx: Ctx) -> list[Option]:
    return [Option(r.id, r.label, r.aliases) for r in ctx.content.visit_reasons]


def daily_options(ctx: Ctx) -> list[Option]:
    return [Option(c.id, c.text) for c in ctx.content.daily_life]


def goal_options(ctx: Ctx) -> list[Option]:
    return [Option(g.id, g.text) for g in ctx.content.goals]


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


def _put_reasons(ctx: Ctx, picked: list[choices.Picked]) -> None:
    ctx.visit.info.reasons = [p.text for p in picked]
    ctx.visit.info.reason_ids = [p.id for p in picked if p.id]


def _get_reasons(ctx: Ctx) -> list[choices.Picked]:
    info = ctx.visit.info
    by_label = {r.label: r.id for r in ctx.content.visit_reasons}
    return [choices.Picked(by_label.get(text, ""), text) for text in info.reasons]


def _put_daily(ctx: Ctx, picked: list[choices.Picked]) -> None:
    ctx.visit.daily_life = picked[0].text if picked else ""


def _get_daily(ctx: Ctx) -> list[choices.Picked]:
    return [choices.Picked("", ctx.visit.daily_life)] if ctx.visit.daily_life else []


def _put_goals(ctx: Ctx, picked: list[choices.Picked]) -> None:
    ctx.visit.goals = [p.text for p in picked]


def _get_goals(ctx: Ctx) -> list[choices.Picked]:
    offered = {g.text: g.id for g in ctx.content.goals}
    return [choices.Picked(offered.get(g, ""), g) for g in ctx.visit.goals]


def _has_last(ctx: Ctx) -> bool:
    return ctx.last is not None


def _full(ctx: Ctx) -> bool:
    return ctx.mode == FULL


def about_unasked(ctx: Ctx) -> bool:
    """About me has not been filled in (an after-hours number after-visit recorded does not count): new-visit
    asks it as its first step."""
    a = ctx.visit.about
    return not any((a.name, a.born, a.myeloma_type, a.diagnosed, a.allergies))


# ------------------------------------------------------------------------------------------------ compound answers
# Each compound answer's parts, in the order they claim the words of a typed line. Adding a part is one entry
# here (and what shows it in render/summary.py): the walk asks it when ``asked`` says so, answers files read it
# under its key, the review and the read-backs say it, and the template lists it.


def _effects(ctx: Ctx, t, text: str) -> None:
    for e in treatments.read_effects(ctx, t, text):
        if all(e.name.casefold() != x.name.casefold() for x in t.bad_effects):
            t.bad_effects.append(e)


def _put_reason(ctx: Ctx, t, text: str) -> None:
    t.reason = clean(text)


TREATMENT_PARTS = (
    Part(
        "when",
        "when",
        show=lambda t: t.when,
        read=treatments.read_when,
        claim=treatments.claim_when,
        asked=lambda ctx, t: not (t.started or t.stopped),
        example="2019 to 2020",
    ),
    Part(
        "outcome",
        "how it went",
        show=treatments.show_how,
        read=treatments.read_how,
        claim=treatments.claim_outcome,
        asked=lambda ctx, t: not t.outcome,
        file_keys=("how",),
        example="worked",
    ),
    Part("reason", "why", show=lambda t: "", read=_put_reason),
    Part(
        "bad_effects",
        "bad effects",
        show=treatments.show_effects,
        read=_effects,
        claim=treatments.claim_effects,
        asked=lambda ctx, t: not t.bad_effects,
        example="numbness",
        repeats=True,
    ),
)

SYMPTOM_PARTS = (
    Part(
        "since",
        "since",
        show=lambda r: dates.say(r.since) if r.since else "",
        read=symptoms.put_since,
        claim=symptoms.claim_since,
        example="since last week",
    ),
    Part("course", "", show=lambda r: r.course, read=symptoms.put_course, claim=symptoms.claim_course),
    Part(
        "severity",
        "how bad",
        show=lambda r: r.severity,
        read=symptoms.put_severity,
        claim=symptoms.claim_severity,
        asked=lambda ctx, r: not r.severity,
        example="2",
    ),
    Part(
        "note", "note", show=lambda r: r.note, read=symptoms.put_note, claim=symptoms.claim_note, repeats=True
    ),
)


def _lab_part(key: str, example: str) -> Part:
    return Part(
        key, key, show=lambda x, key=key: getattr(x, key), read=lambda ctx, x, text: None, example=example
    )


LAB_PARTS = (_lab_part("value", "1.2"), _lab_part("unit", "g/dL"), _lab_part("date", "2026-11-20"))


def _claim_date(ctx: Ctx, item, words: list[str]) -> tuple[str, list[str]]:
    """A date around the visit at the start of the words ("today", "jan 5", "next week")."""
    for n in range(min(len(words), 4), 0, -1):
        try:
            dates.read_when(" ".join(words[:n]), ctx.visit_day, dates.ANY)
        except Unreadable:  # not a date: try fewer words
            continue
        return " ".join(words[:n]), words[n:]
    return "", words


def _rest(ctx: Ctx, item, words: list[str]) -> tuple[str, list[str]]:
    return " ".join(words), []


def _change_parts(why: str, example: str) -> tuple[Part, ...]:
    return (
        Part(
            "date",
            "from when",
            show=lambda c: dates.say(c.date) if c.date else "",
            read=treatments.read_change_date,
            claim=_claim_date,
            asked=lambda ctx, c: True,
            example="today",
        ),
        Part(
            "reason",
            why,
            show=lambda c: c.reason,
            read=treatments.read_stop_reason
            if why == "why"
            else (lambda ctx, c, text: setattr(c, "reason", clean(text))),
            claim=_rest,
            asked=lambda ctx, c: True,
            example=example,
            repeats=True,
        ),
    )


STOP_PARTS = _change_parts("why", "stopped working")
CHANGE_PARTS = _change_parts("what changes", "a lower dose")
START_PARTS = (
    Part(
        "starts",
        "when it starts",
        show=lambda t: dates.say(t.started) if t.started else "",
        read=treatments.read_start_date,
        claim=_rest,
        asked=lambda ctx, t: True,
        file_keys=("date", "started", "when"),
        example="next monday",
    ),
)


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
        name="When",
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
        file=False,
        review=False,
    ),
    Field(
        "visit.time",
        "What time? (like 10:30 or 2pm; Enter to skip)",
        Time(),
        _get(_info, "time"),
        _set(_info, "time"),
        example="10:30",
        when=lambda ctx: not ctx.visit.info.time and ctx.mode == FULL,
        review=False,
    ),
    Field(
        "visit.with",
        "Who is the visit with? (doctor or nurse)",
        Text(),
        _get(_info, "clinician"),
        _set(_info, "clinician"),
        example="Dr. Rivera, hematology",
        name="With",
    ),
    Field(
        "visit.place",
        "Where? (clinic or hospital)",
        Text(),
        _get(_info, "place"),
        _set(_info, "place"),
        example="Riverside Cancer Center",
        name="Where",
    ),
    Field(
        "visit.reason",
        "What is the visit for? Numbers or your own words (several are fine)",
        Choices(reason_options),
        _get_reasons,
        _put_reasons,
        example="choosing a new treatment",
        quick=True,
        name="What it is for",
    ),
    Field(
        "visit.companion",
        "Who is coming with you? (Enter if no one)",
        Text(),
        _get(_info, "companion"),
        _set(_info, "companion"),
        example="Anna (my daughter)",
        name="Coming with you",
    ),
)


NEW_VISIT = Questionnaire(
    "new-visit",
    (
        Step(
            "about",
            "About you",
            ABOUT_FIELDS,
            when=about_unasked,
            ends_when=lambda ctx: not ctx.visit.about.name,
        ),
        Step("visit", "The visit", VISIT_FIELDS),
        Step(
            "treatments",
            "Treatments so far",
            (
                Field(
                    "treatments",
                    "Which myeloma treatments have you had? Names, commas between",
                    Treatments(parts=TREATMENT_PARTS),
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
                    Symptoms(parts=SYMPTOM_PARTS),
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
                    name="Day to day",
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
                    Choices(goal_options, ticked=True),
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
                    Labs(parts=LAB_PARTS),
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
                    name="Anything else",
                ),
                Field(
                    "private_notes",
                    "A private note, left out of what you print or share (Enter to skip)",
                    Text(multiline=True),
                    _get(_visit, "private_notes"),
                    _set(_visit, "private_notes"),
                    name="Private note",
                ),
                Field(
                    "ready",
                    "Before you go: which have you done already?",
                    Choices(
                        lambda ctx: [Option(c.id, c.text) for c in ctx.content.before_you_go],
                        own_words=False,
                        ids=True,
                    ),
                    lambda ctx: [
                        choices.Picked(c.id, c.text)
                        for c in ctx.content.before_you_go
                        if c.id in ctx.visit.ready
                    ],
                    lambda ctx, picked: setattr(ctx.visit, "ready", [p.id for p in picked]),
                    walk=False,
                    review=False,
                ),
            ),
        ),
    ),
    covers="the visit, your treatments so far, how you have been, other health problems and medicines, "
    "your goals, lab results and your questions",
    review=True,
    finish=defaults.finish,
)


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
                    Stops(parts=STOP_PARTS),
                    _get(_after, "stop"),
                    _set(_after, "stop"),
                    example="[DPd]",
                    name="Stopped",
                ),
                Field(
                    "treatment_changes.change",
                    "Does a treatment change (a dose, how often)? Its number or name (Enter if none)",
                    Stops(parts=CHANGE_PARTS, noun="change", question="changed"),
                    _get(_after, "change"),
                    _set(_after, "change"),
                    example="[dexamethasone]",
                    name="Changed",
                ),
                Field(
                    "treatment_changes.start",
                    "Is a new treatment starting? Its name (a medicine too; Enter if none)",
                    Starts(parts=START_PARTS),
                    _get(_after, "start"),
                    _set(_after, "start"),
                    example="[teclistamab]",
                    name="Starting",
                ),
                Field(
                    "watch",
                    "Bad effects to watch for, as you were told? Commas between (Enter if none)",
                    Effects(),
                    _get(_after, "watch"),
                    _set(_after, "watch"),
                    example="[fever, confusion]",
                    name="Watch for",
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
                    "When is the next appointment? (like jan 7 at 2pm, or in 3 weeks; Enter if not set)",
                    Date(dates.FUTURE, with_time=True, from_visit=True),
                    lambda ctx: (ctx.after.next_visit, ctx.after.next_visit_time),
                    _put_next_visit,
                    example="2027-01-07",
                    name="Next appointment",
                ),
                Field(
                    "contact.name",
                    "Who should you call with questions? (name and role)",
                    Text(),
                    _get(_after, "contact_name"),
                    _set(_after, "contact_name"),
                    example="Kim Park, nurse navigator",
                    name="Who to call",
                ),
                Field(
                    "contact.phone",
                    "Their phone number",
                    Phone(),
                    _get(_after, "contact_phone"),
                    _set(_after, "contact_phone"),
                    example="555-0142",
                    name="Their phone number",
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
                    name="Note for family",
                ),
            ),
        ),
    ),
    covers="the answers you got, what was decided, what changes, the next appointment and whom to call",
    review=True,
)


QUESTIONNAIRES = {q.name: q for q in (NEW_VISIT, AFTER_VISIT, ABOUT)}
