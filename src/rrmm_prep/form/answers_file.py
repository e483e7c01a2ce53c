"""The answers-file driver: a questionnaire filled in from YAML (``--answers FILE``), and the template for it.

A file is checked whole before anything is kept: every problem is reported with its line and field. Each value
goes through the field's reader, the same one the walk uses; what a file leaves out keeps its default, exactly as
pressing Enter does (defaults.start, then defaults.finish). ``--no-input`` is this driver with nothing given.
The template is made from the same definitions, so it always lists every field.
"""

from __future__ import annotations

from pathlib import Path

from rrmm_prep import control_chars
from rrmm_prep.content import loader
from rrmm_prep.errors import AnswersError, Problem, Unreadable
from rrmm_prep.form import kinds, questions
from rrmm_prep.form.defaults import finish
from rrmm_prep.model.visit import OUTCOMES, QuestionItem, SymptomReport, Treatment
from rrmm_prep.read import choices, labs, numbers, symptoms, treatments

EXTRA_KEYS = {"questions": ("my_questions",)}  # file keys a field reads besides its own


NOT_IN_FILES = ("visit.mode",)


def read(path: Path) -> loader.YMap:
    name = str(path)
    try:
        doc = loader.load(path, name)
    except loader.YamlReadError as err:
        raise AnswersError(err.problems) from None
    if doc is None:
        raise AnswersError(
            [Problem(name, None, "is empty; fill it in (see --answers-template), or use --no-input")]
        )
    if not isinstance(doc, loader.YMap):
        raise AnswersError(
            [Problem(name, loader.line_of(doc, 1), "should be a mapping of fields at the top, like 'visit:'")]
        )
    return doc


def file_fields(q: kinds.Questionnaire) -> list[kinds.Field]:
    return [f for f in q.fields if f.key not in NOT_IN_FILES]


def apply(
    q: kinds.Questionnaire, ctx: kinds.Ctx, doc: loader.YMap | None, name: str = "answers file"
) -> None:
    """Put a file's answers into ``ctx.visit``, then fill in what depends on them. Raises AnswersError with
    every problem found; the caller keeps nothing then."""
    check = loader.Checker(name)
    doc = doc if doc is not None else _empty()
    _check_keys(q, doc, check)
    for f in file_fields(q):
        node, parent, key = _locate(doc, f.key)
        extra_given = any(k in doc for k in EXTRA_KEYS.get(f.key, ()))
        if parent is None or (parent.get(key) is None and not extra_given):
            continue  # left out, or left empty: the default, as Enter gives
        READ[type(f.kind)](ctx, f, parent, key, check, doc)
    if q.name == "new-visit":
        finish(ctx)
    if check.problems:
        raise AnswersError(check.problems)


def _empty() -> loader.YMap:
    doc = loader.YMap()
    doc.line, doc.key_lines = 1, {}
    return doc


def _locate(doc: loader.YMap, key: str):
    """(value, the mapping that holds it, its key there) for a dotted key; (None, None, key) when a mapping on
    the way is missing or not a mapping (that is reported by _check_keys)."""
    parts = key.split(".")
    parent = doc
    for part in parts[:-1]:
        value = parent.get(part)
        if value is None:
            return None, None, parts[-1]
        if not isinstance(value, loader.YMap):
            return None, None, parts[-1]
        parent = value
    return parent.get(parts[-1]), parent, parts[-1]


def _check_keys(q: kinds.Questionnaire, doc: loader.YMap, check: loader.Checker) -> None:
    tree: dict = {}
    for f in file_fields(q):
        parts = f.key.split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = None
        for extra in EXTRA_KEYS.get(f.key, ()):
            tree[extra] = None

    def walk(mapping: loader.YMap, node: dict, entry: str | None, line: int | None) -> None:
        checked = check.mapping(mapping, entry=entry, optional=tuple(node), line=line)
        if checked is None:
            return
        for key, sub in node.items():
            if isinstance(sub, dict) and key in checked and checked[key] is not None:
                walk(checked[key], sub, key, checked.key_lines.get(key))

    walk(doc, tree, None, 1)


def _line(parent: loader.YMap, key: str) -> int | None:
    return parent.key_lines.get(key, parent.line)


def _entry(f: kinds.Field) -> str | None:
    return f.key.split(".")[0] if "." in f.key else None


def _field_name(f: kinds.Field) -> str:
    return f.key.split(".")[-1]


