"""Content -> Doc for the browsing commands (drugs, questions, explain). Pure: no printing, no files."""

from __future__ import annotations

import re

from rrmm_prep.content.lookup import Match
from rrmm_prep.content.records import Content, Drug, Term, Topic
from rrmm_prep.messages import command
from rrmm_prep.render.calls import cannot_reach_words, warning_lines
from rrmm_prep.render.doc import Bullets, Callout, Doc, Fields, Heading, Para, Table

NOT_ADVICE = (
    "rrmm-prep helps you prepare and keep notes. It does not give medical advice. "
    "Your care team decides what is right for you."
)


def drugs_overview(content: Content) -> Doc:
    doc = Doc([Heading("Myeloma drugs by class")])
    for c in content.classes:
        rows = [
            [d.name, ", ".join(d.brands) or "-", d.given, _status_word(d)] for d in content.drugs_in(c.id)
        ]
        if not rows:
            continue
        doc.add(Heading(c.name[:1].upper() + c.name[1:], 2), Para(c.how_it_works))
        doc.add(Table(["Drug", "US brand", "How it is given", "Note"], rows))
    doc.add(
        Para("Regimens (combinations): " + ", ".join(r.abbreviation for r in content.regimens)),
        Para(f"Type '{command('drugs', 'NAME')}' for one drug, brand, class, target or regimen.", "muted"),
        Para(f"Content reviewed {content.reviewed}. {NOT_ADVICE}", "muted"),
    )
    return doc


def _status_word(drug: Drug) -> str:
    if drug.withdrawn:
        return "withdrawn in the US"
    if drug.off_label:
        return "off-label in myeloma"
    return ""


def match_doc(content: Content, match: Match) -> Doc:
    if match.kind == "drug" and match.drug:
        return drug_doc(content, match.drug)
    doc = Doc()
    if match.kind == "class" and match.drug_class:
        c = match.drug_class
        doc.add(Heading(f"{c.name[:1].upper()}{c.name[1:]} (drug class)"), Para(c.how_it_works))
        if c.aliases:
            doc.add(Fields([("Also called", ", ".join(c.aliases))]))
        doc.add(Heading("Drugs in this class", 2))
        doc.add(Table(["Drug", "US brand", "How it is given", "Note"], [_drug_row(d) for d in match.drugs]))
        doc.add(*_warnings_blocks(content, class_ids=[c.id]))
        doc.add(Heading("Sources", 2), Bullets(list(c.sources)), Para(f"Reviewed {c.reviewed}.", "muted"))
    elif match.kind == "regimen" and match.regimen:
        r = match.regimen
        names = " + ".join(d.name for d in match.drugs)
        doc.add(Heading(f"{r.abbreviation} (a combination)"), Para(f"{r.abbreviation} is {names}."))
        if r.spellings:
            doc.add(Fields([("Also written", ", ".join(r.spellings))]))
        if r.note:
            doc.add(Para(r.note))
        doc.add(*_warnings_blocks(content, drug_ids=[d.id for d in match.drugs]))
        for d in match.drugs:
            doc.add(*drug_doc(content, d, level=2, warnings=False).blocks)
        doc.add(Heading("Sources for this combination", 2), Bullets(list(r.sources)))
    elif match.kind == "target":
        doc.add(Heading(f"Drugs that target {match.target}"))
        doc.add(Table(["Drug", "US brand", "How it is given", "Note"], [_drug_row(d) for d in match.drugs]))
    doc.add(Para(NOT_ADVICE, "muted"))
    return doc


def _drug_row(d: Drug) -> list[str]:
    return [d.name, ", ".join(d.brands) or "-", d.given, _status_word(d)]


def drug_doc(content: Content, d: Drug, level: int = 1, warnings: bool = True) -> Doc:
    klass = content.class_by_id.get(d.class_id)
    title = d.name + (f" ({', '.join(d.brands)})" if d.brands else "")
    doc = Doc([Heading(title, level)])
    if d.withdrawn:
        doc.add(Para("No longer sold in the US. See the status below.", "strong"))
    pairs = [("Class", klass.name if klass else d.class_id)]
    if d.target:
        pairs.append(("Target", d.target))
    pairs.append(("How it is given", d.given))
    if d.aliases:
        pairs.append(("Also called", ", ".join(d.aliases)))
    doc.add(Fields(pairs), Para(d.what_it_does))
    doc.add(Heading("What to know", level + 1), Bullets(list(d.know)))
    doc.add(*_label_blocks(d, level + 1))
    if warnings:
        doc.add(*_warnings_blocks(content, drug_ids=[d.id]))
    doc.add(Heading("Status in the US", level + 1), Para(f"{d.status} (as of {d.status_date})"))
    terms = [content.term_by_id[t] for t in d.terms if t in content.term_by_id]
    if terms:
        doc.add(Heading("Words used here", level + 1), Bullets([f"{t.term}: {t.meaning}" for t in terms]))
    sources = list(dict.fromkeys([*d.label_sources, *d.sources]))
    doc.add(Heading("Sources", level + 1), Bullets(sources), Para(f"Reviewed {d.reviewed}.", "muted"))
    if level == 1:
        doc.add(Para(NOT_ADVICE, "muted"))
    return doc


def _label_blocks(d: Drug, level: int) -> list:
    """What the current US label says about a boxed warning and a REMS safety program, and when it was checked."""
    if not d.label_reviewed:
        return []
    items = []
    if d.boxed_warning:
        items.append(f"Boxed warning (the FDA's strongest warning): {d.boxed_warning}")
    else:
        items.append("No boxed warning on the US label.")
    if d.rems:
        items.append(f"Safety program (REMS): {d.rems}")
    return [
        Heading("From the US label", level),
        Bullets(items),
        Para(f"Label checked {d.label_reviewed}.", "muted"),
    ]


