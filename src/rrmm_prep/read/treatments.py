"""Readers for treatments: one line -> the treatments it names, each with its parts (when, how it went, bad
effects); the parts an answer gives; each part read and said back; the treatments stopped or changed at a visit.

A line is read the way people write a treatment down: its name first (a drug, a brand, a regimen, a transplant,
a CAR-T, or the drugs of a combination: "velcade revlimid dex" is VRd), then when ("may 2019 to jan 2020",
"since march 2024"), how it went ("worked", "stopped because of repeated infections"), and after a comma its bad
effects ("numbness, tired all the time"). A comma list that holds a regimen or a one-time treatment ("VRd,
transplant, revlimd, DPd") is several treatments; "then" always separates two. Nothing is guessed: a class
("IMiD") or a close call asks which, words that name no drug stay the person's own, and a date that cannot be
right is refused, naming it.

Pure: no printing, no prompting. ``Ctx`` gives the content, its name index and the day answers about the past
are read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rrmm_prep.content.records import normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import DateError, Unreadable
from rrmm_prep.model.visit import OUTCOMES, Change, Effect, Treatment
from rrmm_prep.read import choices, dates, parts
from rrmm_prep.read.choices import NONE_WORDS, Option, read_picks

if TYPE_CHECKING:
    from rrmm_prep.content.records import Drug, Regimen
    from rrmm_prep.form.kinds import Ctx

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
        "stopped for another reason",
        "stopped for another reason",
        ("another reason", "other reason", "other reasons", "for another reason"),
    ),
    Option(
        "finished as planned", "finished as planned", ("finished", "done", "completed", "course finished")
    ),
    Option(
        "still taking",
        "still taking",
        ("still on it", "ongoing", "current", "still", "taking it now", "still taking it", "on it now"),
    ),
    Option("too early to tell", "too early to tell", ("too soon to tell", "too early", "too soon", "not sure yet")),
]
assert [o.id for o in OUTCOME_OPTIONS] == list(OUTCOMES)

# Inside a sentence, single everyday words say too little ("stopped because of side effects" is not "stopped
# working"); they count only as the whole answer.
_TOO_PLAIN = frozenset(["stopped", "still", "done", "well", "good", "current"])
OUTCOMES_IN_WORDS = [
    Option(o.id, o.label, tuple(a for a in o.aliases if a not in _TOO_PLAIN)) for o in OUTCOME_OPTIONS
]
# Words that say more than the choice they are read as: kept as the reason ("never worked" is stopped working, and
# it never worked at all).
SAYS_MORE = ("never worked", "did not work", "didn't work", "didnt work", "did not respond", "no response")
A_WHILE = re.compile(r"\b(?:for a while|for a time|at first|for some time|for a bit)\b", re.IGNORECASE)
_STOP_WORDS = r"(?:stopped|stop|stopping|quit|came off|come off|taken off|was taken off|ended|discontinued|dropped)"
_BECAUSE = re.compile(
    rf"^(?:(?:it|i|we|they|was|were|had to|had)\s+)*(?:{_STOP_WORDS}\s+)?(?:it\s+)?"
    r"(?:because of|because|due to|for|after|from)\s+(?P<why>.+)$",
    re.IGNORECASE,
)
RECENT_MONTHS = 12  # "too early to tell" is for a one-time treatment given within this many months

CONNECTORS = frozenset(["and", "with", "plus", "&", "+", "/", "w", "w/"])
FILLER_WORDS = frozenset(["in", "on", "around", "about", "approx", "approximately", "roughly", "circa", "maybe"])
DATE_LEFTOVERS = frozenset(["since", "from", "started", "given", "had", "got", "received"])
MAINTENANCE = frozenset(["maintenance", "maint", "maintainance", "maintenence"])
NO_EFFECTS = frozenset(
    normalize(w)
    for w in (
        "no side effects",
        "no side effect",
        "no bad effects",
        "no problems",
        "none",
        "no",
        "nothing",
        "no issues",
        "side effects none",
    )
)
_TOKEN = re.compile(r"[^\s,;+&]+|[+&]")
_NAME_WINDOW = 4  # the longest name in words ("stem cell transplant", "darzalex faspro")


# ------------------------------------------------------------------------------------------------ names


@dataclass(frozen=True)
class Name:
    """A name at the start of a line, as read. ``status``: "drug", "regimen", "group" (a class: which drug?),
    "unclear" (several close names: which?), "medicine" (not a myeloma treatment), "own" (no such name)."""

    typed: str
    status: str
    drug: Drug | None = None
    regimen: Regimen | None = None
    options: tuple[str, ...] = ()  # the names to choose from (group, unclear)
    spelled: str = ""  # the name in the content's spelling ("revlimid" -> "Revlimid")
    misspelt: bool = False  # read from a misspelling ("velcad"): said back


def resolve_name(ctx: Ctx, typed: str) -> Name:
    """A name as typed -> what it is in the content (exact, or a misspelling with one clear match)."""
    typed = clean(typed)
    found = _exact(ctx, typed)
    if found is not None:
        return found
    term = _medicine(ctx, typed)
    if term is not None:
        return Name(typed, "medicine", spelled=term)
    clear = ctx.index.clear_match(typed) if len(normalize(typed)) >= 5 else None
    if clear:
        hit = _exact(ctx, clear)
        if hit is not None:
            return Name(typed, hit.status, hit.drug, hit.regimen, hit.options, hit.spelled, misspelt=True)
    options = tuple(ctx.index.suggestions(typed)) if len(normalize(typed)) >= 4 else ()
    return Name(typed, "unclear" if options else "own", options=options, spelled=typed)


def _exact(ctx: Ctx, typed: str) -> Name | None:
    key = normalize(typed)
    hit = ctx.index.names.get(key) or (ctx.index.names.get(key[:-1]) if key.endswith("s") else None)
    if hit is None:
        return None
    kind, value = hit
    if kind == "drug":
        return _drug_name(typed, value)
    if kind == "regimen":
        return Name(typed, "regimen", regimen=value, spelled=value.abbreviation)
    members = ctx.content.drugs_in(value.id) if kind == "class" else list(ctx.index.targets.get(value, []))
    if len(members) == 1:  # a class of one ("transplant") is that one, by the name typed
        spelled = ctx.index.shown.get(key) or typed
        return Name(typed, "drug", drug=members[0], spelled=spelled if kind == "class" else members[0].name)
    return Name(typed, "group", options=tuple(d.name for d in members), spelled=typed)


def _drug_name(typed: str, drug: Drug) -> Name:
    # The person's own name for it, in the drug's own spelling when it is one ("revlimid" -> "Revlimid").
    spelled = next((n for n in (drug.name, *drug.brands, *drug.aliases) if normalize(n) == normalize(typed)), "")
    return Name(typed, "drug", drug=drug, spelled=spelled or drug.name)


def _medicine(ctx: Ctx, typed: str) -> str | None:
    """The glossary's name for a medicine that is not a myeloma treatment (IVIG, acyclovir), or None."""
    key = normalize(typed)
    for term in ctx.content.terms:
        if getattr(term, "medicine", False) and key in {normalize(x) for x in (term.id, term.term, *term.aliases)}:
            return term.term
    return None