def read_scalar(ctx, f, parent, key, check, doc) -> None:
    text = check.text(parent, key, _entry(f), required=False)
    if text is None:
        return
    try:
        f.put(ctx, f.kind.read(ctx, text))
        ctx.chosen.add(f.key)
    except Unreadable as err:
        check.problem(_line(parent, key), str(err), _entry(f), _field_name(f))


def read_choices(ctx, f, parent, key, check, doc) -> None:
    texts = check.texts(parent, key, _entry(f), one_ok=True)
    try:  # a list in the file reads as the same items on one line in the walk
        picked = f.kind.read(ctx, ", ".join(texts))
    except Unreadable as err:
        check.problem(_line(parent, key), str(err), _entry(f), _field_name(f))
        picked = []
    f.put(ctx, list(dict.fromkeys(picked)))
    ctx.chosen.add(f.key)


def read_items(ctx, f, parent, key, check, doc) -> None:
    value = parent.get(key)
    if isinstance(value, str):
        items = f.kind.read(ctx, value)
    else:
        items = f.kind.settle([control_chars.clean(t) for t in check.texts(parent, key, _entry(f))])
    f.put(ctx, items)
    ctx.chosen.add(f.key)


def read_treatments(ctx, f, parent, key, check, doc) -> None:
    out: list[Treatment] = []
    for raw in check.items(parent, key, None):
        t = _treatment(ctx, check, raw)
        if t is not None:
            out.append(t)
    f.put(ctx, out)
    ctx.chosen.add(f.key)


def _as_map(raw, name_key: str) -> loader.YMap | object:
    if isinstance(raw, str):
        m = loader.YMap({name_key: raw})
        m.line, m.key_lines = getattr(raw, "line", None), {name_key: getattr(raw, "line", None)}
        return m
    return raw


