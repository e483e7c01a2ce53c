"""Readers for treatments: a typed name -> a drug, regimen or own words; their dates; how a treatment went;
its bad effects; the treatments stopped at a visit."""

from __future__ import annotations

from dataclasses import dataclass

from rrmm_prep import errors
from rrmm_prep.content.records import normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.kinds import Ctx
from rrmm_prep.model.visit import OUTCOMES, Treatment
from rrmm_prep.read import choices, dates
from rrmm_prep.read.choices import NONE_WORDS, Option, read_picks

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
    typed = clean(text)
    try:
        picked = choices.read_choice(typed, OUTCOME_OPTIONS, own_words=False)
    except errors.Unreadable:
        said = choices.options_in(typed, OUTCOMES_IN_WORDS) or choices.close_option(typed, OUTCOME_OPTIONS)
        if len(said) == 1:
            return said[0].id
        if said:
            ids = [o.id for o in OUTCOME_OPTIONS]
            which = " or ".join(f"{ids.index(o.id) + 1} ({o.label})" for o in said)
            raise errors.Unreadable(f"Which is it: {which}? Type its number.") from None
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

    name = clean(name)
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
    text = clean(text)
    try:
        if t.one_time:
            t.started = read_treatment_date(ctx, text)
            t.stopped, t.outcome = "", t.outcome if t.outcome != "still taking" else ""
            return
        span = dates.read_span(text, ctx.past_day)
    except errors.DateError as err:
        raise Unreadable(str(err)) from None
    t.started = span.started.iso if span.started else ""
    t.stopped = span.stopped.iso if span.stopped else ""
    if span.ongoing:
        t.outcome = "still taking"
    elif t.stopped and t.outcome == "still taking":
        t.outcome = ""


def read_treatment_date(ctx: Ctx, text: str) -> str:
    """One date of a treatment (when it started, stopped, or a one-time event's), as precise as given, read from
    the visit's day (a treatment "in december" before a January visit is last December). Raises Unreadable."""
    text = clean(text)
    try:
        return dates.read_when(text, ctx.past_day, dates.PAST).iso if text else ""
    except errors.DateError as err:
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
    text = clean(text)
    if normalize(text) in NONE_WORDS:
        return []
    options = [Option(e, e) for e in effect_options(ctx, t)]
    return [p.text for p in choices.read_choices(text, options, several=True, own_words=True)]


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