def _words(text: str) -> list[str]:
    """The words of a line; "lenalidomide/dexamethasone" is two names, "5/2019" one date."""
    return _TOKEN.findall(re.sub(r"(?<=[A-Za-z])\s*/\s*(?=[A-Za-z])", " / ", text))


def _leading_names(ctx: Ctx, words: list[str]) -> tuple[list[Name], int]:
    """The names at the start of ``words`` (joined by spaces, "and", "+", "/" or "with"), and where they end."""
    names: list[Name] = []
    i = 0
    while i < len(words):
        if words[i].casefold() in CONNECTORS and names:
            i += 1
            continue
        hit = None
        for j in range(min(len(words), i + _NAME_WINDOW), i, -1):
            window = " ".join(words[i:j])
            if _exact(ctx, window) is not None or _medicine(ctx, window) is not None:
                hit = (resolve_name(ctx, window), j)
                break
        if hit is None and _looks_like_a_name(words[i]):
            name = resolve_name(ctx, words[i])
            if name.status in ("drug", "regimen") and name.misspelt:
                hit = (name, i + 1)
        if hit is None:
            break
        names.append(hit[0])
        i = hit[1]
    while i > 0 and words[i - 1].casefold() in CONNECTORS:
        i -= 1
    return names, i


def _looks_like_a_name(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z-]{3,}", word)) and word.casefold() not in MONTH_WORDS


