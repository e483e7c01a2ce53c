"""Visit (+ the visits before it) -> the summary, the one-page doctor sheet, the page to print and the family
notes, as Docs. Pure: no I/O.

Calls come first, always: the call-now box (911 and call-now signs), then the call-today box. Each says what to
do when the care team cannot be reached, and shows the after-hours number when it is known.
Every piece of the person's text goes into the Doc as literal text; the renderers escape it. Private notes are
only in the person's own summary, never in anything printed or shared unless asked for.
"""

from __future__ import annotations

import dataclasses
import re

from rrmm_prep.content import rules
from rrmm_prep.content.records import Content, normalize
from rrmm_prep.model.changes import after_the_visit
from rrmm_prep.model.visit import Visit
from rrmm_prep.read.dates import say
from rrmm_prep.render import trends
from rrmm_prep.render.calls import after_hours, call_now_blocks, cannot_reach
from rrmm_prep.render.doc import Break, Bullets, Doc, Fields, Heading, Para, Table, Tasks, and_list
from rrmm_prep.render.markdown import render_markdown

NOT_ADVICE = (
    "This summary is a preparation aid made with rrmm-prep. It is not medical advice. "
    "Your care team decides what is right for you."
)


def paras(text: str) -> list[Para]:
    """Text the person typed on several lines: a paragraph a line, so no renderer joins them."""
    return [Para(line) for line in text.splitlines() if line.strip()]


def title(visit: Visit) -> str:
    parts = ["Visit"]
    if visit.info.date:
        parts.append(f"on {say(visit.info.date)}")
    if visit.info.clinician:
        parts.append(f"with {visit.info.clinician}")
    return " ".join(parts)


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") and not name.endswith("ss") else f"{name}'s"


def family_title(visit: Visit) -> str:
    name = visit.about.name.strip()
    base = title(visit)
    return f"{possessive(name)} visit{base.removeprefix('Visit')}" if name else base


def build(
    content: Content,
    visit: Visit,
    earlier: list[Visit] | None = None,
    for_family: bool = False,
    with_private: bool | None = None,
) -> Doc:
    """The summary of ``visit``. ``earlier``: the visits before it, newest first (for "since last visit" and the
    lab charts). ``for_family``: the family notes. ``with_private``: the private notes (by default in the
    person's own summary, never in the family notes; either way when given)."""
    if for_family:
        return family(content, visit, with_private=bool(with_private))
    with_private = with_private is None or with_private
    earlier = earlier or []
    previous = earlier[0] if earlier else None
    doc = Doc([Heading(title(visit))])
    doc.add(*call_now_blocks(content, visit))
    doc.add(Heading("The visit", 2), Fields(_visit_fields(visit, leave_out_empty=False)))

    numbered = visit.numbered()
    first_count = len([i for i in visit.ask_first if 0 <= i < len(visit.questions)])
    if numbered:
        if first_count:
            doc.add(Heading("Ask these first", 2), _question_tasks(numbered[:first_count]))
        rest = numbered[first_count:]
        if rest:
            doc.add(Heading("More questions" if first_count else "My questions", 2))
            by_topic: dict[str, list] = {}
            for n, q in rest:
                by_topic.setdefault(q.topic or "", []).append((n, q))
            for topic_id, items in by_topic.items():
                topic = content.topic_by_id.get(topic_id)
                heading = (
                    topic.title if topic else "My own questions" if topic_id == "own" else "Other questions"
                )
                doc.add(Heading(heading, 3), _question_tasks(items))
    else:
        doc.add(
            Heading("My questions", 2),
            Para("No questions picked. Write yours here:"),
            Tasks([""], answers=[""]),
        )

    if visit.after:
        doc.add(*after_blocks(content, visit))

    doc.add(Heading("Treatments so far", 2), *history_blocks(content, visit))

    doc.add(Heading("How I have been", 2))
    reported = [s for s in visit.symptoms if s.severity != "none"]
    if reported:
        doc.add(Table(["Symptom", "How bad", "Note"], [_symptom_row(s) for s in reported]))
    else:
        doc.add(Para("No symptoms reported."))
    doc.add(Fields([("Day to day", visit.daily_life or "not said")]))
    doc.add(*checkin_block(visit))

    doc.add(Heading("Other health problems", 2), _list_or(visit.health_problems, "None listed."))
    doc.add(Heading("Medicines I take now", 2), _list_or(visit.medicines, "None listed."))
    if visit.about.allergies:
        doc.add(Heading("Allergies", 2), Bullets(list(visit.about.allergies)))
    if visit.labs:
        doc.add(Heading("Lab results I brought", 2), _lab_table(visit))
    if previous is not None:
        changes = trends.since_last(content, previous, visit)
        if changes:
            doc.add(Heading("Since last visit", 2), Bullets(changes))
    charts = trends.charts(content, [*earlier, visit]) if earlier and visit.labs else []
    if charts:
        doc.add(Heading("Lab values over time", 2), *charts)

    doc.add(Heading("My goals for the next treatment", 2), _list_or(visit.goals, "Not said yet."))
    if visit.notes:
        doc.add(Heading("Other notes", 2), *paras(visit.notes))
    if visit.private_notes and with_private:
        doc.add(Heading("Private notes (left out of what you print or share)", 2))
        doc.add(*paras(visit.private_notes))

    if not visit.after:
        doc.add(*checklist_blocks(content, visit))
    doc.add(closing(content, visit))
    return doc


