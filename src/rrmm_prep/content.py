"""The content: drug classes, drugs, regimens, questions, symptoms, checklists and the glossary.

``load()`` returns one frozen ``Content``: the shipped files with any override folder (``--content DIR`` or
``RRMM_PREP_CONTENT``) laid on top by entry id. Content that checked out is cached, so most commands never parse
YAML; on a change, schema.py reads the YAML and checks it (the only place content YAML is parsed).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from rrmm_prep.errors import UsageError

FILES = ("drug_classes.yaml", "questions.yaml", "glossary.yaml")
ENV_CONTENT = "RRMM_PREP_CONTENT"
HISTORY_FLAGS = {
    "triple-class-exposed": "you have had a proteasome inhibitor, an IMiD and an anti-CD38 antibody",
    "two-or-more-lines": "you have had two or more treatments",
    "had-car-t": "you have had CAR-T cell therapy",
    "had-bispecific": "you have had a bispecific antibody",
}
SEVERITIES = ("none", "mild", "moderate", "severe")
LEVELS = ("emergency", "now", "today")  # how urgent a sign is, most urgent first


def normalize(name: str) -> str:
    """The form names are matched in: case, spaces, dashes and dots do not count ("CAR T" = "car-t")."""
    return re.sub(r"[\s\-_.'’/]+", "", name.casefold())


# --------------------------------------------------------------------------------------------------- records
# The records are NamedTuples: immutable, comparable, and several milliseconds cheaper to define at every start
# than dataclasses. Content, which caches its indexes, is a dataclass (repr=False: nothing shows it).


class DrugClass(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    how_it_works: str
    sources: tuple[str, ...]
    reviewed: str


class Drug(NamedTuple):
    id: str
    name: str
    brands: tuple[str, ...]
    aliases: tuple[str, ...]
    class_id: str
    target: str | None
    given: str
    what_it_does: str
    know: tuple[str, ...]
    side_effects: tuple[str, ...]
    status: str
    status_date: str
    withdrawn: bool
    off_label: bool
    one_time: (
        bool  # a one-time event (a transplant, a CAR-T infusion): asked for its date, not start and stop
    )
    terms: tuple[str, ...]
    sources: tuple[str, ...]
    reviewed: str


class Regimen(NamedTuple):
    id: str
    abbreviation: str
    spellings: tuple[str, ...]
    drug_ids: tuple[str, ...]
    note: str | None
    sources: tuple[str, ...]
    reviewed: str


class Rule(NamedTuple):
    """When a question is suggested: every field that is set must match (an empty rule never matches)."""

    classes: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()


class Question(NamedTuple):
    id: str
    topic_id: str
    text: str
    why: str
    default: bool
    suggest_when: tuple[Rule, ...]
    sources: tuple[str, ...]


class Topic(NamedTuple):
    id: str
    title: str
    questions: tuple[Question, ...]


class VisitReason(NamedTuple):
    id: str
    label: str
    aliases: tuple[str, ...]


class Symptom(NamedTuple):
    """A symptom a person can report: picked from the checklist by its number, or found in their own words.

    ``phrases`` are the word patterns the symptom reader looks for (see symptoms.py); ``listed`` symptoms are
    shown, numbered, in the checklist. ``urgent`` symptoms need a call now on their own: from the severity
    ``urgent_from`` if it is set, else whatever the severity. ``level`` says how urgent: "emergency" (911),
    "now" (call the care team now) or "today" (call the care team today); ``severe_level``, when set, is the
    level of a severe report ("today", and "now" when severe). ``phrases_es`` are more phrases, in Spanish."""

    id: str
    label: str
    phrases: tuple[str, ...]
    listed: bool
    urgent: bool
    urgent_from: str | None
    level: str
    sign_of: str | None
    call_now: str | None
    temperature_from: str | None  # a typed temperature at or above this (degrees C) reads as this symptom
    temperature_words: tuple[str, ...]  # words that make a number a temperature ("temp", "temperature")
    sources: tuple[str, ...]
    reviewed: str  # the date of the last clinical review of this entry
    review: str | None  # what that review checked (for reviewers; not shown to patients)
    phrases_es: tuple[str, ...] = ()  # the same, in Spanish words (matched the same way; accents optional)
    severe_level: str | None = None  # the level when it is rated (or said to be) severe, if more urgent


class WarningSign(NamedTuple):
    """A sign to call about when the person has had one of these classes or drugs (or anyone, ``everyone``).

    It is reported when any of ``symptoms`` is, together with any of ``with_any`` when that is set. Severity
    never lowers a warning sign."""

    id: str
    name: str
    everyone: bool
    classes: tuple[str, ...]
    drugs: tuple[str, ...]
    symptoms: tuple[str, ...]
    with_any: tuple[str, ...]
    level: str
    sign_of: str
    call_now: str
    sources: tuple[str, ...]
    reviewed: str
    review: str | None
    months: str | None  # how long after the treatment the sign counts: a number of months, or "always"


class Choice(NamedTuple):
    """A checklist item, a goal or a daily-life level: an id and plain text."""

    id: str
    text: str


class LabTest(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    units: tuple[str, ...]
    note: str | None
    sources: tuple[str, ...]


class Term(NamedTuple):
    id: str
    term: str
    aliases: tuple[str, ...]
    meaning: str
    sources: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class Content:
    reviewed: str
    classes: tuple[DrugClass, ...]
    drugs: tuple[Drug, ...]
    regimens: tuple[Regimen, ...]
    topics: tuple[Topic, ...]
    visit_reasons: tuple[VisitReason, ...]
    symptoms: tuple[Symptom, ...]
    warning_signs: tuple[WarningSign, ...]
    daily_life: tuple[Choice, ...]
    goals: tuple[Choice, ...]
    before_you_go: tuple[Choice, ...]
    before_you_leave: tuple[Choice, ...]
    lab_tests: tuple[LabTest, ...]
    terms: tuple[Term, ...]

    @cached_property
    def class_by_id(self) -> dict[str, DrugClass]:
        return {c.id: c for c in self.classes}

    @cached_property
    def drug_by_id(self) -> dict[str, Drug]:
        return {d.id: d for d in self.drugs}

    @cached_property
    def symptom_by_id(self) -> dict[str, Symptom]:
        return {s.id: s for s in self.symptoms}

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {q.id: q for t in self.topics for q in t.questions}

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def term_by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def reason_by_id(self) -> dict[str, VisitReason]:
        return {r.id: r for r in self.visit_reasons}

    def drugs_in(self, class_id: str) -> list[Drug]:
        return [d for d in self.drugs if d.class_id == class_id]

    def regimen_drugs(self, regimen: Regimen) -> list[Drug]:
        return [self.drug_by_id[d] for d in regimen.drug_ids]


RECORDS = (
    DrugClass,
    Drug,
    Regimen,
    Rule,
    Question,
    Topic,
    VisitReason,
    Symptom,
    WarningSign,
    Choice,
    LabTest,
    Term,
)


# --------------------------------------------------------------------------------------------------- loading


def shipped_dir() -> Path:
    """The content that ships inside the package: rrmm_prep/data in a wheel; in a checkout or an editable
    install, src/rrmm_prep/data is a link to the top-level data/. One path for all three."""
    return Path(__file__).with_name("data")


def load(extra_dir: str | os.PathLike | None = None) -> Content:
    """Load the shipped content, with ``extra_dir`` (or $RRMM_PREP_CONTENT) laid on top. Raises ContentError.

    Content that checked out is cached (as JSON, in the user cache folder) under a key made from every file's
    path, size and modification time, so later commands skip parsing and checking until a file changes; in one
    process it is loaded once.
    """
    if extra_dir is None:
        extra_dir = os.environ.get(ENV_CONTENT) or None
    layers = [(shipped_dir(), False)]
    if extra_dir is not None:
        extra = Path(extra_dir).expanduser()
        if not extra.is_dir():
            raise UsageError(f"The content folder '{extra}' does not exist or is not a folder.")
        layers.append((extra, True))
    key = _cache_key(layers)
    if key in _LOADED:
        return _LOADED[key]
    content = _load(layers, key)
    _LOADED.clear()
    _LOADED[key] = content
    return content


_LOADED: dict[str, Content] = {}  # in this process: the content for a key, loaded once


def _load(layers: list[tuple[Path, bool]], key: str) -> Content:
    from rrmm_prep import store

    cached = store.read_cache("content")
    if cached is not None:
        try:
            data = json.loads(cached)
            if data.get("key") == key:
                return _from_plain(Content, data["content"])
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # a cache from another version: build afresh
    from rrmm_prep import schema

    content = schema.build(layers)
    store.write_cache(
        "content", json.dumps({"key": key, "content": _to_plain(content)}, separators=(",", ":"))
    )
    return content


def _cache_key(layers: list[tuple[Path, bool]]) -> str:
    """Every content file's path, size and modification time, and the version: any change makes a new key."""
    from rrmm_prep import __version__

    parts = [__version__, repr([r._fields for r in RECORDS])]
    for folder, _ in layers:
        for name in FILES:
            try:
                st = (folder / name).stat()
                parts.append(f"{(folder / name).resolve()}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{folder / name}:-")
    return "\n".join(parts)