MONTH_WORDS = frozenset(
    [*dates.MONTHS, *dates.WEEKDAYS, "today", "yesterday", "since", "until", "last", "years", "months", "ago"]
)


# ------------------------------------------------------------------------------------------------ a line


@dataclass
class Pending:
    """A treatment read from a line: its name (or the question the name needs) and the words of its parts."""

    names: list[Name]  # one name, or the drugs of a combination
    texts: dict[str, str] = field(default_factory=dict)  # part key -> the words for it
    said: str = ""
    maintenance: bool = False

    @property
    def question(self) -> Name | None:
        """The name that needs a question first (a class, or several close names), or None."""
        return next((n for n in self.names if n.status in ("group", "unclear")), None)


def read_line(ctx: Ctx, text: str) -> list[Pending]:
    """A typed line -> the treatments it names, in order, each with the words of its other parts. Raises
    Unreadable when it names no treatment."""
    text = clean(text)
    out: list[Pending] = []
    for group in re.split(r"\s*(?:;|\bthen\b|\bafter that\b)\s*", text, flags=re.IGNORECASE):
        if group.strip(" ,"):
            out += _read_group(ctx, group.strip(" ,"))
    if not out:
        raise Unreadable("Type the treatment's name first, like VRd, Revlimid or transplant.")
    return out


def _read_group(ctx: Ctx, text: str) -> list[Pending]:
    segments = [s.strip() for s in text.split(",") if s.strip()]
    names: list[Name] = []
    runs: list[list[Name]] = []  # the names of each comma-separated piece
    rest: list[str] = []
    for k, segment in enumerate(segments):
        words = _words(segment)
        found, end = _leading_names(ctx, words)
        if found and (end == len(words) or not rest):
            names += found
            runs.append(found)
            tail = " ".join(words[end:])
            if tail:
                rest = [tail, *segments[k + 1 :]]
                break
            continue
        rest = segments[k:]
        break
    if not names:
        first = _words(segments[0])[:1]
        close = resolve_name(ctx, first[0]) if first and _looks_like_a_name(first[0]) else None
        if close is not None and close.status in ("unclear", "group") and close.options:
            pending = _own_words(ctx, text)  # its parts, read as for own words; its name asks which
            pending.names = [close]
            return [pending]
        return [_own_words(ctx, text)]
    maintenance = False
    if rest:
        words = rest[0].split()
        kept = [w for w in words if w.casefold() not in MAINTENANCE]
        maintenance = len(kept) != len(words)
        rest[0] = " ".join(kept)
    rest = [r for r in rest if r]
    # Drugs together are one treatment: the regimen they make ("dara" and "pom dex" make DPd), or a combination
    # of single drugs; a list with a regimen of its own, a one-time treatment or a medicine in it is separate
    # treatments. The parts belong to the last one.
    groups = _groups(ctx, runs)
    out = [Pending(g, said=" ".join(n.typed for n in g)) for g in groups]
    out[-1].texts = split_rest(ctx, _one_time(names[-1]), ", ".join(rest))
    out[-1].maintenance = maintenance
    if rest:
        out[-1].said = text
    return out


def _groups(ctx: Ctx, runs: list[list[Name]]) -> list[list[Name]]:
    """The treatments of a list: the names in one piece ("velcade revlimid dex") are one treatment when they go
    together; pieces between commas are separate treatments, unless together they make a known regimen
    ("darzalex, pomalyst and dex" is DPd)."""
    pieces: list[list[Name]] = []
    for run in runs:
        pieces += [run] if len(run) > 1 and _one_treatment(ctx, run) else [[n] for n in run]
    out: list[list[Name]] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i + 1, -1):
            joined = [n for piece in pieces[i:j] for n in piece]
            if _a_regimen(ctx, joined):
                out.append(joined)
                i = j
                break
        else:
            out.append(pieces[i])
            i += 1
    return out


def _a_regimen(ctx: Ctx, names: list[Name]) -> bool:
    if any(n.status not in ("drug", "regimen") or (n.drug is not None and n.drug.one_time) for n in names):
        return False
    drugs = set(_drug_ids(names))
    return any(set(r.drug_ids) == drugs for r in ctx.content.regimens)


def _drug_ids(names: list[Name]) -> list[str]:
    out: list[str] = []
    for n in names:
        out += [n.drug.id] if n.drug is not None else list(n.regimen.drug_ids) if n.regimen is not None else []
    return list(dict.fromkeys(out))