def closing(content: Content, visit: Visit) -> Para:
    reviewed = visit.content_reviewed or content.reviewed
    return Para(f"Content reviewed {reviewed}. {NOT_ADVICE}", "muted")


def checklist_blocks(content: Content, visit: Visit) -> list:
    go = content.before_you_go
    return [
        Heading("Before you go", 2),
        Tasks([c.text for c in go], done=[c.id in visit.ready for c in go]),
        Heading("Before you leave", 2),
        Tasks([c.text for c in content.before_you_leave]),
    ]


def _visit_fields(visit: Visit, leave_out_empty: bool) -> list[tuple[str, str]]:
    info = visit.info
    pairs = [
        ("Date", say(info.date) if info.date else ""),
        ("Time", info.time),
        ("With", info.clinician),
        ("Where", info.place),
        ("Reason", info.reason),
        ("Coming with me", info.companion),
    ]
    empty = {"Date": "not set yet", "Time": "not set yet", "With": "not set yet", "Where": "not set yet"}
    empty |= {"Reason": "not given", "Coming with me": "no one yet"}
    if leave_out_empty:
        return [(k, v) for k, v in pairs if v]
    return [(k, v or empty[k]) for k, v in pairs]


def _symptom_row(s) -> list[str]:
    note = "; ".join(p for p in (s.detail, f"said: {s.said}" if s.said else "", s.note) if p)
    return [s.name, s.severity or "not rated", note or "-"]


def _lab_table(visit: Visit) -> Table:
    rows = []
    for lab in visit.labs:
        value = lab.value or "-"
        if lab.as_typed:
            value += " (as typed)"
        rows.append([lab.test, value, lab.unit or "-", say(lab.date) if lab.date else "-"])
    return Table(["Test", "Value", "Unit", "Date"], rows)


def _question_tasks(items) -> Tasks:
    tasks = Tasks([], numbers=[])
    for n, q in items:
        lines = []
        if q.why_suggested:
            lines.append(f"Suggested because {q.why_suggested}.")
        if q.carried:
            lines.append("Not answered last time.")
        tasks.items.append(q.text)
        tasks.numbers.append(n)
        tasks.done.append(bool(q.answer))
        tasks.notes.append(lines)
        tasks.answers.append(q.answer)
    return tasks


def after_blocks(content: Content, visit: Visit, leave_out_empty: bool = False) -> list:
    a = visit.after
    if a is None:
        return []
    blocks: list = [Heading("After the visit", 2)]
    contact = ", ".join(p for p in (a.contact_name, a.contact_phone) if p)
    next_visit = (
        (say(a.next_visit) + (f" at {a.next_visit_time}" if a.next_visit_time else ""))
        if a.next_visit
        else ""
    )
    pairs = [
        ("Decisions", a.decisions, "none recorded"),
        ("Next appointment", next_visit, "not set"),
        ("Who to call", contact, "not recorded"),
        ("After-hours number", after_hours(visit), "not recorded"),
    ]
    if a.stop:
        pairs.append(("Stopped", and_list([_change(c, visit) for c in a.stop]), ""))
    if a.change:
        pairs.append(("Changed", and_list([_change(c, visit) for c in a.change]), ""))
    if a.start:
        pairs.append(("Starting", and_list([t.name for t in a.start]), ""))
    shown = [(k, v or empty) for k, v, empty in pairs if v or not leave_out_empty]
    if shown:
        blocks.append(Fields(shown))
    if a.next_steps:
        blocks += [Heading("Next steps and tests", 3), Bullets(list(a.next_steps))]
    if a.for_family:
        blocks += [Heading("A note for family", 3), *paras(a.for_family)]
    return blocks