def _warnings_blocks(content: Content, drug_ids=(), class_ids=()) -> list:
    lines = warning_lines(content, drug_ids, class_ids)
    if not lines:
        return []
    lines.append(cannot_reach_words())
    return [Callout("Warning signs: call your care team now", lines)]


def questions_doc(content: Content, topics: list[Topic]) -> Doc:
    doc = Doc([Heading("Questions to ask")])
    number = 1
    for topic in topics:
        doc.add(Heading(topic.title, 2))
        items = [
            f"{q.text} ({'in the default set' if q.default else 'optional'}) Why: {q.why}"
            for q in topic.questions
        ]
        doc.add(Bullets(items, numbered=True, start=number))
        number += len(items)
    if len(topics) > 1:
        doc.add(
            Para(
                f"Type '{command('questions', 'TOPIC')}' for one topic. Topics: "
                + ", ".join(t.id for t in topics),
                "muted",
            )
        )
    return doc


def terms_doc(content: Content) -> Doc:
    return Doc(
        [
            Heading("Words you may hear"),
            Bullets(
                [f"{t.term}: {t.meaning}" for t in sorted(content.terms, key=lambda t: t.term.casefold())]
            ),
            Para(f"Type '{command('explain', 'WORD')}' for one word and its sources.", "muted"),
        ]
    )


def term_doc(term: Term) -> Doc:
    doc = Doc([Heading(term.term), Para(term.meaning)])
    if term.aliases:
        doc.add(Fields([("Also called", ", ".join(term.aliases))]))
    doc.add(Heading("Sources", 2), Bullets(list(term.sources)))
    return doc


def suggestions_doc(content: Content, visit) -> Doc:
    """The questions suggested for a visit, with the reason for each."""
    from rrmm_prep.content import rules

    found = rules.suggestions(content, visit)
    doc = Doc([Heading(f"Questions suggested for visit {visit.id}")])
    if not found:
        doc.add(Para("No questions are suggested from this visit's treatments, symptoms and reason."))
        return doc
    items = [f"{content.question_by_id[q].text} (Suggested because {why}.)" for q, why in found.items()]
    doc.add(Bullets(items, numbered=True))
    doc.add(
        Para(
            "Suggestions come from the treatments, symptoms and reason you gave. Your care team decides what matters.",
            "muted",
        )
    )
    return doc


def about_doc(about) -> Doc:
    """About me, as saved."""
    from rrmm_prep.read.dates import say

    pairs = [
        ("Name", about.name),
        ("Born", say(about.born, weekday=False) if about.born else ""),
        ("Myeloma type", about.myeloma_type),
        ("Diagnosed", say(about.diagnosed) if about.diagnosed else ""),
        ("Allergies", ", ".join(about.allergies)),
        ("After-hours number", about.after_hours),
    ]
    doc = Doc([Heading("About you")])
    doc.add(Fields([(k, v or "not given") for k, v in pairs]))
    doc.add(Para(f"Change it with '{command('about')}'. It stays on this computer.", "muted"))
    return doc


def find_topics(content: Content, topic: str | None) -> list[Topic]:
    """All topics, or the ones a word names (an id or a title word); NotFoundError with a hint otherwise."""
    from rrmm_prep.content.loader import did_you_mean
    from rrmm_prep.content.records import normalize
    from rrmm_prep.errors import NotFoundError

    if not topic:
        return list(content.topics)
    key = normalize(topic)
    found = [
        t for t in content.topics if key in (normalize(t.id), normalize(t.title)) or key in normalize(t.title)
    ]
    if not found:
        hint = did_you_mean(topic, [t.id for t in content.topics])
        names = ", ".join(t.id for t in content.topics)
        raise NotFoundError(
            f"No topic '{topic}'. " + (f"Did you mean '{hint}'? " if hint else "") + f"Topics: {names}"
        )
    return found


def visits_doc(items, drafts: list[str]) -> Doc:
    """The visit list: readable visits in a table, damaged ones named, drafts waiting with the command to
    finish each."""
    from rrmm_prep.messages import NEWER

    doc = Doc([Heading("Your visits")])
    good = [i for i in items if not i.damaged]
    if good:
        rows = [
            [
                i.id,
                f"{i.date} {i.time}".strip(),
                i.clinician or "-",
                i.reason or "-",
                f"{i.answered} of {i.asked}",
            ]
            for i in good
        ]
        doc.add(Table(["Visit", "Date", "With", "Reason", "Answered"], rows))
    elif any(i.damaged for i in items):
        doc.add(Para(f"No visit this rrmm-prep can read. Run '{command('new-visit')}' to prepare a new one."))
    else:
        doc.add(Para(f"No visits saved yet. Run '{command('new-visit')}' to prepare one."))
    for i in items:
        if i.damaged.startswith(NEWER):
            made = i.damaged.split(";")[0]
            doc.add(
                Para(
                    f"{made[0].upper()}{made[1:]}, so this version cannot read it: {i.path}. "
                    "It is kept as it is: update rrmm-prep to read it.",
                    "strong",
                )
            )
        elif i.damaged:
            doc.add(Para(f"Damaged, cannot be read: {i.path} ({i.damaged})", "strong"))
    for name in drafts:
        if name.startswith("after-visit-"):
            visit_id = re.sub(r"-\d{8}-\d{6}-[0-9a-f]{4}$", "", name.removeprefix("after-visit-"))
            finish = command("after-visit", visit_id)
        else:
            finish = command("new-visit")
        doc.add(Para(f"A draft is waiting: run '{finish}' to finish it.", "strong"))
    return doc
