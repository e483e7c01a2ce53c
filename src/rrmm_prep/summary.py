"""Visit (+ the visit before it) -> the visit summary, as a Doc and as Markdown. Pure: no I/O.

Urgent symptoms come first, then the visit, the questions to ask first, the other questions with room for the
answers, the history the doctor weighs, the checklists, and a plain line that this is a preparation aid.
Every piece of the person's text goes into the Doc as literal text; doc.render_markdown escapes it.
"""

from __future__ import annotations

from rrmm_prep import rules, trends
from rrmm_prep.content import Content
from rrmm_prep.doc import Bullets, Callout, Doc, Fields, Heading, Para, Table, Tasks, render_markdown
from rrmm_prep.visit import Visit, friendly_date

CALL_NOW = "Call your care team now. Do not wait for this visit."
AFTER_HOURS = "Your care team's after-hours number:"
NOT_ADVICE = (
    "This summary is a preparation aid made with rrmm-prep. It is not medical advice. "
    "Your care team decides what is right for you."
)


def urgent_block(content: Content, visit: Visit, for_family: bool = False) -> Callout | None:
    flags = rules.urgent_flags(content, visit)
    if not flags:
        return None
    lines = []
    for f in flags:
        said = f.symptom + (f" ({f.note})" if f.note and not for_family else "")
        lines.append(flag_line(said, f))
    return Callout(CALL_NOW, lines, fill_in=AFTER_HOURS)


def flag_line(said: str, flag) -> str:
    """One urgent line: what was reported, what it may be a sign of (and why it applies), what to do."""
    because = f" (because {flag.because})" if flag.because else ""
    name = f" ({flag.name})" if flag.name.casefold() != said.casefold() and flag.because else ""
    return f"{said}: may be a sign of {flag.sign_of.rstrip('. ')}{name}{because}. {flag.call_now}"


def title(visit: Visit) -> str:
    parts = ["Visit"]
    if visit.info.date:
        parts.append(f"on {friendly_date(visit.info.date)}")
    if visit.info.clinician:
        parts.append(f"with {visit.info.clinician}")
    return " ".join(parts)