def _change(c, visit: Visit) -> str:
    """ "DPd (stopped working)", "dexamethasone (from 5 January 2027; a lower dose)"."""
    when = f"from {say(c.date)}" if c.date and c.date != visit.info.date else ""
    said = "; ".join(p for p in (when, c.reason) if p)
    return c.name + (f" ({said})" if said else "")


def _list_or(items: list[str], empty: str):
    return Bullets(list(items)) if items else Para(empty)


def history_rows(content: Content, visit: Visit) -> list[list[str]]:
    """The treatments as a doctor reads them: by line of therapy (a transplant and the maintenance after it in
    the line of the induction before them), in the order they started."""
    rows = []
    for n, line in enumerate(rules.lines_of_therapy(content, visit), 1):
        for t in line:
            drugs = ", ".join(content.drug_by_id[d].name for d in t.drugs if d in content.drug_by_id)
            how = _how(t) or ("one-time" if t.one_time else "-")
            name = t.name + ("" if t.kind else " (own words)")
            effects = "; ".join(e.name for e in t.bad_effects) or "-"
            rows.append([str(n), name, drugs or "-", t.when or "-", how, effects])
    return rows


def _how(t) -> str:
    return t.outcome + (f" ({t.reason})" if t.reason else "") if t.outcome else t.reason


def now_and_planned(content: Content, visit: Visit) -> list[Para]:
    """What the person is on now, and what is planned to start: facts the doctor sheet says first."""
    on = [f"{t.name} ({t.when})" if t.when else t.name for t in visit.treatments if t.ongoing]
    planned = [
        t.name + (f" (from {say(t.started)})" if t.started else "") for t in visit.treatments if t.planned
    ]
    out = []
    if on:
        out.append(Para(f"On now: {and_list(on)}."))
    if planned:
        out.append(Para(f"Planned: {and_list(planned)}."))
    return out


def history_blocks(content: Content, visit: Visit) -> list:
    if not visit.treatments:
        return [Para("None listed.")]
    blocks: list = [
        Table(["Line", "Treatment", "Drugs", "When", "How it went", "Bad effects"], history_rows(content, visit)),
        *now_and_planned(content, visit),
    ]
    types = drug_types(content, visit)
    if types:
        said = "; ".join(f"{label}: {and_list(names)}" for label, names in types)
        blocks.append(Para(f"Drug types had: {said}."))
    if "triple-class-exposed" in rules.history_flags(content, visit):
        blocks.append(
            Para(
                "Doctors call this triple-class exposed: a proteasome inhibitor, an IMiD and an anti-CD38 "
                "antibody. Who can join clinical trials, or get CAR-T or a bispecific antibody, often depends on it."
            )
        )
    return blocks


TARGET_TYPES = ("BCMA", "GPRC5D")


def drug_types(content: Content, visit: Visit) -> list[tuple[str, list[str]]]:
    """Each kind of drug the person has had, with their own names for them: ("IMiD", ["Revlimid (also in VRd)",
    "pomalidomide (in DPd)"]). A drug typed by name keeps that name; one in combinations says which."""
    typed: dict[str, str] = {}  # drug id -> the name the person typed it by
    combos: dict[str, list[str]] = {}  # drug id -> the combinations it was in
    order: list[str] = []
    for t in rules.given(visit):  # a treatment only planned has not been had
        for d in t.drugs:
            if d not in content.drug_by_id:
                continue
            if d not in order:
                order.append(d)
            if t.kind == "drug":
                typed.setdefault(d, t.name)
            elif t.name not in combos.setdefault(d, []):
                combos[d].append(t.name)
    out: dict[str, list[str]] = {}
    for d in order:
        drug = content.drug_by_id[d]
        within = ", ".join(combos.get(d, []))
        if d in typed:
            own = typed[d] + (f" (also in {within})" if within else "")
        else:
            own = f"{drug.name} (in {within})"
        klass = content.class_by_id.get(drug.class_id)
        labels = [_class_label(klass.name if klass else drug.class_id)]
        labels += [
            f"{t}-directed" for t in TARGET_TYPES if drug.target and t.casefold() in drug.target.casefold()
        ]
        for label in labels:
            out.setdefault(label, []).append(own)
    return [(label[:1].upper() + label[1:], names) for label, names in out.items()]


