"""The content records: drug classes, drugs, regimens, questions, symptoms, checklists and the glossary, as
immutable NamedTuples, and ``Content`` that holds them with its indexes.

``load.load()`` returns one frozen ``Content``: the shipped files with any override folder (``--content DIR`` or
``RRMM_PREP_CONTENT``) laid on top by entry id. Content that checked out is cached, so most commands never parse
YAML; on a change, schema.py reads the YAML and checks it (the only place content YAML is parsed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

FILES = ("drug_classes.yaml", "questions.yaml", "glossary.yaml")


ENV_CONTENT = "RRMM_PREP_CONTENT"


HISTORY_FLAGS = {
    "triple-class-exposed": "you have had a proteasome inhibitor, an IMiD and an anti-CD38 antibody",
    "two-or-more-lines": "you have had two or more treatments",
    "had-car-t": "you have had CAR-T cell therapy",
    "had-bispecific": "you have had a bispecific antibody",
}


LEVELS = ("emergency", "now", "today")  # how urgent a sign is, most urgent first


def normalize(name: str) -> str:
    """The form names are matched in: case, spaces, dashes and dots do not count ("CAR T" = "car-t")."""
    return re.sub(r"[\s\-_.'’/]+", "", name.casefold())


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
    # From the current US label, in plain words, with the date it was checked and the label or FDA notice it was
    # checked against. None: no boxed warning (or no REMS) on the label, or not recorded in this content.
    boxed_warning: str | None = None
    rems: str | None = None
    label_reviewed: str | None = None
    label_sources: tuple[str, ...] = ()


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
    units: tuple[str, ...]  # the usual units; the first is the one trends compare in
    note: str | None
    sources: tuple[str, ...]
    converts: tuple[str, ...] = ()  # other units it is reported in, with their factor: "mg/dL = 10"


class Term(NamedTuple):
    id: str
    term: str
    aliases: tuple[str, ...]
    meaning: str
    sources: tuple[str, ...]
    medicine: bool = False  # a medicine that is not a myeloma treatment (IVIG, acyclovir): it goes on the list of medicines


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