def _treatment(ctx: kinds.Ctx, check: loader.Checker, raw) -> Treatment | None:
    entry = "treatments"
    m = check.mapping(
        _as_map(raw, "drug"),
        entry=entry,
        optional=("drug", "other", "started", "stopped", "date", "when", "outcome", "bad_effects"),
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
    t = Treatment(name=control_chars.clean(other or ""))
    usable = True
    if name:
        found = treatments.resolve_treatment(ctx, name)
        if found.status == "found" and found.treatment is not None:
            t = found.treatment
        elif found.status == "group":
            check.problem(
                m.key_lines.get("drug"),
                f"'{name}' is a group of drugs; name one: {', '.join(found.options)}",
                entry,
                "drug",
            )
            usable = False
        else:
            hints = [found.clear] if found.clear else list(found.options)
            shown = "; ".join(ctx.index.describe(h) for h in hints)
            message = f"No drug, class or regimen called '{name}'." + (
                f" Did you mean: {shown}?" if hints else ""
            )
            check.problem(
                m.key_lines.get("drug"),
                message + f" (For a drug not in the list, write 'other: {name}'.)",
                entry,
                "drug",
            )
            usable = False
    when = check.text(m, "when", entry, required=False)
    if when:
        try:
            treatments.set_when(ctx, t, when)
        except Unreadable as err:
            check.problem(m.key_lines.get("when"), str(err), entry, "when")
    date = check.text(m, "date", entry, required=False)
    if date and not t.one_time and usable and name:
        check.problem(
            m.key_lines.get("date"), "is for a one-time treatment; write started and stopped", entry, "date"
        )
    for key, attr in (("date", "started"), ("started", "started"), ("stopped", "stopped")):
        value = check.text(m, key, entry, required=False)
        if not value:
            continue
        try:
            setattr(t, attr, treatments.read_treatment_date(ctx, value))
        except Unreadable as err:
            check.problem(m.key_lines.get(key), str(err), entry, key)
    if t.one_time and t.stopped:
        check.problem(
            m.key_lines.get("stopped"),
            f"{t.name} is a one-time treatment: give its date (date: or started:), not a stop date",
            entry,
            "stopped",
        )
    outcome = check.text(m, "outcome", entry, required=False)
    if outcome:
        try:
            t.outcome = treatments.read_outcome(outcome)
        except Unreadable:
            check.problem(
                m.key_lines.get("outcome"),
                f"'{outcome}' is not one of: {', '.join(OUTCOMES)}",
                entry,
                "outcome",
            )
    # No outcome given: unknown, as Enter gives in the walk, unless the dates say it goes on ("since 2024").
    effects = m.get("bad_effects")
    if effects is not None:
        texts = [effects] if isinstance(effects, str) else check.texts(m, "bad_effects", entry)
        picked: list[str] = []
        for text in texts:  # as the walk reads them: numbers of the known side effects, or own words
            try:
                picked += [e for e in treatments.read_effects(ctx, t, text) if e not in picked]
            except Unreadable as err:
                check.problem(m.key_lines.get("bad_effects"), str(err), entry, "bad_effects")
        t.bad_effects = picked
    return t if usable else None


def read_symptoms(ctx, f, parent, key, check, doc) -> None:
    value = parent.get(key)
    raws = [value] if isinstance(value, str) else check.items(parent, key, None)
    reports: list[SymptomReport] = []
    for raw in raws:
        m = check.mapping(
            _as_map(raw, "name"),
            entry="symptoms",
            required=("name",),
            optional=("severity", "note"),
            line=loader.line_of(raw),
        )
        if m is None:
            continue
        name = check.text(m, "name", "symptoms") or ""
        note = control_chars.clean(check.text(m, "note", "symptoms", required=False) or "")
        severity = ""
        said = check.text(m, "severity", "symptoms", required=False)
        if said:  # as the walk reads "how bad": 1 to 3, the words, a note after a comma
            try:
                severity, said_note = symptoms.read_severity(control_chars.clean(said))
                note = note or said_note
            except Unreadable as err:
                check.problem(m.key_lines.get("severity"), str(err), "symptoms", "severity")
        reading = symptoms.read_symptoms(ctx, name)
        for problem in reading.problems:
            check.problem(m.key_lines.get("name"), problem, "symptoms", "name")
        for report in symptoms.reports_from(ctx, reading, reports):
            if any(r.id == report.id and r.name == report.name for r in reports):
                continue
            report.severity = severity or report.severity
            report.note = note or report.note
            reports.append(report)
    f.put(ctx, reports)
    ctx.chosen.add(f.key)


def read_labs(ctx, f, parent, key, check, doc) -> None:

    out = []
    for raw in check.items(parent, key, None):
        entry = "labs"
        if isinstance(raw, str):
            try:
                lab = labs.read_lab_line(ctx, raw)
            except Unreadable as err:
                check.problem(loader.line_of(raw), str(err), entry, "value")
                continue
            date = lab.date
            as_typed = False
            line = loader.line_of(raw)
            value_line = unit_line = line
        else:
            m = check.mapping(
                raw,
                entry=entry,
                required=("test", "value"),
                optional=("unit", "date", "as_typed"),
                line=loader.line_of(raw),
            )
            if m is None:
                continue
            test = control_chars.clean(check.text(m, "test", entry) or "")
            value = check.text(m, "value", entry) or ""
            unit = control_chars.clean(check.text(m, "unit", entry, required=False) or "")
            as_typed = check.boolean(m, "as_typed", entry, default=False, lenient=True)
            value_line, unit_line = m.key_lines.get("value"), m.key_lines.get("unit", m.line)
            try:
                parsed = numbers.read_lab(value + (f" {unit}" if unit else ""))
                value, unit = parsed.value, parsed.unit or unit
            except Unreadable as err:
                if not as_typed:
                    check.problem(
                        value_line,
                        str(err) + " (Add 'as_typed: true' to keep it as written.)",
                        entry,
                        "value",
                    )
                    continue
            lab = labs.lab_entry(ctx, test, value, unit)
            date = ""
            text = check.text(m, "date", entry, required=False)
            if text:
                try:
                    date = labs.read_lab_date(ctx, text)
                except Unreadable as err:
                    check.problem(m.key_lines.get("date"), str(err), entry, "date")
                    continue
        if not lab.test:
            check.problem(value_line, "needs the test's name, like 'kappa 85.2 mg/L'", entry, "test")
            continue
        units = labs.usual_units(ctx, lab)
        if not lab.unit and len(units) == 1:
            lab = labs.LabEntry(lab.test, lab.test_id, lab.value, units[0], lab.date)
        problem = labs.lab_unit_problem(ctx, lab)
        if problem and not as_typed:
            check.problem(
                unit_line, problem + " (Add 'as_typed: true' to keep it as written.)", entry, "unit"
            )
            continue
        out.append(labs.to_lab(lab, date or ctx.past_day.isoformat(), as_typed=bool(problem) or as_typed))
    f.put(ctx, out)
    ctx.chosen.add(f.key)


def read_questions(ctx, f, parent, key, check, doc) -> None:
    v = ctx.visit
    own_texts = [
        choices.tidy_question(control_chars.clean(t))
        for t in check.texts(doc, "my_questions", None, one_ok=True)
    ]
    if own_texts:
        carried = [q for q in v.questions if not q.id and q.text not in own_texts]
        v.questions = (
            carried
            + [QuestionItem(text=t, topic="own") for t in own_texts if t]
            + [q for q in v.questions if q.id]
        )
    if doc.get("questions") is None:  # not given, or left blank: the default list (blank is the default)
        return
    ids = set(ctx.content.question_by_id)
    ticked = []
    for q in check.texts(doc, "questions", None, one_ok=True):
        if q in ids:
            ticked.append(q)
            continue
        hint = loader.did_you_mean(q, ids)
        check.problem(
            doc.key_lines.get("questions"),
            f"'{q}' is not a known question id" + (f"; did you mean '{hint}'?" if hint else ""),
            None,
            "questions",
        )
    questions.settle_questions(ctx, ticked)
    ctx.chosen.add("questions")


def read_ask_first(ctx, f, parent, key, check, doc) -> None:
    v = ctx.visit
    if "questions" not in ctx.chosen:
        questions.settle_questions(ctx)
        ctx.chosen.add("questions")
    picks: list[int] = []
    names = questions.question_names(v)
    for item in check.texts(parent, key, None, one_ok=True):
        try:
            picks += [n - 1 for n in choices.read_picks(item, len(v.questions), names)]
        except Unreadable:
            check.problem(
                _line(parent, key),
                f"'{item}' is not a question in this file (use its number in the list, its id or its text)",
                None,
                "ask_first",
            )
    if len(picks) > questions.MAX_FIRST:
        check.problem(_line(parent, key), "pick three questions at most", None, "ask_first")
    v.ask_first = list(dict.fromkeys(picks))[: questions.MAX_FIRST]
    ctx.chosen.add("ask_first")


def read_answers(ctx, f, parent, key, check, doc) -> None:
    answers = parent.get(key)
    if answers is None:
        return
    if not isinstance(answers, loader.YMap):
        check.problem(
            _line(parent, key),
            "should be question numbers with answers, like '1: what was said'",
            None,
            "answers",
        )
        return
    for number in answers:
        q = ctx.visit.question_by_number(int(number)) if number.isdecimal() else None
        if q is None:
            count = len(ctx.visit.questions)
            check.problem(
                answers.key_lines.get(number),
                f"there is no question {number} in this visit (it has {count}; use the numbers in the summary)",
                "answers",
                number,
            )
            continue
        q.answer = control_chars.clean(
            check.text(answers, number, "answers", required=False) or "", one_line=False
        )
    ctx.chosen.add(f.key)


def read_stop(ctx, f, parent, key, check, doc) -> None:
    ongoing = [t for t in ctx.visit.treatments if t.ongoing]
    out: list[str] = []
    for text in check.texts(parent, key, "treatment_changes", one_ok=True):
        try:
            out += [name for name in treatments.read_stop(ctx, text) if name not in out]
        except Unreadable:
            listed = ", ".join(f"{i}. {t.name}" for i, t in enumerate(ongoing, 1)) or "none"
            check.problem(
                _line(parent, key),
                f"'{text}' is not a treatment this visit lists as ongoing (those are: {listed})",
                "treatment_changes",
                "stop",
            )
    f.put(ctx, out)
    ctx.chosen.add(f.key)


def read_start(ctx, f, parent, key, check, doc) -> None:
    out = []
    for raw in (
        check.items(parent, key, "treatment_changes")
        if not isinstance(parent.get(key), str)
        else [parent.get(key)]
    ):
        t = _treatment(ctx, check, raw)
        if t is not None:
            out.append(treatments.starting_at_visit(ctx, t))
    f.put(ctx, out)
    ctx.chosen.add(f.key)


READ = {
    kinds.Text: read_scalar,
    kinds.Phone: read_scalar,
    kinds.Date: read_scalar,
    kinds.Time: read_scalar,
    kinds.Choices: read_choices,
    kinds.Items: read_items,
    kinds.Treatments: read_treatments,
    kinds.Symptoms: read_symptoms,
    kinds.Labs: read_labs,
    kinds.Questions: read_questions,
    kinds.AskFirst: read_ask_first,
    kinds.Answers: read_answers,
    kinds.Stop: read_stop,
    kinds.Start: read_start,
}