def _class_label(name: str) -> str:
    short = {"immunomodulatory drug": "IMiD"}
    return short.get(name, name)


def checkin_block(visit: Visit) -> list:
    """The weekly check-ins since the last visit, kept with the visit (six lines at most), or nothing."""
    lines = visit.extra.get("since_checkins")
    if not isinstance(lines, list) or not lines:
        return []
    return [Heading("Since last visit: weekly check-ins", 2), Bullets([str(x) for x in lines[:6]])]


def weeks_line(visit: Visit) -> list:
    """For family: how the weeks went, in one line, from the check-ins, without the person's own words."""
    lines = visit.extra.get("since_checkins")
    if not isinstance(lines, list) or not lines:
        return []
    plain = [re.sub(r" \(.*\)$", "", str(x)) for x in lines if not str(x).startswith("...")]
    return [Para(f"How the weeks went (weekly check-ins): {'; '.join(plain)}.")]


def doctor_sheet(content: Content, visit: Visit, earlier: list[Visit] | None = None) -> Doc:
    """One page for the doctor: who, any calls, the treatment history, what is new since the last visit,
    medicines and allergies, and the top three questions."""
    earlier = earlier or []
    about = visit.about
    who = about.name or "Patient"
    heading = f"{who}: visit summary for {visit.info.clinician or 'the care team'}"
    doc = Doc([Heading(heading)])
    doc.add(*call_now_blocks(content, visit))
    pairs = [
        ("Visit", say(visit.info.date) + (f" at {visit.info.time}" if visit.info.time else "")),
        ("Born", say(about.born, weekday=False) if about.born else ""),
        ("Myeloma", about.myeloma_type),
        ("Diagnosed", say(about.diagnosed) if about.diagnosed else ""),
        ("Reason", visit.info.reason),
        ("With me", visit.info.companion),
        ("Allergies", ", ".join(about.allergies) if about.allergies else "none known"),
    ]
    doc.add(Fields([(k, v) for k, v in pairs if v]))
    doc.add(Heading("Treatment history", 2), *history_blocks(content, visit))
    new = _new_since(content, visit, earlier)
    doc.add(Heading("New since the last visit" if earlier else "How I have been", 2))
    doc.add(*(new or [Para("Nothing new reported.")]))
    doc.add(*checkin_block(visit))
    # one line each, so the sheet stays on one side of Letter
    doc.add(Heading("Medicines", 2), Para("; ".join(visit.medicines) + "." if visit.medicines else "None listed."))
    if visit.health_problems:
        doc.add(Heading("Other health problems", 2), Para("; ".join(visit.health_problems) + "."))
    top = visit.numbered()[: max(1, len([i for i in visit.ask_first if 0 <= i < len(visit.questions)]))][:3]
    if top:
        doc.add(Heading("My top questions", 2), Bullets([q.text for _, q in top], numbered=True))
    doc.add(Para("Made with rrmm-prep, a preparation aid. It is not medical advice.", "muted"))
    return doc