def _to_plain(value):
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: _to_plain(item) for name, item in zip(value._fields, value, strict=True)}
    if dataclasses.is_dataclass(value):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_to_plain(v) for v in value]
    return value


def _from_plain(cls, data: dict):
    return cls(**{name: convert(data[name]) for name, convert in _converters(cls)})


@functools.cache
def _converters(cls) -> tuple:
    """(field name, function turning its JSON value back into the field's type) for a content dataclass.

    Reads the field types as written (``str``, ``tuple[str, ...]``, ``tuple[Topic, ...]``), which is all the
    content records use; cheaper at startup than typing.get_type_hints."""
    records = {c.__name__: c for c in RECORDS}

    def converter(type_text: str):
        inner = re.fullmatch(r"tuple\[(\w+), \.\.\.\]", type_text)
        if inner and inner.group(1) in records:
            item = records[inner.group(1)]
            return lambda value: tuple(_from_plain(item, v) for v in value)
        if inner:
            return tuple
        return lambda value: value

    if hasattr(cls, "_fields"):
        hints = cls.__annotations__  # NamedTuple keeps postponed annotations as ForwardRef("...")
        return tuple(
            (name, converter(str(getattr(hints[name], "__forward_arg__", hints[name]))))
            for name in cls._fields
        )
    return tuple((f.name, converter(str(f.type))) for f in dataclasses.fields(cls))


