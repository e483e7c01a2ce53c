"""Issue 15: what rrmm-prep writes down is what was said. Every row of tests/tables/labs.yaml (one-line lab
results) and tests/tables/treatments.yaml (one-line treatments, as people type them) is read

- by the readers directly (rrmm_prep.read.labs, rrmm_prep.read.treatments), and
- through both drivers, the walk and an answers file, on a questionnaire of that one step,

and each stored part is compared with the row's `expect`. The walk answers what the row's `asks` say it asks (with
`then`), and Enter to everything else; the file cannot answer questions, so a row that needs one is a problem in
the file (named), except the date: a result without one is dated the visit's day in a file, and said.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import load_shipped
from rrmm_prep import ui
from rrmm_prep.content import loader
from rrmm_prep.errors import AnswersError, Unreadable
from rrmm_prep.form import answers_file, fields
from rrmm_prep.form.kinds import Ctx, Questionnaire, Step
from rrmm_prep.form.walk import Walk
from rrmm_prep.model.visit import Visit, VisitInfo
from rrmm_prep.read import labs, treatments

TABLES = Path(__file__).parent / "tables"
C = load_shipped()


def _table(name: str) -> dict:
    import yaml

    return yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))


LABS = _table("labs.yaml")
TREATMENTS = _table("treatments.yaml")
TREATMENT_KEYS = ("name", "kind", "ref", "drugs", "started", "stopped", "outcome", "reason", "one_time")


def _ctx(table: dict, row: dict) -> Ctx:
    today = dt.date.fromisoformat(table["today"])
    return Ctx(C, Visit(info=VisitInfo(date=row.get("visit", table["today"]))), today)


def _step(name: str) -> Questionnaire:
    step = next(s for s in fields.NEW_VISIT.steps if s.name == name)
    return Questionnaire(f"one-{name}", (Step(step.name, step.title, step.fields[:1]),))


class Answers:
    """A prompter for one row: answers by what the prompt asks (a key in the label), Enter otherwise."""

    def __init__(self, by_label: list[tuple[str, str]]) -> None:
        self.queue = list(by_label)
        self.asked: list[str] = []

    def new_history(self) -> None:
        pass

    def ask(self, label: str, default: str = "") -> str:
        self.asked.append(label)
        assert len(self.asked) < 12, self.asked
        for i, (key, answer) in enumerate(self.queue):
            if key.casefold() in label.casefold():
                del self.queue[i]
                return answer or default
        return default


def _lab_dict(lab) -> dict:
    out = {"test": lab.test, "id": lab.id, "value": lab.value, "unit": lab.unit, "date": lab.date}
    if lab.as_typed:
        out["as_typed"] = True
    return out


def _treatment_dict(t) -> dict:
    out = {k: getattr(t, k) for k in TREATMENT_KEYS}
    out["bad_effects"] = [{"name": e.name, "id": e.id} for e in t.bad_effects]
    return out


def _expected(row: dict) -> list[dict]:
    return [{k: e[k] for k in (*TREATMENT_KEYS, "bad_effects")} for e in row["expect"]]


# ------------------------------------------------------------------------------------------------ labs


def _lab_ids(rows):
    return [f"{i}:{r['line']}" for i, r in enumerate(rows)]


@pytest.mark.parametrize("row", LABS["rows"], ids=_lab_ids(LABS["rows"]))
def test_a_lab_line_is_read_into_its_parts(row):
    ctx = _ctx(LABS, row)
    if "refused" in row:
        with pytest.raises(Unreadable) as err:
            line = labs.read_line(ctx, row["line"])
            assert "keep" in line.asks, line  # or refused at the question
        assert row["refused"].casefold() in str(err.value).casefold()
        return
    line = labs.read_line(ctx, row["line"])
    then = dict(row.get("then") or {})
    asked = list(line.asks)
    for ask in line.asks:
        if ask == "value":
            labs.read_value(ctx, line, then["value"])
        elif ask == "keep" and then.get("keep") == "no":
            asked.append("unit")
            labs.put_unit(ctx, line, then["unit"])
        elif ask == "unit":
            labs.put_unit(ctx, line, then["unit"])
        elif ask == "date":
            line.date = labs.read_date(ctx, then["date"])
    assert asked == row.get("asks", []), asked
    assert _lab_dict(line.lab(as_typed=then.get("keep") == "yes")) == row["expect"]


def _walk_lab(row: dict):
    ctx = _ctx(LABS, row)
    then = dict(row.get("then") or {})
    answers = [("A result, like", row["line"])]
    answers += [("1 for", then["value"])] if "value" in then else []  # the number, typed as meant
    answers += [("Keep it as you typed it", "y" if then.get("keep") == "yes" else "n")] if "keep" in then else []
    answers += [("Which unit", then["unit"])] if "unit" in then else []
    answers += [("Date of the test", then["date"])] if "date" in then else []
    prompter = Answers(answers)
    saved = ui._prompter
    ui.set_prompter(prompter)
    try:
        Walk(_step("labs"), ctx).run()
    finally:
        ui.set_prompter(saved)
    return ctx.visit.labs, prompter


def _file(row: dict, table: dict, key: str, step: str):
    ctx = _ctx(table, row)
    item: object = row["line"]
    then = dict(row.get("then") or {})
    if key == "labs" and then.get("keep") == "yes":
        item = {"test": row["line"], "as_typed": True}
    import json

    doc = loader.parse(json.dumps({key: [item]}), "answers.yaml")  # JSON is YAML
    try:
        answers_file.apply(_step(step), ctx, doc, "answers.yaml")
    except AnswersError as err:
        return None, ctx, str(err)
    return getattr(ctx.visit, key), ctx, ""


@pytest.mark.parametrize("row", LABS["rows"], ids=_lab_ids(LABS["rows"]))
def test_a_lab_line_is_stored_alike_by_the_walk_and_a_file(row):
    filed, ctx, problem = _file(row, LABS, "labs", "labs")
    if "refused" in row:
        assert filed is None and row["refused"].casefold() in problem.casefold(), problem
        walked, prompter = _walk_lab(row)
        assert walked == [], walked  # refused in the walk too: said, and asked again (Enter skips)
        return
    walked, _ = _walk_lab(row)
    assert [_lab_dict(x) for x in walked] == [row["expect"]]
    questions = [a for a in row.get("asks", []) if a not in ("date",)]
    if any(a in questions for a in ("value", "unit")) or (
        "keep" in questions and (row.get("then") or {}).get("keep") != "yes"
    ):
        assert filed is None and problem, "a file cannot answer the question the walk asks"
        return
    assert filed is not None, problem
    got = _lab_dict(filed[0])
    if "date" in row.get("asks", []):
        assert got.pop("date") == ctx.past_day.isoformat()  # a file's result without a date: the visit's day
        assert any("has no date" in note for note in ctx.read_as), ctx.read_as
        expected = {k: v for k, v in row["expect"].items() if k != "date"}
    else:
        expected = row["expect"]
    assert got == expected


# ------------------------------------------------------------------------------------------------ treatments


@pytest.mark.parametrize("row", TREATMENTS["rows"], ids=_lab_ids(TREATMENTS["rows"]))
def test_a_treatment_line_is_read_into_its_parts(row):
    ctx = _ctx(TREATMENTS, row)
    kind = next(f.kind for s in fields.NEW_VISIT.steps for f in s.fields if f.key == "treatments")
    try:
        pending = treatments.read_line(ctx, row["line"])
        out = []
        for p in pending:
            which = treatments.resolve_name(ctx, row["then"]["which"]) if p.question else None
            t = treatments.build(ctx, p, which)
            problems = kind.apply(ctx, t, p.texts)
            if problems:
                raise Unreadable(problems[0][1])
            asked = [q.key for q in kind.missing(ctx, t) if q.key not in p.texts]
            assert asked == [a for a in row.get("asks", []) if a != "which"], asked
            out.append(_treatment_dict(t))
    except Unreadable as err:
        if "refused" not in row and "too early" in str(err).casefold() and "outcome" in row.get("asks", []):
            return  # the walk says why and asks how it went again; a file reports it (below)
        assert "refused" in row, str(err)
        assert row["refused"].casefold() in str(err).casefold(), str(err)
        return
    assert "refused" not in row, out
    assert out == _expected(row)


def _walk_treatment(row: dict):
    ctx = _ctx(TREATMENTS, row)
    answers = [("Which myeloma treatments", row["line"])]
    if "which" in (row.get("then") or {}):
        answers.append(("A number, or Enter", row["then"]["which"]))
    prompter = Answers(answers)
    saved = ui._prompter
    ui.set_prompter(prompter)
    try:
        Walk(_step("treatments"), ctx).run()
    finally:
        ui.set_prompter(saved)
    return ctx.visit.treatments, prompter


@pytest.mark.parametrize("row", TREATMENTS["rows"], ids=_lab_ids(TREATMENTS["rows"]))
def test_a_treatment_line_is_stored_alike_by_the_walk_and_a_file(row):
    walked, prompter = _walk_treatment(row)
    filed, _, problem = _file(row, TREATMENTS, "treatments", "treatments")
    if "refused" in row:
        # The walk says what is wrong and asks that part again (Enter leaves it out); a file reports it.
        assert all(not t.started for t in walked), [_treatment_dict(t) for t in walked]
        assert filed is None and row["refused"].casefold() in problem.casefold(), problem
        return
    expected = _expected(row)
    if "too early" in row["line"] and "outcome" in row.get("asks", []):
        assert [_treatment_dict(t) for t in walked] == expected
        assert filed is None and "too early" in problem.casefold(), problem
        return
    assert [_treatment_dict(t) for t in walked] == expected
    if "which" in row.get("asks", []):
        assert filed is None and "group of drugs" in problem or "did you mean" in problem, problem
        return
    assert filed is not None, problem
    assert [_treatment_dict(t) for t in filed] == expected
    # the walk asked what the line left out, in one prompt, and nothing when the line said it all
    combined = [a for a in prompter.asked if a.startswith(walked[-1].name + ":")]
    assert bool(combined) == bool([a for a in row.get("asks", []) if a != "which"]), prompter.asked