def _new_since(content: Content, visit: Visit, earlier: list[Visit]) -> list:
    """Symptoms (new ones marked), and results beside the same test's value last time: facts, no verdicts."""
    blocks: list = []
    previous = earlier[0] if earlier else None
    before_symptoms = {s.id or s.name.casefold() for s in previous.symptoms} if previous else set()
    reported = [s for s in visit.symptoms if s.severity != "none"]
    if reported:
        rows = []
        for s in reported:
            name, how, note = _symptom_row(s)
            new = previous is not None and (s.id or s.name.casefold()) not in before_symptoms
            rows.append([name + (" (new)" if new else ""), how, note])
        blocks.append(Table(["Symptom", "How bad", "Note"], rows))
    if visit.labs:
        last = trends.latest(previous) if previous else {}
        rows = []
        for lab in visit.labs:
            old = last.get(lab.id or normalize(lab.test))
            before = (
                f"{old.value} {old.unit}".strip() + (f" ({say(old.date, weekday=False)})" if old.date else "")
                if old is not None
                else "-"
            )
            now = f"{lab.value or '-'} {lab.unit}".strip() + (" (as typed)" if lab.as_typed else "")
            rows.append([lab.test, now, say(lab.date, weekday=False) if lab.date else "-", before])
        blocks.append(Table(["Test", "Result", "Date", "Last time"], rows))
    if visit.daily_life:
        blocks.append(Fields([("Day to day", visit.daily_life)]))
    return blocks


def printable(
    content: Content, visit: Visit, earlier: list[Visit] | None = None, with_private: bool = False
) -> Doc:
    """The page to print: the doctor sheet on its own page, then the full summary and the checklists. Private
    notes only with ``with_private``."""
    doc = doctor_sheet(content, visit, earlier)
    doc.add(Break())
    full = build(content, visit, earlier, with_private=with_private)
    if visit.after:  # the checklists close the page to print even after the visit
        closing_block = full.blocks.pop()
        full.add(*checklist_blocks(content, visit), closing_block)
    doc.add(*full.blocks)
    return doc


def family(content: Content, visit: Visit, with_private: bool = False) -> Doc:
    """The notes to share with family. After the visit they lead with the plan: what was decided, what stops,
    changes and starts, the next appointment and whom to call; a call-now from before the visit is told as past;
    what to watch for follows. Before the visit, a call-now comes first. Every drug and word the notes name is
    said in a plain sentence, and one sentence says what myeloma is. No private notes (unless asked), no symptom
    details, no empty fields."""
    doc = Doc([Heading(family_title(visit))])
    if visit.after is None:
        doc.add(*call_now_blocks(content, visit, for_family=True))
    doc.add(*_myeloma(content))
    if visit.after is not None:
        doc.add(*_plan(content, visit))
    doc.add(Heading("The visit", 2), Fields(_visit_fields(visit, leave_out_empty=True)))
    doc.add(*weeks_line(visit))
    if visit.after is not None:
        doc.add(*_before_the_visit(content, visit), *_watch(content, visit))
    answered = [(n, q) for n, q in visit.numbered() if q.answer.strip()]
    if answered:
        doc.add(Heading("What we asked", 2))
        doc.add(Tasks([q.text for _, q in answered], answers=[q.answer for _, q in answered], boxes=False))
    if visit.goals:
        doc.add(Heading("My goals for the next treatment", 2), Bullets(list(visit.goals)))
    if visit.notes:
        doc.add(Heading("Other notes", 2), *paras(visit.notes))
    if with_private and visit.private_notes:
        doc.add(Heading("Private notes", 2), *paras(visit.private_notes))
    words = _words_explained(content, visit, with_private)
    if words:
        doc.add(Heading("Words and medicines in these notes", 2), Bullets(words))
    doc.add(closing(content, visit))
    return doc


def _myeloma(content: Content) -> list:
    term = content.term_by_id.get("myeloma")
    return [Para(f"About myeloma: {term.meaning}")] if term is not None else []


def _plan(content: Content, visit: Visit) -> list:
    """What was decided and what changes, the next appointment, whom to call: what family most need."""
    a = visit.after
    pairs = [("Decided", a.decisions)]
    pairs += [("Stopping", and_list([_change(c, visit) for c in a.stop]))] if a.stop else []
    pairs += [("Changing", and_list([_change(c, visit) for c in a.change]))] if a.change else []
    starts = [
        t.name + (f" (planned from {say(t.started)})" if t.planned else "") for t in a.start
    ] + list(a.medicines)
    pairs += [("Starting", and_list(starts))] if starts else []
    nxt = (say(a.next_visit) + (f" at {a.next_visit_time}" if a.next_visit_time else "")) if a.next_visit else ""
    contact = ", ".join(p for p in (a.contact_name, a.contact_phone) if p)
    pairs += [("Next appointment", nxt), ("Who to call", contact), ("After-hours number", after_hours(visit))]
    blocks: list = [Heading("What was decided", 2), Fields([(k, v) for k, v in pairs if v])]
    if a.next_steps:
        blocks += [Heading("Next steps and tests", 3), Bullets(list(a.next_steps))]
    if a.for_family:
        blocks += [Heading("A note for family", 3), *paras(a.for_family)]
    return blocks