def _one_treatment(ctx: Ctx, names: list[Name]) -> bool:
    if any(n.status not in ("drug", "regimen") or (n.drug is not None and n.drug.one_time) for n in names):
        return False
    return all(n.status == "drug" for n in names) or _a_regimen(ctx, names)


def _one_time(name: Name) -> bool:
    return bool(name.drug and name.drug.one_time)


def _own_words(ctx: Ctx, text: str) -> Pending:
    """A line whose name is no content name: the name is the words that are not its dates or how it went."""
    first, _, after = text.partition(",")
    words = first.split()
    name, texts = " ".join(words), {}
    for k in range(1, len(words) + 1):  # the name is the words before its dates and how it went
        rest = split_rest(ctx, False, " ".join(words[k:]))
        if "bad_effects" not in rest:
            name, texts = " ".join(words[:k]), rest
            break
    name = " ".join(w for w in name.split() if w.casefold() not in FILLER_WORDS).strip()
    if not name or re.fullmatch(r"[\d\s/.-]+", name) or _reads_as_dates(ctx, False, name) or _is_outcome(name):
        raise Unreadable("Type the treatment's name first, like VRd, Revlimid or transplant.")
    if after.strip():
        more = split_rest(ctx, False, after)
        texts["bad_effects"] = ", ".join(p for p in (texts.get("bad_effects", ""), more.get("bad_effects", "")) if p)
        texts.update({k: v for k, v in more.items() if k != "bad_effects" and k not in texts})
    return Pending([Name(name, "own", spelled=name)], texts, said=text)


def _without(words: list[str], remove: list[str]) -> list[str]:
    n = len(remove)
    for i in range(len(words) - n + 1):
        if [w.casefold() for w in words[i : i + n]] == [r.casefold() for r in remove]:
            return words[:i] + words[i + n :]
    return words


def build(ctx: Ctx, pending: Pending, which: Name | None = None) -> Treatment:
    """The Treatment a pending line makes (``which`` answers its question, if it had one)."""
    names = [which if n is pending.question and which is not None else n for n in pending.names]
    if len(names) == 1:
        n = names[0]
        if n.status == "drug" and n.drug is not None:
            t = Treatment(name=n.spelled, kind="drug", ref=n.drug.id, drugs=[n.drug.id], one_time=n.drug.one_time)
        elif n.status == "regimen" and n.regimen is not None:
            t = Treatment(name=n.regimen.abbreviation, kind="regimen", ref=n.regimen.id, drugs=list(n.regimen.drug_ids))
        else:
            t = Treatment(name=n.spelled or n.typed)
    else:
        drugs = _drug_ids(names)
        regimen = next((r for r in ctx.content.regimens if set(r.drug_ids) == set(drugs)), None)
        if regimen is not None:
            t = Treatment(name=regimen.abbreviation, kind="regimen", ref=regimen.id, drugs=list(regimen.drug_ids))
        else:
            t = Treatment(name=" + ".join(n.spelled for n in names), kind="combination", drugs=list(dict.fromkeys(drugs)))
    if pending.said and normalize(pending.said) != normalize(t.name):
        t.said = pending.said
    return t


def is_medicine(pending: Pending) -> bool:
    return len(pending.names) == 1 and pending.names[0].status == "medicine"


# ------------------------------------------------------------------------------------------------ the parts


def split_rest(ctx: Ctx, one_time: bool, text: str) -> dict[str, str]:
    """The words of a treatment's parts in an answer or after its name: "2019 to 2020 worked, numbness" ->
    when "2019 to 2020", outcome "worked", bad effects "numbness". A part not given is left out."""
    probe = Treatment(name="", one_time=one_time)
    return parts.split(clean(text), probe, claims(ctx))


def claims(ctx: Ctx) -> list[tuple[str, parts.Claim, bool]]:
    """How a treatment's parts claim the words of a line: its dates, then how it went, then its bad effects."""
    return [
        ("when", lambda words, t: claim_when(ctx, t, words), False),
        ("outcome", lambda words, t: claim_outcome(ctx, t, words), False),
        ("bad_effects", lambda words, t: claim_effects(ctx, t, words), True),
    ]


