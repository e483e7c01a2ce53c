"""Answers files: new-visit and after-visit without a terminal (``--answers FILE``), and their templates.

A file is checked whole before anything is written: every problem is reported with its line and field. What a
file leaves out gets the same default as pressing Enter (interview.start / settle_questions / default_first).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rrmm_prep import interview, loader
from rrmm_prep.content import Content, normalize
from rrmm_prep.errors import AnswersError, NotFoundError, Problem
from rrmm_prep.lookup import Index
from rrmm_prep.visit import (
    OUTCOMES,
    SEVERITIES,
    AfterVisit,
    LabValue,
    QuestionItem,
    SymptomReport,
    Treatment,
    Visit,
)

NEW_VISIT_FIELDS = (
    "visit",
    "treatments",
    "symptoms",
    "daily_life",
    "health_problems",
    "medicines",
    "goals",
    "questions",
    "my_questions",
    "ask_first",
    "labs",
    "ready",
    "notes",
    "private_notes",
)
AFTER_FIELDS = ("answers", "decisions", "next_steps", "next_visit", "contact", "for_family")


def _read(path: Path) -> tuple[loader.YMap, loader.Checker]:
    name = str(path)
    try:
        doc = loader.load(path, name)
    except loader.YamlReadError as err:
        raise AnswersError(err.problems) from None
    check = loader.Checker(name)
    if doc is None:
        raise AnswersError(
            [Problem(name, None, "is empty; fill it in (see --answers-template), or use --no-input")]
        )
    if not isinstance(doc, loader.YMap):
        raise AnswersError(
            [Problem(name, loader.line_of(doc, 1), "should be a mapping of fields at the top, like 'visit:'")]
        )
    return doc, check


# ------------------------------------------------------------------------------------------------ new-visit


def new_visit(path: Path, content: Content, base: Visit, today: dt.date | None = None) -> Visit:
    """Read a new-visit answers file onto ``base`` (a started visit, with anything carried forward)."""
    today = today or dt.date.today()
    doc, check = _read(path)
    check.mapping(doc, entry=None, optional=NEW_VISIT_FIELDS, line=1)
    v = base
    info = check.mapping(
        doc.get("visit"),
        entry="visit",
        optional=("date", "time", "with", "place", "reason", "companion"),
        line=doc.key_lines.get("visit"),
    )
    if info is not None:
        date = check.text(info, "date", "visit", required=False)
        if date:
            try:
                v.info.date = interview.parse_date(date, today).isoformat()
            except ValueError as err:
                check.problem(info.key_lines.get("date"), str(err), "visit", "date")
        time = check.text(info, "time", "visit", required=False)
        if time:
            try:
                v.info.time = interview.parse_time(time)
            except ValueError as err:
                check.problem(info.key_lines.get("time"), str(err), "visit", "time")
        v.info.clinician = check.text(info, "with", "visit", required=False) or v.info.clinician
        v.info.place = check.text(info, "place", "visit", required=False) or v.info.place
        v.info.companion = check.text(info, "companion", "visit", required=False) or v.info.companion
        reason = check.text(info, "reason", "visit", required=False)
        if reason:
            v.info.reason = reason
            v.info.reason_id = next(
                (
                    r.id
                    for r in content.visit_reasons
                    if normalize(reason) in {normalize(x) for x in (r.id, r.label, *r.aliases)}
                ),
                "",
            )

    if "treatments" in doc:
        v.treatments = [
            t for t in (_treatment(check, raw, content) for raw in check.items(doc, "treatments", None)) if t
        ]
    if "symptoms" in doc:
        v.symptoms = [
            s for s in (_symptom(check, raw, content) for raw in check.items(doc, "symptoms", None)) if s
        ]
    if "daily_life" in doc:
        v.daily_life = check.text(doc, "daily_life", None, required=False) or ""
    for key in ("health_problems", "medicines", "goals"):
        if key in doc:
            setattr(v, key, list(check.texts(doc, key, None, one_ok=True)))
    if "labs" in doc:
        v.labs = [
            x for x in (_lab(check, raw, content, v.info.date) for raw in check.items(doc, "labs", None)) if x
        ]
    if "ready" in doc:
        ids = {c.id for c in content.before_you_go}
        v.ready = [
            r for r in check.texts(doc, "ready", None, one_ok=True) if _known(check, doc, "ready", r, ids)
        ]
    v.notes = check.text(doc, "notes", None, required=False) or v.notes
    v.private_notes = check.text(doc, "private_notes", None, required=False) or v.private_notes

    own = [QuestionItem(text=t, topic="own") for t in check.texts(doc, "my_questions", None, one_ok=True)]
    if own:
        carried = [q for q in v.questions if not q.id and q.text not in {o.text for o in own}]
        v.questions = carried + own
    ticked = None
    if "questions" in doc:
        ids = set(content.question_by_id)
        ticked = [
            q
            for q in check.texts(doc, "questions", None, one_ok=True)
            if _known(check, doc, "questions", q, ids)
        ]
    interview.settle_questions(content, v, ticked)
    if "ask_first" in doc:
        firsts = check.texts(doc, "ask_first", None, one_ok=True)
        v.ask_first = []
        for item in firsts:
            index = _question_index(v, item)
            if index is None:
                check.problem(
                    doc.key_lines.get("ask_first"),
                    f"'{item}' is not a question in this file (use its number in the list, its id or its text)",
                    None,
                    "ask_first",
                )
            else:
                v.ask_first.append(index)
        if len(v.ask_first) > interview.MAX_FIRST:
            check.problem(doc.key_lines.get("ask_first"), "pick three questions at most", None, "ask_first")
    else:
        v.ask_first = interview.default_first(v)
    if check.problems:
        raise AnswersError(check.problems)
    return v


def _known(check, doc, key, value, ids) -> bool:
    if value in ids:
        return True
    hint = loader.did_you_mean(value, ids)
    check.problem(
        doc.key_lines.get(key),
        f"'{value}' is not a known id" + (f"; did you mean '{hint}'?" if hint else ""),
        None,
        key,
    )
    return False


def _question_index(v: Visit, item: str) -> int | None:
    if item.isdecimal() and 1 <= int(item) <= len(v.questions):
        return int(item) - 1
    for i, q in enumerate(v.questions):
        if item in (q.id, q.text):
            return i
    return None


def _treatment(check: loader.Checker, raw, content: Content) -> Treatment | None:
    entry = "treatments"
    m = check.mapping(
        raw,
        entry=entry,
        optional=("drug", "other", "started", "stopped", "outcome", "bad_effects"),
        line=loader.line_of(raw),
    )
    if m is None:
        return None
    name = check.text(m, "drug", entry, required=False)
    other = check.text(m, "other", entry, required=False)
    if not name and not other:
        check.problem(
            m.line, "needs 'drug' (a drug, brand or regimen) or 'other' (your own words)", entry, "drug"
        )
        return None
    t = Treatment(name=other or "")
    usable = True
    if name:
        try:
            match = Index(content).find(name)
        except NotFoundError as err:
            message = f"{err} (For a drug not in the list, write 'other: {name}'.)"
            check.problem(m.key_lines.get("drug"), message, entry, "drug")
            match, usable = None, False
        if match is not None and match.kind not in ("drug", "regimen"):
            options = ", ".join(d.name for d in match.drugs)
            message = f"'{name}' is a group of drugs; name one: {options}"
            check.problem(m.key_lines.get("drug"), message, entry, "drug")
            usable = False
        elif match is not None:
            t = interview.treatment_from_match(content, name, match)
    for key in ("started", "stopped"):
        value = check.text(m, key, entry, required=False)
        if value:
            try:
                setattr(t, key, interview.parse_when(value))
            except ValueError as err:
                check.problem(m.key_lines.get(key), str(err), entry, key)
    t.outcome = check.choice(m, "outcome", entry, OUTCOMES, default="") or (
        "still taking" if not t.stopped else ""
    )
    t.bad_effects = list(check.texts(m, "bad_effects", entry, one_ok=True))
    return t if usable else None


def _symptom(check: loader.Checker, raw, content: Content) -> SymptomReport | None:
    entry = "symptoms"
    if isinstance(raw, str):
        raw_map = loader.YMap({"name": raw})
        raw_map.line, raw_map.key_lines = raw.line, {"name": raw.line}
        raw = raw_map
    m = check.mapping(
        raw, entry=entry, required=("name",), optional=("severity", "note"), line=loader.line_of(raw)
    )
    if m is None:
        return None
    name = check.text(m, "name", entry) or ""
    key = normalize(name)
    known = next(
        (s for s in content.symptoms if key in {normalize(x) for x in (s.id, s.label, *s.aliases)}), None
    )
    severity = check.choice(m, "severity", entry, SEVERITIES, default="")
    return SymptomReport(
        name=name,
        id=known.id if known else "",
        severity=severity or "",
        note=check.text(m, "note", entry, required=False) or "",
    )


def _lab(check: loader.Checker, raw, content: Content, visit_date: str) -> LabValue | None:
    from rrmm_prep import trends

    entry = "labs"
    m = check.mapping(
        raw, entry=entry, required=("test", "value"), optional=("unit", "date"), line=loader.line_of(raw)
    )
    if m is None:
        return None
    name = check.text(m, "test", entry) or ""
    value = check.text(m, "value", entry) or ""
    unit = check.text(m, "unit", entry, required=False) or ""
    date = check.date(m, "date", entry) or visit_date
    if not name or not value:
        return None
    problem = trends.check_value(content, name, value, unit)
    if problem:
        check.problem(
            m.key_lines.get("unit") if number_ok(value) else m.key_lines.get("value"),
            problem,
            entry,
            "unit" if number_ok(value) else "value",
        )
        return None
    test = trends.find_test(content, name)
    return LabValue(
        test=test.name if test else name, value=value, unit=unit, date=date, id=test.id if test else ""
    )


def number_ok(value: str) -> bool:
    from rrmm_prep import trends

    return trends.number(value) is not None


# ------------------------------------------------------------------------------------------------ after-visit


def after_visit(path: Path, visit: Visit) -> Visit:
    """Read an after-visit answers file onto a visit: answers by question number, decisions, next steps..."""
    doc, check = _read(path)
    check.mapping(doc, entry=None, optional=AFTER_FIELDS, line=1)
    a = visit.after or AfterVisit()
    answers = doc.get("answers")
    if answers is not None:
        m = answers if isinstance(answers, loader.YMap) else None
        if m is None:
            check.problem(
                doc.key_lines.get("answers"),
                "should be question numbers with answers, like '1: what was said'",
                None,
                "answers",
            )
        else:
            for key in m:
                q = visit.question_by_number(int(key)) if key.isdecimal() else None
                if q is None:
                    count = len(visit.questions)
                    check.problem(
                        m.key_lines.get(key),
                        f"there is no question {key} in this visit (it has {count}; use the numbers in the summary)",
                        "answers",
                        key,
                    )
                    continue
                q.answer = check.text(m, key, "answers", required=False) or ""
    if "decisions" in doc:
        a.decisions = check.text(doc, "decisions", None, required=False) or ""
    if "next_steps" in doc:
        a.next_steps = list(check.texts(doc, "next_steps", None, one_ok=True))
    if "next_visit" in doc:
        value = check.text(doc, "next_visit", None, required=False)
        if value:
            try:
                a.next_visit = interview.parse_date(value).isoformat()
            except ValueError as err:
                check.problem(doc.key_lines.get("next_visit"), str(err), None, "next_visit")
    if "contact" in doc:
        c = check.mapping(
            doc.get("contact"), entry="contact", optional=("name", "phone"), line=doc.key_lines.get("contact")
        )
        if c is not None:
            a.contact_name = check.text(c, "name", "contact", required=False) or ""
            a.contact_phone = check.text(c, "phone", "contact", required=False) or ""
    if "for_family" in doc:
        a.for_family = check.text(doc, "for_family", None, required=False) or ""
    if check.problems:
        raise AnswersError(check.problems)
    a.recorded = dt.datetime.now().isoformat(timespec="seconds")
    visit.after = a
    return visit


# ------------------------------------------------------------------------------------------------ templates


def _comment_list(title: str, items: list[str]) -> list[str]:
    return [f"#   {title}:"] + [f"#     - {item}" for item in items]


def new_visit_template(content: Content) -> str:
    """A complete answers file for new-visit. Accepted as it is: every field is present and empty (= Enter)."""
    defaults = {q.id for t in content.topics for q in t.questions if q.default}
    lines = [
        "# Answers for: rrmm-prep new-visit --answers FILE",
        "# Fill in what you like. An empty field gets the same default as pressing Enter.",
        "# Examples are in comments (lines starting with #).",
        "",
        "visit:",
        "  date:        # like 2026-12-03, dec 3 or tomorrow (empty: today)",
        "  time:        # like 10:30 or 2pm",
        "  with:        # like Dr. Rivera, hematology",
        "  place:       # like Riverside Cancer Center",
        "  reason:      # one of the reasons below, or your own words (empty: the first one)",
        "  companion:   # like Maria (my daughter)",
        *_comment_list("reasons", [r.label for r in content.visit_reasons]),
        "",
        "treatments: []",
        "#  - drug: VRd              # a drug, brand or combination; for one not in the list use 'other: name'",
        "#    started: 2023-02",
        "#    stopped: 2024-01",
        f"#    outcome: stopped working  # one of: {', '.join(OUTCOMES)}",
        "#    bad_effects: [numbness in my feet, trouble sleeping]",
        "",
        "symptoms: []",
        "#  - name: numbness or tingling   # a name from the list below, or your own words",
        f"#    severity: moderate          # one of: {', '.join(SEVERITIES)}",
        "#    note: worse in the evening",
        *_comment_list("symptoms", [s.label for s in content.symptoms]),
        "",
        "daily_life:     # how much you can do day to day, in your own words or one of these:",
        *_comment_list("daily life", [c.text for c in content.daily_life]),
        "",
        "health_problems: []   # like [type 2 diabetes, high blood pressure]",
        "medicines: []         # like [metformin 500 mg twice a day]",
        "goals: []             # your own words, or from the list below",
        *_comment_list("goals", [g.text for g in content.goals]),
        "",
        "my_questions: []      # your own questions, like [Can I get the infusions closer to home?]",
        "",
        "# questions: the ids of the questions to tick. Leave it out to get the default set and the",
        "# questions suggested for you. (* = in the default set)",
        *[
            f"#   {q.id}{' *' if q.id in defaults else ''}: {q.text}"
            for t in content.topics
            for q in t.questions
        ],
        "",
        "# ask_first: up to three questions to ask first (their number, id or text). Default: the first three.",
        "",
        "labs: []",
        "#  - test: M-protein",
        "#    value: 1.2",
        "#    unit: g/dL",
        "#    date: 2026-11-20",
        *_comment_list("lab tests (unit)", [f"{x.name} ({', '.join(x.units)})" for x in content.lab_tests]),
        "",
        "ready: []            # ids of 'before you go' items you have done:",
        *_comment_list("before you go", [f"{c.id}: {c.text}" for c in content.before_you_go]),
        "",
        "notes:               # anything else for your doctor",
        "private_notes:       # left out when you share with family",
        "",
    ]
    return "\n".join(lines)


def after_visit_template(visit: Visit) -> str:
    lines = [
        "# Answers for: rrmm-prep after-visit --answers FILE",
        "# Empty fields are left as they are. Question numbers are the ones in your summary.",
        "",
        "answers:",
    ]
    for n, q in visit.numbered():
        lines.append(f"  # {n}: {q.text}")
    lines += [
        "",
        "decisions:           # what was decided",
        "next_steps: []       # like [PET/CT scan on December 10, blood tests every two weeks]",
        "next_visit:          # like 2027-01-07",
        "contact:",
        "  name:              # like Jordan Lee, nurse navigator",
        "  phone:             # like 555-0142",
        "for_family:          # a short note to share with family",
        "",
    ]
    return "\n".join(lines)