def check_dir(folder: str | os.PathLike) -> tuple[Content, list[str], list[str]]:
    """Check a folder of content files on top of the shipped content; return it, the files that were read and
    warnings (control characters, which are shown as visible escapes and never sent to a terminal)."""
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise UsageError(f"'{path}' is not a folder. Give the folder that holds your content files.")
    found = [name for name in FILES if (path / name).is_file()]
    strays = sorted(p.name for p in path.glob("*.y*ml") if p.name not in FILES)
    if not found:
        raise UsageError(
            f"No content files in '{path}'. Name them {', '.join(FILES)}"
            + (f" (found {', '.join(strays)})." if strays else ".")
        )
    from rrmm_prep import schema

    merged = schema.build([(shipped_dir(), False), (path, True)])
    return merged, found, control_warnings(path, found)


def control_warnings(folder: Path, names: list[str]) -> list[str]:
    """A warning for every text in these files that holds a control character (ESC, BEL, a C1 control). YAML
    refuses them raw, so they come in as escapes in quoted text ("\\e]52;...", "\\x9b"): the texts are checked as
    read, not as written."""
    from rrmm_prep import loader
    from rrmm_prep.controls import _CONTROL, visible

    out = []
    for name in names:
        path = folder / name
        try:
            doc = loader.load(path, str(path))
        except (loader.YamlReadError, OSError):
            continue  # the schema check reports it
        seen = set()
        for line, text in _texts(doc, None):
            m = _CONTROL.search(text)
            if m is None or (line, text) in seen:
                continue
            seen.add((line, text))
            start = max(0, m.start() - 20)
            shown = ("..." if start else "") + visible(text[start : m.start() + 40]).replace("\n", " ")
            out.append(
                f"{path}:{line or '?'}: holds a control character ({shown}). rrmm-prep shows it as a visible "
                "escape and never sends it to a terminal; remove it."
            )
    return out


def _texts(value, line: int | None):
    """(line, text) for every key and text in a file read by loader."""
    if isinstance(value, dict):
        key_lines = getattr(value, "key_lines", {})
        for key, item in value.items():
            at = key_lines.get(key, line)
            yield at, key
            yield from _texts(item, at)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, getattr(item, "line", None) or line)
    elif isinstance(value, str):
        yield getattr(value, "line", None) or line, value