def claim_when(ctx: Ctx, t: Treatment, words: list[str]) -> tuple[str, list[str]]:
    """The longest run of words that reads as the treatment's dates (and the words "since", "from" before it)."""
    if _no_effects(words):
        return "", words
    window = _date_window(ctx, t.one_time, words)
    if window is None:
        return "", words
    a, b = window
    taken = words[a:b]
    rest = [w for w in words[:a] if w.casefold() not in FILLER_WORDS | DATE_LEFTOVERS] + words[b:]
    return " ".join(taken), rest


def claim_outcome(ctx: Ctx, t: Treatment, words: list[str]) -> tuple[str, list[str]]:
    """How it went, in words: in a typed line, numbers pick known side effects (the list on the screen)."""
    text = " ".join(words)
    if _no_effects(words) or re.fullmatch(r"[\d\s]+", text) or not _is_outcome(text):
        return "", words
    return text, []


def claim_effects(ctx: Ctx, t: Treatment, words: list[str]) -> tuple[str, list[str]]:
    return ("none" if _no_effects(words) else " ".join(words)), []


def _no_effects(words: list[str]) -> bool:
    key = normalize(" ".join(words))
    return key in NO_EFFECTS or key in NONE_WORDS


def _date_window(ctx: Ctx, one_time: bool, words: list[str]) -> tuple[int, int] | None:
    """The longest run of words that reads as a treatment's dates (a one-time treatment's: one date)."""
    n = len(words)
    for size in range(min(n, 8), 0, -1):
        for a in range(0, n - size + 1):
            piece = " ".join(words[a : a + size])
            if re.fullmatch(r"\d{1,2}", piece):
                continue  # a number alone is a choice ("2"), never a day
            if not re.search(r"\d|" + "|".join(sorted(MONTH_WORDS | {"since", "now", "present", "ago"}, key=len)), piece.casefold()):
                continue
            if _reads_as_dates(ctx, one_time, piece):
                return a, a + size
    return None


def _reads_as_dates(ctx: Ctx, one_time: bool, text: str) -> bool:
    try:
        if one_time:
            dates.read_when(_season(text), ctx.past_day, dates.PAST, vague=True)
        else:
            span = dates.read_span(_season(text), ctx.past_day)
            if span.started is None and span.stopped is None and not span.ongoing:
                return False
        return True
    except DateError as err:
        # A date that is there but cannot be right ("2/30", a start after the end) is still the dates part:
        # reading it says what is wrong.
        return _names_a_wrong_date(str(err), text)


def _names_a_wrong_date(message: str, text: str) -> bool:
    return ("There is no" in message or "start comes after the end" in message or "is after" in message) and bool(
        re.search(r"\d", text)
    )


_SEASON = re.compile(r"\b(?:spring|summer|fall|autumn|winter|early|late|mid|end of|beginning of)\s+(?=\d{4}\b)", re.IGNORECASE)


def _season(text: str) -> str:
    """ "summer 2019" is 2019: a season or "early" says no month."""
    return _SEASON.sub("", text)


def _is_outcome(text: str) -> bool:
    if _BECAUSE.match(text) or A_WHILE.search(text):
        return True
    try:
        return bool(_outcome_words(text))
    except Unreadable:
        return True  # says two outcomes: reading it asks which


def _outcome_words(text: str) -> str:
    """The outcome a number, a choice's words or a sentence says ("it worked for a while"), or "". Raises
    Unreadable when it says two."""
    try:
        picked = choices.read_choice(text, OUTCOME_OPTIONS, own_words=False)
        return picked.id if picked else ""
    except Unreadable:
        said = choices.options_in(text, OUTCOMES_IN_WORDS) or choices.close_option(text, OUTCOME_OPTIONS)
        if len(said) > 1:
            ids = [o.id for o in OUTCOME_OPTIONS]
            which = " or ".join(f"{ids.index(o.id) + 1} ({o.label})" for o in said)
            raise Unreadable(f"Which is it: {which}? Type its number (or its words).") from None
        return said[0].id if said else ""


def read_outcome(text: str) -> str:
    """How a treatment went, as one of OUTCOMES: a number, a choice's words or a sentence. Raises Unreadable,
    naming the choices, when it says none or more than one."""
    typed = clean(text)
    found = _outcome_words(typed)
    if not found and typed:
        raise Unreadable(
            "How did it go? " + ", ".join(f"{i} {o.label}" for i, o in enumerate(OUTCOME_OPTIONS, 1)) + "."
        )
    return found