def build(
    content: Content, visit: Visit, earlier: list[Visit] | None = None, for_family: bool = False
) -> Doc:
    """The summary of ``visit``. ``earlier``: the visits before it, newest first (for "since last visit" and
    the lab charts)."""
    earlier = earlier or []
    previous = earlier[0] if earlier else None
    doc = Doc([Heading(title(visit))])
    urgent = urgent_block(content, visit, for_family)
    if urgent:
        doc.add(urgent)

    info = visit.info
    pairs = [
        ("Date", friendly_date(info.date) if info.date else "not set yet"),
        ("Time", info.time or "not set yet"),
        ("With", info.clinician or "not set yet"),
        ("Where", info.place or "not set yet"),
        ("Reason", info.reason or "not given"),
        ("Coming with me", info.companion or "no one yet"),
    ]
    doc.add(Heading("The visit", 2), Fields(pairs))

    if for_family:
        doc.add(*after_blocks(visit, for_family))
        answered = [(n, q) for n, q in visit.numbered() if q.answer.strip()]
        if answered:
            doc.add(Heading("What we asked", 2))
            doc.add(Bullets([f"{q.text} Answer: {q.answer}" for _, q in answered]))
    else:
        numbered = visit.numbered()
        first_count = len([i for i in visit.ask_first if 0 <= i < len(visit.questions)])
        if numbered:
            if first_count:
                doc.add(Heading("Ask these first", 2), _question_tasks(numbered[:first_count], for_family))
            rest = numbered[first_count:]
            if rest:
                doc.add(Heading("More questions" if first_count else "My questions", 2))
                by_topic: dict[str, list] = {}
                for n, q in rest:
                    by_topic.setdefault(q.topic or "", []).append((n, q))
                for topic_id, items in by_topic.items():
                    topic = content.topic_by_id.get(topic_id)
                    heading = (
                        topic.title
                        if topic
                        else "My own questions"
                        if topic_id == "own"
                        else "Other questions"
                    )
                    doc.add(Heading(heading, 3), _question_tasks(items, for_family))
        else:
            doc.add(
                Heading("My questions", 2),
                Para("No questions picked. Write yours here:"),
                Tasks([""], answers=[""]),
            )

    if visit.after and not for_family:
        doc.add(*after_blocks(visit, for_family))

    if not for_family:
        doc.add(Heading("Treatments so far", 2))
        if visit.treatments:
            rows = []
            for t in visit.treatments:
                drugs = ", ".join(content.drug_by_id[d].name for d in t.drugs if d in content.drug_by_id)
                rows.append(
                    [
                        t.name,
                        drugs or "-",
                        _when(t.started, t.stopped, t.outcome),
                        t.outcome or "-",
                        "; ".join(t.bad_effects) or "-",
                    ]
                )
            doc.add(Table(["Treatment", "Drugs", "When", "How it went", "Bad effects"], rows))
        else:
            doc.add(Para("None listed."))

        doc.add(Heading("How I have been", 2))
        reported = [s for s in visit.symptoms if s.severity != "none"]
        if reported:
            doc.add(
                Table(
                    ["Symptom", "How bad", "Note"],
                    [[s.name, s.severity or "not rated", s.note or "-"] for s in reported],
                )
            )
        else:
            doc.add(Para("No symptoms from the checklist."))
        doc.add(Fields([("Day to day", visit.daily_life or "not said")]))

        doc.add(Heading("Other health problems", 2), _list_or(visit.health_problems, "None listed."))
        doc.add(Heading("Medicines I take now", 2), _list_or(visit.medicines, "None listed."))
        if visit.labs:
            doc.add(Heading("Lab results I brought", 2))
            doc.add(
                Table(
                    ["Test", "Value", "Unit", "Date"],
                    [[lab.test, lab.value, lab.unit or "-", lab.date or "-"] for lab in visit.labs],
                )
            )
        if previous is not None:
            changes = trends.since_last(content, previous, visit)
            if changes:
                doc.add(Heading("Since last visit", 2), Bullets(changes))
        charts = trends.charts(content, [*earlier, visit]) if earlier and visit.labs else []
        if charts:
            doc.add(Heading("Lab values over time", 2), *charts)

    doc.add(Heading("My goals for the next treatment", 2), _list_or(visit.goals, "Not said yet."))
    if visit.notes:
        doc.add(Heading("Other notes", 2), *[Para(line) for line in visit.notes.splitlines() if line.strip()])
    if visit.private_notes and not for_family:
        doc.add(Heading("Private notes (left out when shared with family)", 2))
        doc.add(*[Para(line) for line in visit.private_notes.splitlines() if line.strip()])

    if not visit.after:
        go = content.before_you_go
        doc.add(
            Heading("Before you go", 2), Tasks([c.text for c in go], done=[c.id in visit.ready for c in go])
        )
        doc.add(Heading("Before you leave", 2), Tasks([c.text for c in content.before_you_leave]))

    reviewed = visit.content_reviewed or content.reviewed
    doc.add(Para(f"Content reviewed {reviewed}. {NOT_ADVICE}", "muted"))
    return doc


def _question_tasks(items, for_family: bool) -> Tasks:
    tasks = Tasks([], numbers=[])
    for n, q in items:
        notes = []
        if q.why_suggested:
            notes.append(f"Suggested because {q.why_suggested}.")
        if q.carried:
            notes.append("Not answered last time.")
        tasks.items.append(q.text)
        tasks.numbers.append(n)
        tasks.done.append(bool(q.answer))
        tasks.notes.append(notes if not for_family else [])
        tasks.answers.append(q.answer)
    return tasks


def after_blocks(visit: Visit, for_family: bool = False) -> list:
    a = visit.after
    if a is None:
        return []
    blocks: list = [Heading("After the visit", 2)]
    pairs = [("Decisions", a.decisions or "none recorded")]
    pairs.append(("Next appointment", friendly_date(a.next_visit) if a.next_visit else "not set"))
    contact = ", ".join(p for p in (a.contact_name, a.contact_phone) if p)
    pairs.append(("Who to call", contact or "not recorded"))
    blocks.append(Fields(pairs))
    if a.next_steps:
        blocks += [Heading("Next steps and tests", 3), Bullets(list(a.next_steps))]
    if a.for_family:
        blocks += [Heading("A note for family", 3), Para(a.for_family)]
    return blocks


def _when(started: str, stopped: str, outcome: str) -> str:
    if started and stopped:
        return f"{started} to {stopped}"
    if started:
        return f"since {started}" if outcome == "still taking" or not outcome else f"from {started}"
    if stopped:
        return f"until {stopped}"
    return "-"


def _list_or(items: list[str], empty: str):
    return Bullets(list(items)) if items else Para(empty)


def markdown(
    content: Content, visit: Visit, earlier: list[Visit] | None = None, for_family: bool = False
) -> str:
    return render_markdown(build(content, visit, earlier, for_family))