def _before_the_visit(content: Content, visit: Visit) -> list:
    """A call-now from before the visit, told as what it was: past, and known to the care team."""
    flags = rules.all_flags(content, visit)
    if not flags:
        return []
    said = and_list(list(dict.fromkeys(f.said for f in flags)))
    return [Para(f"Before the visit, this was reported: {said}. It was for the care team to see at the visit.")]


def _watch(content: Content, visit: Visit) -> list:
    """What to watch for now: what the care team said, and the warning signs of what starts."""
    from rrmm_prep.render.calls import warning_lines

    a = visit.after
    after = dataclasses.replace(visit, treatments=after_the_visit(visit))
    planned = {t.name.casefold() for t in after.treatments if t.planned}
    now: list[str] = [e.name for e in a.watch]
    later: list[str] = []
    for t in a.start:
        lines = later if t.name.casefold() in planned else now
        lines += [line for line in warning_lines(content, drug_ids=list(t.drugs)) if line not in now + later]
    if not now and not later:
        return []
    blocks: list = [Heading("What to watch for", 2)]
    if now:
        blocks += [Para("Call the care team right away about:"), Bullets(now)]
    if later:
        names = and_list([t.name for t in a.start if t.name.casefold() in planned])
        blocks += [Para(f"Once {names} is given, call the care team right away about:"), Bullets(later)]
    return [*blocks, Para(cannot_reach(content, after))]


def _words_explained(content: Content, visit: Visit, with_private: bool) -> list[str]:
    """A plain sentence for every drug, combination, medicine and glossary word the notes name."""
    from rrmm_prep.content.lookup import Index

    a = visit.after
    named: list[str] = []
    if a is not None:
        named += [c.name for c in (*a.stop, *a.change)] + [t.name for t in a.start] + list(a.medicines)
    texts = [a.decisions, *a.next_steps, a.for_family] if a is not None else []
    texts += [q.answer for q in visit.questions] + [visit.notes] + ([visit.private_notes] if with_private else [])
    index = Index(content)
    out: dict[str, str] = {}
    for t in a.start if a is not None else []:  # what starts: each of its drugs too
        for d in t.drugs if len(t.drugs) > 1 else []:
            if d in content.drug_by_id:
                named.append(content.drug_by_id[d].name)
    for name in named:
        out.setdefault(name.casefold(), _explain(content, index, name) or "")
    blob = " ".join(t for t in texts if t)
    for spelling in sorted(index.spellings | _term_spellings(content), key=len, reverse=True):
        if len(spelling) >= 3 and re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", blob, re.IGNORECASE):
            out.setdefault(spelling.casefold(), _explain(content, index, spelling) or "")
    return [line for line in dict.fromkeys(out.values()) if line]


def _term_spellings(content: Content) -> set[str]:
    return {s for t in content.terms for s in (t.term, *t.aliases) if t.id != "myeloma"}


def _explain(content: Content, index, name: str) -> str | None:
    from rrmm_prep.content.lookup import find_term
    from rrmm_prep.errors import NotFoundError

    try:
        found = find_term(content, name)
    except NotFoundError:
        return None
    if hasattr(found, "meaning"):
        return f"{found.term}: {found.meaning}"
    if found.kind == "regimen" and found.regimen is not None:
        drugs = and_list([d.name for d in found.drugs])
        return f"{found.regimen.abbreviation}: a combination of {drugs}."
    if found.kind == "drug" and found.drug is not None:
        d = found.drug
        brand = f" ({', '.join(d.brands)})" if d.brands else ""
        return f"{d.name}{brand}: {d.what_it_does}"
    return None


def markdown(content: Content, visit: Visit, earlier: list[Visit] | None = None) -> str:
    """The person's own summary (the .md beside the record), private notes included."""
    return render_markdown(build(content, visit, earlier))