def read_how(ctx: Ctx, t: Treatment, text: str) -> None:
    """How it went into ``t``: the outcome, and the person's words as the reason when they say why ("stopped
    because of repeated infections": stopped for side effects, the reason kept, and a bad effect too). Raises
    Unreadable."""
    typed = clean(text)
    if not typed:
        return
    m = _BECAUSE.match(typed)
    if m:
        why = m.group("why").strip(" .")
        said = _outcome_words(why) if why else ""
        if said and said.startswith("stopped"):
            t.outcome, t.reason = said, ""
        elif said == "" and _side_effects(ctx, t, why):
            t.outcome, t.reason = "stopped for side effects", why
            for e in read_effects(ctx, t, why):
                if all(normalize(e.name) != normalize(x.name) for x in t.bad_effects):
                    t.bad_effects.append(e)
        else:
            t.outcome, t.reason = "stopped for another reason", why
        _check_outcome(ctx, t)
        return
    outcome = read_outcome(typed)
    reason = ""
    if A_WHILE.search(typed) and outcome == "worked":
        outcome, reason = ("stopped working" if t.stopped else "worked"), typed
    elif any(p in typed.casefold() for p in SAYS_MORE):
        reason = typed
    t.outcome, t.reason = outcome, reason
    _check_outcome(ctx, t)


def _side_effects(ctx: Ctx, t: Treatment, why: str) -> bool:
    """Whether the words of a reason name a bad effect: a symptom, or one of the drugs' known side effects."""
    if ctx.symptom_reader.read(why).symptom_ids:
        return True
    known = {normalize(e) for e in effect_options(ctx, t)}
    return normalize(why) in known or bool(re.search(r"\bside.?effects?\b|\btoxic", why, re.IGNORECASE))


def _check_outcome(ctx: Ctx, t: Treatment) -> None:
    if t.outcome == "too early to tell" and not _recent_one_time(ctx, t):
        t.outcome = ""
        raise Unreadable(
            "'Too early to tell' is for a transplant or a CAR-T given in the last year. How did it go? "
            "Type a number, or Enter to skip."
        )
    if t.outcome == "still taking" and t.one_time:
        t.outcome = ""
        raise Unreadable(f"{t.name} is given once, so it is not still being taken. How did it go?")


def _recent_one_time(ctx: Ctx, t: Treatment) -> bool:
    if not t.one_time:
        return False
    if not t.started:
        return True  # not dated yet: the date asked next can still make it so
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-\d{2})?", t.started)
    if not m:
        return False
    day = ctx.past_day
    months = (day.year - int(m.group(1))) * 12 + day.month - int(m.group(2) or 12)
    return months <= RECENT_MONTHS


def read_when(ctx: Ctx, t: Treatment, text: str) -> None:
    """A treatment's dates from one answer: a span ("2022 to 2023", "since 2024") or, for a one-time event, its
    date. Raises Unreadable."""
    text = _season(clean(text))
    if not text:
        return
    if t.one_time:
        t.started = read_date(ctx, text)
        t.stopped = ""
        if t.outcome == "still taking":
            t.outcome = ""
        return
    span = dates.read_span(text, ctx.past_day)
    t.started = span.started.iso if span.started else ""
    t.stopped = span.stopped.iso if span.stopped else ""
    if span.ongoing:
        t.outcome = "still taking"
    elif t.stopped and t.outcome == "still taking":
        t.outcome = ""


def read_date(ctx: Ctx, text: str) -> str:
    """One date of a treatment (when it started, stopped, or a one-time event's), as precise as given, read from
    the visit's day (a treatment "in december" before a January visit is last December). Raises Unreadable."""
    text = _season(clean(text))
    return dates.read_when(text, ctx.past_day, dates.PAST, vague=True).iso if text else ""


def effect_options(ctx: Ctx, t: Treatment) -> list[str]:
    """The known side effects of a treatment's drugs, as the content words them (at most 12), for picking."""
    out: dict[str, None] = {}
    for d in t.drugs:
        drug = ctx.content.drug_by_id.get(d)
        for effect in drug.side_effects if drug else ():
            out.setdefault(effect, None)
    return list(out)[:12]


def read_effects(ctx: Ctx, t: Treatment, text: str) -> list[Effect]:
    """Bad effects, each the person's words with the symptom they describe: numbers of the treatment's known side
    effects, or words read by the symptom reader ("tired all the time" is tiredness); "none" is none."""
    text = clean(text)
    if not text or normalize(text) in NONE_WORDS or normalize(text) in NO_EFFECTS:
        return []
    options = [Option(e, e) for e in effect_options(ctx, t)]
    out: list[Effect] = []
    for part in [p.strip() for p in re.split(r"\s*[,;]\s*", text) if p.strip()]:
        if normalize(part) in NO_EFFECTS:
            continue
        if re.fullmatch(r"\d+(?:\s*(?:\s|\band\b|&)\s*\d+)*", part):
            for picked in choices.read_choices(part, options, several=True, own_words=False):
                out.append(Effect(picked.text, _symptom_id(ctx, picked.text)))
            continue
        reading = ctx.symptom_reader.read(part)
        found = [f for f in reading.found if f.symptom_id or f.said]
        if len(found) <= 1:
            out.append(Effect(part, found[0].symptom_id if found else ""))
        else:
            out += [Effect(f.said, f.symptom_id) for f in found]
    unique: dict[str, Effect] = {}
    for e in out:
        unique.setdefault(normalize(e.name), e)
    return list(unique.values())


def _symptom_id(ctx: Ctx, text: str) -> str:
    ids = ctx.symptom_reader.read(text).symptom_ids
    return ids[0] if ids else ""


def put_effects(ctx: Ctx, t: Treatment, text: str) -> None:
    t.bad_effects = read_effects(ctx, t, text)


# ------------------------------------------------------------------------------------------------ said back


def show_how(t: Treatment) -> str:
    if not t.outcome:
        return ""
    return t.outcome + (f" ({t.reason})" if t.reason else "")


def show_effects(t: Treatment) -> str:
    return ", ".join(e.name for e in t.bad_effects)


def as_line(t: Treatment) -> str:
    """The treatment as a line that reads back to it: "VRd 2019 to 2020 worked, numbness"."""
    parts = [t.name]
    when = t.when
    if when:
        parts.append(when.replace("since ", "since ").replace("until ", "until "))
    if t.outcome and not (t.outcome == "still taking" and when.startswith("since")):
        parts.append(show_how(t))
    line = " ".join(parts)
    if t.bad_effects:
        line += ", " + show_effects(t)
    return line


# ------------------------------------------------------------------------------------------------ after the visit


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


def read_stop(ctx: Ctx, text: str) -> list[Change]:
    """The treatments that stopped (or changed), by number in the list of those still going, or by name."""
    ongoing = [t for t in ctx.visit.treatments if t.ongoing]
    return [Change(ongoing[n - 1].name) for n in read_picks(text, len(ongoing), stop_names(ctx))]


def read_change_date(ctx: Ctx, change: Change, text: str) -> None:
    """When a stop or change takes effect: a date around the visit ("today", "next week", "jan 5"); blank is
    the visit's day. Raises Unreadable."""
    text = clean(text)
    change.date = dates.read_when(text, ctx.visit_day, dates.ANY).iso if text else ""


def read_stop_reason(ctx: Ctx, change: Change, text: str) -> None:
    """Why it stopped: one of OUTCOMES by number or words, or the person's own words kept as they are."""
    text = clean(text)
    if not text:
        change.reason = ""
        return
    probe = Treatment(name=change.name, stopped=ctx.visit.info.date)
    try:
        read_how(ctx, probe, text)
    except Unreadable:
        change.reason = text
        return
    change.reason = show_how(probe) if probe.outcome.startswith("stopped") else text


def read_start_date(ctx: Ctx, t: Treatment, text: str) -> None:
    """When a treatment decided at a visit starts: blank is the visit's day; a later day makes it planned (not
    given until the next visit says it started). Raises Unreadable."""
    text = _season(clean(text))
    day = dates.read_when(text, ctx.visit_day, dates.FUTURE).iso if text else ctx.visit.info.date
    t.started, t.stopped, t.outcome = day, "", ""
    t.planned = bool(day) and day > ctx.visit.info.date


def show_change(change: Change, visit_date: str) -> str:
    when = "" if not change.date or change.date == visit_date else f"from {dates.say(change.date)}"
    return "; ".join(p for p in (when, change.reason) if p)
