"""Lab values and symptoms over time (issue 5): unit checks, `rrmm-prep trends`, the summary's "Since last
visit" section, and the charts.

Golden files (tests/golden/) are rendered from the small fixture content (tests/fixtures/small), so a wording
change in data/*.yaml does not change them. When a change to the output is intended, rewrite them with
``UPDATE_GOLDEN=1 pytest tests/test_trends.py`` and review the diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import (
    SGR_RE,
    check_golden,
    colour_codes,
    flat,
    line_no,
    load_shipped,
    pretend_terminal,
    strip_ansi,
    use_small_content,
)
from rrmm_prep.model.visit import LabValue, SymptomReport, Visit
from rrmm_prep.read import dates, numbers
from rrmm_prep.read import labs as lab_read
from rrmm_prep.render import summary, trends
from rrmm_prep.render.doc import Chart, Table
from rrmm_prep.store import files, find, visit_files

C = load_shipped()
ASK_LAB = "Ask: what does this change mean for my treatment?"
VERDICT_WORDS = re.compile(
    r"\b(better|worse|worsen\w*|good|bad|improv\w*|progress\w*|declin\w*|normal|abnormal|concern\w*)\b", re.I
)


def section(markdown: str, heading: str) -> str:
    """One '## heading' section of a summary, up to the next '## ' heading."""
    lines = markdown.splitlines()
    assert f"## {heading}" in lines, f"the summary has no '{heading}' section"
    start = lines.index(f"## {heading}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip() + "\n"


# ------------------------------------------------------------------------------------------------ helpers


@pytest.fixture(autouse=True)
def after_every_visit(monkeypatch):
    """Today is after every visit here: results are dated their visit's day, and a result cannot be in the future."""
    import datetime as dt

    monkeypatch.setattr(dates, "current_date", lambda: dt.date(2026, 12, 10))


def answers_file(tmp_path: Path, date: str, labs=(), symptoms=(), name: str | None = None) -> Path:
    """A new-visit answers file with ``labs: [(test, value, unit), ...]`` and ``symptoms: [(name, severity)]``."""
    lines = ["visit:", f"  date: {date}", "  reason: a regular check-up"]
    if labs:
        lines.append("labs:")
        for test, value, unit in labs:
            # dated the visit's day (a lab without a date is dated the day the file is read)
            lines += [f"  - test: {test}", f'    value: "{value}"', f"    unit: {unit}", f"    date: {date}"]
    if symptoms:
        lines.append("symptoms:")
        for sname, severity in symptoms:
            lines += [f"  - name: {sname}", f"    severity: {severity}"]
    path = tmp_path / (name or f"answers-{date}.yaml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new_visit(run, tmp_path, date, labs=(), symptoms=()):
    result = run("new-visit", "--answers", answers_file(tmp_path, date, labs, symptoms))
    assert result.exit_code == 0, result
    return result


def lab(test: str, value: str, unit: str, date: str = "") -> LabValue:
    t = lab_read.find_test(C, test)
    return LabValue(test=t.name if t else test, value=value, unit=unit, date=date, id=t.id if t else "")


def make_visit(date: str, labs=(), symptoms=()) -> Visit:
    v = Visit(id=date, created=f"{date}T09:00:00")
    v.info.date = date
    v.labs = list(labs)
    v.symptoms = list(symptoms)
    return v


def save_record(v: Visit, previous: Visit | None = None) -> None:
    """Save a visit record as the store keeps it (bypasses the unit check on purpose: old records, other units)."""
    visit_files.save_new(v.id, v.to_dict(), summary.markdown(C, v, [previous] if previous else None))


def trend_tables(visits, test=None) -> dict[str, list[list[str]]]:
    doc, _ = trends.trends_doc(C, visits, test)
    out, name = {}, None
    for block in doc.blocks:
        if type(block).__name__ == "Heading" and block.level == 2:
            name = block.text
        if isinstance(block, Table):
            out[name] = block.rows
    return out


M = lab_read.find_test(C, "M-protein")
KAPPA = lab_read.find_test(C, "kappa")
EXAMPLE = [
    ("2026-09-10", [("M-protein", "0.8", "g/dL"), ("kappa", "45", "mg/L")]),
    ("2026-12-03", [("M-protein", "1.2", "g/dL"), ("kappa", "88", "mg/L")]),
]


@pytest.fixture
def example_pair(run, tmp_path, home):
    for date, labs in EXAMPLE:
        new_visit(run, tmp_path, date, labs)
    return home


@pytest.fixture
def small(monkeypatch, tmp_path):
    """The small fixture content in place of the shipped content: golden files are rendered from it."""
    return use_small_content(monkeypatch, tmp_path)


@pytest.fixture
def small_pair(small, run, tmp_path, home):
    """The example pair, made and shown with the small fixture content."""
    for date, labs in EXAMPLE:
        new_visit(run, tmp_path, date, labs)
    return home


def test_the_small_content_is_what_the_commands_use(small, run):
    """The golden files below are rendered from the small fixture content, not from the shipped one."""
    data = json.loads(run("drugs", "--format", "json").stdout)
    assert sorted(d["id"] for d in data["drugs"]) == sorted(d.id for d in small.drugs)
    assert len(small.drugs) < len(C.drugs)


# ------------------------------------------------------------------------------------------------ unit checks


@pytest.mark.parametrize(
    ("test", "unit", "names"),
    [
        pytest.param("M-protein", "g/L", "g/dL", id="M-protein in g/L"),
        pytest.param("kappa", "g/L", "mg/L", id="kappa in g/L"),
        pytest.param("lambda", "ug/mL", "mg/L", id="lambda in ug/mL"),
        pytest.param("M-protein", "mg/L", "g/dL", id="M-protein in mg/L"),
        pytest.param("kappa", "g/dL", "mg/L", id="kappa in g/dL"),
        pytest.param("M-protein", "", "g/dL", id="M-protein with no unit"),
    ],
)
def test_a_unit_mismatch_gets_a_message_naming_the_usual_unit(test, unit, names):
    message = lab_read.unit_problem(C, test, unit)
    assert message, f"{test} in {unit!r} passed the unit check"
    assert names in message
    assert "never converted" in message
    assert (f"'{unit}'" if unit else "no unit") in message


@pytest.mark.parametrize(
    ("test", "unit"), [pytest.param(t.name, t.units[0], id=f"{t.id}-{t.units[0]}") for t in C.lab_tests]
)
def test_the_usual_unit_of_each_test_passes(test, unit):
    assert lab_read.unit_problem(C, test, unit) is None
    assert lab_read.unit_problem(C, test, f" {unit.upper()} ") is None  # case and spaces do not count


@pytest.mark.parametrize("test", [pytest.param(t.name, id=t.id) for t in C.lab_tests])
def test_a_unit_no_test_uses_gets_a_message_naming_the_usual_one(test):
    message = lab_read.unit_problem(C, test, "furlongs")
    assert message and lab_read.find_test(C, test).units[0] in message and "'furlongs'" in message


def test_micro_sign_and_u_are_the_same_unit():
    assert lab_read.unit_problem(C, "creatinine", "µmol/L") is None
    assert lab_read.unit_problem(C, "creatinine", "umol/L") is None


@pytest.mark.parametrize("unit", ["ng/mL", "", "anything"])
def test_a_test_not_in_the_content_accepts_any_unit(unit):
    assert lab_read.find_test(C, "vitamin D") is None
    assert lab_read.unit_problem(C, "vitamin D", unit) is None


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("1.2", 1.2),
        ("<0.1", 0.1),
        ("> 1000", 1000.0),
        ("0,8", 0.8),  # a decimal comma (issue 12)
        ("0,850", 0.85),  # ... even with three digits after it: 0 thousands is no number
        ("1,2", 1.2),
        (" 45 ", 45.0),
        ("1,200", None),  # 1.2 or 1200? never guessed
        ("1,200,000", None),
        ("abc", None),
        ("", None),
        ("1.2.3", None),
        ("1.2 g/dL", None),
        ("high", None),
        ("NaN", None),
        ("Infinity", None),
        ("1e309", None),
        ("1" + "0" * 309, None),  # no lab value is that large
        ("-3", None),
        ("0x10", None),
    ],
)
def test_numbers_are_read_as_typed_and_impossible_ones_refused(value, number):
    assert numbers.number_value(value) == number


@pytest.mark.parametrize(("first", "second"), [("0,850", "0.5"), ("1,2", "0,9")])
def test_a_decimal_comma_is_compared_as_a_decimal(first, second):
    """Issue 12: 0,850 g/dL was read as 850, so a fall looked like a 700-fold rise."""
    before = make_visit("2026-09-10", [lab("M-protein", first, "g/dL")])
    now = make_visit("2026-12-03", [lab("M-protein", second, "g/dL")])
    rows = trend_tables([before, now])[M.name]
    drop = numbers.number_value(second) - numbers.number_value(first)
    assert drop < 0 and rows[1][3] == f"{round(drop, 3):+g}"


def test_an_impossible_value_in_a_record_is_shown_but_never_charted_or_compared(run):
    """A record written by hand (or by an older version) with 1 followed by 309 zeros: trends, visits show and
    JSON still work (issue 12), the value is shown as kept, and strict JSON has no Infinity."""
    huge = "1" + "0" * 309
    first = make_visit("2026-09-10", [lab("M-protein", "0.8", "g/dL")])
    second = make_visit("2026-12-03", [lab("M-protein", huge, "g/dL")])
    save_record(first)
    save_record(second, first)
    result = run("trends", "--format", "text")
    assert result.exit_code == 0, result
    rows = trend_tables(find.all_visits())[M.name]
    assert [r[1] for r in rows] == ["0.8", huge] and rows[1][3] == "-"
    data = run("trends", "--format", "json")
    assert data.exit_code == 0 and "Infinity" not in data.stdout and "NaN" not in data.stdout
    assert json.loads(data.stdout)[M.name][1]["number"] is None
    shown = run("visits", "show", "2026-12-03", "--format", "text")
    assert shown.exit_code == 0, shown
    assert huge in flat(shown.stdout).replace(" ", "")


@pytest.mark.parametrize(
    ("test", "value", "unit", "field", "words"),
    [
        pytest.param("M-protein", "12", "g/L", "unit", "g/dL", id="M-protein in g/L"),
        pytest.param("kappa", "4.5", "g/L", "unit", "mg/L", id="kappa in g/L"),
        pytest.param("M-protein", "1.2", "mg/L", "unit", "g/dL", id="M-protein in mg/L"),
        pytest.param("kappa", "abc", "mg/L", "value", "no number", id="kappa abc"),
        pytest.param("platelets", "1,200", "K/uL", "value", "1200 (without the comma)", id="platelets 1,200"),
    ],
)
def test_an_answers_file_with_a_bad_lab_value_exits_2_naming_the_field_and_line(
    run, tmp_path, home, test, value, unit, field, words
):
    path = answers_file(tmp_path, "2026-12-03", [("hemoglobin", "11.2", "g/dL"), (test, value, unit)])
    text = path.read_text(encoding="utf-8")
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2, result
    # the second lab is the bad one: its unit line is the second 'unit:', its value line the one typed
    line = line_no(text, "unit: ", occurrence=2) if field == "unit" else line_no(text, f'value: "{value}"')
    assert f"{path.name}:{line}: entry 'labs': field '{field}'" in result.stderr
    assert words in result.stderr
    assert not list(home.glob("visits/*.json")), "a visit was saved from a file with problems"


def test_lab_values_are_stored_as_given(run, tmp_path, home):
    new_visit(
        run,
        tmp_path,
        "2026-12-03",
        [("M-spike", "<0.1", "G/DL"), ("platelets", "150", "K/uL"), ("vitamin D", "30", "ng/mL")],
    )
    saved = json.loads((home / "visits" / "2026-12-03.json").read_text(encoding="utf-8"))["labs"]
    # values as typed (never converted); a usual unit typed in other letters takes its usual spelling
    assert [(x["value"], x["unit"]) for x in saved] == [("<0.1", "g/dL"), ("150", "K/uL"), ("30", "ng/mL")]
    assert saved[0]["id"] == M.id and saved[0]["test"] == M.name
    assert saved[2]["id"] == "" and saved[2]["test"] == "vitamin D"
    assert saved[0]["date"] == "2026-12-03"


def _walk_labs(run, prompter, answers: list[str], keep: str = "") -> tuple[list[dict], str]:
    """A new-visit walk that types ``answers`` at the lab step (Enter everywhere else); the saved labs and what
    was printed."""
    p = prompter(
        {
            "A result": answers,
            "Add another result": answers[1:],
            "Keep it as you typed it": keep,
            "Date of the test": "11/20",
            "Make a page to print": "n",
        }
    )
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert len(p.asked) < 40, p.labels
    [saved] = Path(files.home()).glob("visits/*.json")
    return json.loads(saved.read_text(encoding="utf-8"))["labs"], flat(result.stdout)


@pytest.mark.parametrize(
    ("typed", "usual"),
    [
        pytest.param("M-protein 1.2 mg/L", "g/dL", id="M-protein in mg/L"),
        pytest.param("M-protein 12 g/L", "g/dL", id="M-protein in g/L"),
        pytest.param("kappa 4.5 g/dL", "mg/L", id="kappa in g/dL"),
    ],
)
@pytest.mark.parametrize("keep", [False, True], ids=["not kept", "kept"])
def test_the_lab_step_shows_a_mismatch_and_keeps_the_value_only_if_asked(
    run, prompter, pinned_day, typed, usual, keep
):
    labs, out = _walk_labs(run, prompter, [typed, ""], keep="y" if keep else "n")
    assert f"usually given in {usual}" in out and "never converted" in out
    _, value, unit = typed.split()
    if keep:
        assert [(x["value"], x["unit"], x["as_typed"], x["date"]) for x in labs] == [
            (value, unit, True, "2026-11-20")
        ]
    else:
        assert labs == []
        assert "type the result again" in out


def test_the_lab_step_takes_the_usual_unit_without_asking(run, prompter, pinned_day):
    labs, out = _walk_labs(run, prompter, ["kappa 45", ""])
    assert [(x["test"], x["value"], x["unit"], x["date"], x["id"]) for x in labs] == [
        (KAPPA.name, "45", KAPPA.units[0], "2026-11-20", KAPPA.id)
    ]
    assert f"Unit: {KAPPA.units[0]} (the usual one for {KAPPA.name}" in out


# ------------------------------------------------------------------------------------------------ the example pair


def test_trends_shows_both_values_of_both_tests_with_the_change(run, example_pair):
    result = run("trends", "--format", "text")
    assert result.exit_code == 0, result
    out = flat(result.stdout)
    for name, rows in ((M.name, ["0.8", "1.2", "+0.4"]), (KAPPA.name, ["45", "88", "+43"])):
        part = out.split(name, 1)[1]
        assert "2026-09-10" in part and "2026-12-03" in part
        for text in rows:
            assert f"Value: {text}" in part or f"Change from previous: {text}" in part


def test_trends_text_output_matches_the_golden_file(run, small_pair):
    result = run("trends", "--format", "text")
    assert result.exit_code == 0, result
    check_golden("trends_example.txt", result.stdout)


def test_trends_json_has_every_value_as_given(run, example_pair):
    data = json.loads(run("trends", "--format", "json").stdout)
    assert [(p["date"], p["value"], p["unit"]) for p in data[M.name]] == [
        ("2026-09-10", "0.8", "g/dL"),
        ("2026-12-03", "1.2", "g/dL"),
    ]
    assert [p["value"] for p in data[KAPPA.name]] == ["45", "88"]


def test_the_second_summary_says_what_changed_since_last_visit(small_pair):
    text = (small_pair / "visits" / "2026-12-03.md").read_text(encoding="utf-8")
    since = section(text, "Since last visit")
    assert f"- M-protein went from 0.8 to 1.2 g/dL. {ASK_LAB}" in since.splitlines()
    assert re.search(r"kappa went from 45 to 88 mg/L\. " + re.escape(ASK_LAB), since, re.I)
    check_golden("since_last_example.md", since)


def test_the_first_summary_has_no_since_last_visit(example_pair):
    text = (example_pair / "visits" / "2026-09-10.md").read_text(encoding="utf-8")
    assert "## Since last visit" not in text


def test_since_last_visit_compares_with_the_visit_before_by_date(run, tmp_path, home):
    """Entering an older visit after a newer one (to add past results) must not compare it with the newer."""
    for date, labs in reversed(EXAMPLE):
        new_visit(run, tmp_path, date, labs)
    older = (home / "visits" / "2026-09-10.md").read_text(encoding="utf-8")
    assert "## Since last visit" not in older, "the older visit was compared with a later one"


def test_export_and_visits_show_keep_since_last_visit(run, example_pair, tmp_path):
    out = tmp_path / "second.md"
    assert run("export", "2026-12-03", "--format", "md", "--output", out).exit_code == 0
    assert "went from 0.8 to 1.2 g/dL" in section(out.read_text(encoding="utf-8"), "Since last visit")
    shown = run("visits", "show", "2026-12-03", "--format", "markdown")
    assert "went from 45 to 88 mg/L" in shown.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "auto"])
def test_escapes_in_a_saved_record_never_reach_the_terminal(run, terminal, fmt):
    """Issue 12: a record written by another program, with escapes in a lab's name, value and unit."""
    v = make_visit(
        "2026-12-03",
        [
            LabValue(
                test="kappa\x1b]52;c;SGVsbG8=\x07", value="45\x1b[2J", unit="mg/L\x9b31m", date="2026-12-01"
            )
        ],
    )
    save_record(v)
    result = run("trends", "--format", fmt, env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result
    out = SGR_RE.sub("", result.stdout)  # Rich's own colours and bold; anything else came from the record
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in out, f"{raw!r} reached the terminal"


# ------------------------------------------------------------------------------------------------ trends: shapes


def test_trends_with_one_visit_shows_the_value_and_no_change(run, tmp_path):
    new_visit(run, tmp_path, "2026-09-10", [("M-protein", "0.8", "g/dL")])
    result = run("trends", "--format", "text")
    assert result.exit_code == 0, result
    out = flat(result.stdout)
    assert "Date: 2026-09-10; Value: 0.8; Unit: g/dL; Change from previous: -; Change from lowest: -" in out
    assert re.search(r"^2026-09-10\s+0\.8\s+\S+$", result.stdout, re.M), "no chart line for the one value"


FIVE = [
    ("2026-01-10", "1.0"),
    ("2026-03-10", "0.8"),
    ("2026-05-10", "0.5"),
    ("2026-07-10", "0.7"),
    ("2026-09-10", "0.9"),
]


def test_trends_with_many_visits_gives_change_from_previous_and_from_lowest(run, tmp_path):
    for date, value in FIVE:
        new_visit(run, tmp_path, date, [("M-protein", value, "g/dL")])
    rows = trend_tables(find.all_visits())[M.name]
    assert [r[:3] for r in rows] == [[d, v, "g/dL"] for d, v in FIVE]
    assert [r[3] for r in rows] == ["-", "-0.2", "-0.3", "+0.2", "+0.2"]
    assert [r[4] for r in rows] == ["-", "-0.2", "-0.3", "+0.2", "+0.4"]
    result = run("trends", "M-protein", "--format", "text")
    chart = [line for line in result.stdout.splitlines() if re.match(r"^\d{4}-\d\d-\d\d\s", line)]
    assert [line.split()[:2] for line in chart] == [[d, v.rstrip("0").rstrip(".") or "0"] for d, v in FIVE]
    bars = [len(line.split()[2]) for line in chart]
    assert bars[0] == max(bars) and bars[2] == min(bars), "bars are not scaled to the values"


def test_trends_with_gaps(run, tmp_path):
    new_visit(run, tmp_path, "2026-03-10", [("M-protein", "1.0", "g/dL"), ("kappa", "40", "mg/L")])
    new_visit(run, tmp_path, "2026-06-10", [("kappa", "50", "mg/L")])
    new_visit(run, tmp_path, "2026-09-10", [])
    new_visit(
        run,
        tmp_path,
        "2026-12-03",
        [("M-protein", "1.3", "g/dL"), ("kappa", "60", "mg/L"), ("lambda", "10", "mg/L")],
    )
    tables = trend_tables(find.all_visits())
    assert [(r[0], r[1], r[3]) for r in tables[M.name]] == [
        ("2026-03-10", "1.0", "-"),
        ("2026-12-03", "1.3", "+0.3"),
    ]
    assert [(r[0], r[3]) for r in tables[KAPPA.name]] == [
        ("2026-03-10", "-"),
        ("2026-06-10", "+10"),
        ("2026-12-03", "+10"),
    ]
    lam = lab_read.find_test(C, "lambda")
    assert tables[lam.name] == [["2026-12-03", "10", "mg/L", "-", "-"]]
    result = run("trends", "--format", "text")
    assert result.exit_code == 0, result
    assert "2026-09-10" not in result.stdout, "a visit with no values shows in the trends"


def test_a_unit_change_between_visits_is_shown_but_not_compared(run):
    first = make_visit("2026-09-10", [lab("M-protein", "0.8", "g/dL")])
    second = make_visit("2026-12-03", [lab("M-protein", "12", "g/L")])
    save_record(first)
    save_record(second, first)
    rows = trend_tables(find.all_visits())[M.name]
    assert rows == [["2026-09-10", "0.8", "g/dL", "-", "-"], ["2026-12-03", "12", "g/L", "-", "-"]]
    assert not [x for x in trends.since_last(C, first, second) if "M-protein" in x]
    doc, _ = trends.trends_doc(C, find.all_visits())
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    assert [(c.unit, [v for _, v in c.points]) for c in charts] == [("g/L", [12.0])]
    result = run("trends", "--format", "text")
    out = flat(result.stdout)
    assert "Value: 0.8; Unit: g/dL" in out and "Value: 12; Unit: g/L" in out


@pytest.mark.parametrize("query", ["M-protein", "M-spike", "m spike", "SPEP"])
def test_trends_for_one_test_by_name_or_alias(run, example_pair, query):
    result = run("trends", query, "--format", "text")
    assert result.exit_code == 0, result
    assert M.name in result.stdout
    assert KAPPA.name not in result.stdout
    assert "0.8" in result.stdout and "1.2" in result.stdout


@pytest.mark.parametrize("query", ["not-a-test", "lambda"])
def test_trends_for_a_test_with_no_values_fails_with_a_message(run, example_pair, query):
    result = run("trends", query)
    assert result.exit_code != 0
    assert query in result.stderr
    assert result.stdout == ""


def test_trends_with_no_values_says_how_to_add_them(run):
    result = run("trends", "--format", "text")
    assert result.exit_code == 0, result
    assert "No lab values recorded yet" in flat(result.stdout)


# ------------------------------------------------------------------------------------------------ chart output


def _chart_lines(out: str) -> list[str]:
    return [line for line in strip_ansi(out).splitlines() if re.match(r"^\d{4}-\d\d-\d\d\s+[\d.]+\s", line)]


@pytest.mark.parametrize("fmt", ["text", "auto"])
def test_the_text_chart_is_ascii_when_asked(run, example_pair, fmt):
    result = run("trends", "--format", fmt, env={"RRMM_PREP_ASCII": "1"})
    assert result.exit_code == 0, result
    lines = _chart_lines(result.stdout)
    assert len(lines) == 4
    for line in lines:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d\s+[\d.]+\s+#+", line), f"not an ASCII chart line: {line!r}"
    assert result.stdout.isascii(), "RRMM_PREP_ASCII=1 output has non-ASCII characters"


@pytest.fixture
def terminal(monkeypatch):
    pretend_terminal(monkeypatch)


def test_on_a_terminal_the_chart_is_ascii_when_asked(run, example_pair, terminal):
    result = run("trends", env={"RRMM_PREP_ASCII": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0, result
    lines = _chart_lines(result.stdout)
    assert len(lines) == 4
    assert "\u2588" not in result.stdout
    for line in lines:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d\s+[\d.]+\s+#+\s*", line), (
            f"not a chart line on its own: {line!r}"
        )


def test_on_a_terminal_ascii_when_asked_means_no_unicode_at_all(run, example_pair, terminal):
    result = run("trends", env={"RRMM_PREP_ASCII": "1", "NO_COLOR": "1"})
    bad = sorted({ch for ch in result.stdout if not ch.isascii()})
    assert not bad, f"RRMM_PREP_ASCII=1 on a terminal still prints {bad} (table rules?)"


@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
def test_no_color_on_a_forced_terminal_has_no_colour_codes(run, example_pair, terminal, ascii_only):
    env = {"NO_COLOR": "1", "FORCE_COLOR": "1"} | ({"RRMM_PREP_ASCII": "1"} if ascii_only else {})
    result = run("trends", env=env)
    assert result.exit_code == 0, result
    assert colour_codes(result.stdout) == []
    assert "\x1b[3" not in result.stdout and "\x1b[9" not in result.stdout
    assert len(_chart_lines(result.stdout)) == 4


def test_no_color_check_can_see_colour(run, tmp_path, terminal):
    """The check above would see colour if there were any: the call-now box is red without NO_COLOR."""
    path = tmp_path / "urgent.yaml"
    path.write_text(
        "visit:\n  date: 2026-12-03\nsymptoms:\n  - name: fever\n    severity: mild\n", encoding="utf-8"
    )
    assert run("new-visit", "--answers", path).exit_code == 0
    coloured = run("visits", "show", env={"FORCE_COLOR": "1"})
    assert colour_codes(coloured.stdout), "FORCE_COLOR=1 gave no colour at all: the check cannot fail"
    plain = run("visits", "show", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert colour_codes(plain.stdout) == []


# ------------------------------------------------------------------------------------------------ since last visit


def test_since_last_lab_lines_are_facts_with_a_question():
    before = make_visit(
        "2026-09-10",
        [
            lab("M-protein", "0.8", "g/dL"),
            lab("kappa", "45", "mg/L"),
            lab("hemoglobin", "11.2", "g/dL"),
            lab("platelets", "<10", "K/uL"),
        ],
    )
    now = make_visit(
        "2026-12-03",
        [
            lab("M-protein", "0.5", "g/dL"),
            lab("kappa", "88", "mg/L"),
            lab("hemoglobin", "11.2", "g/dL"),
            lab("platelets", "150", "K/uL"),
        ],
    )
    lines = trends.since_last(C, before, now)
    assert len(lines) == 3, lines  # hemoglobin did not change
    assert any("M-protein" in x and x.endswith(f" went from 0.8 to 0.5 g/dL. {ASK_LAB}") for x in lines), (
        lines
    )
    assert any(x.endswith(f"went from <10 to 150 K/uL. {ASK_LAB}") for x in lines)
    for line in lines:
        assert not VERDICT_WORDS.search(line), line


def _symptom_rows():
    rows = []
    for s in C.symptoms:
        for kind in ("new", "changed", "gone"):
            rows.append(pytest.param(s.id, kind, id=f"{s.id}-{kind}"))
    return rows


@pytest.mark.parametrize(("symptom_id", "kind"), _symptom_rows())
def test_since_last_symptom_lines_are_neutral_facts_with_a_question(symptom_id, kind):
    label = C.symptom_by_id[symptom_id].label
    mild = SymptomReport(name=label, id=symptom_id, severity="mild")
    severe = SymptomReport(name=label, id=symptom_id, severity="severe")
    before = make_visit("2026-09-10", symptoms={"new": [], "changed": [mild], "gone": [mild]}[kind])
    now = make_visit("2026-12-03", symptoms={"new": [mild], "changed": [severe], "gone": []}[kind])
    lines = trends.since_last(C, before, now)
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.lower().startswith(label.lower())
    if kind == "changed":
        assert "mild" in line and "severe" in line
    fact, _, question = line.partition("Ask:")
    assert question.strip().endswith("?"), f"no question to ask in {line!r}"
    rest = line[len(label) :]
    assert not VERDICT_WORDS.search(rest), f"a verdict in {line!r}"


def test_a_symptom_marked_none_now_counts_as_gone_and_the_same_severity_is_no_change():
    numb = SymptomReport(name="numbness or tingling", id="numbness", severity="moderate")
    tired = SymptomReport(name="tiredness or low energy", id="tiredness", severity="mild")
    before = make_visit("2026-09-10", symptoms=[numb, tired])
    now = make_visit(
        "2026-12-03", symptoms=[SymptomReport(name=numb.name, id="numbness", severity="none"), tired]
    )
    lines = trends.since_last(C, before, now)
    assert len(lines) == 1 and lines[0].startswith("Numbness or tingling was on your list last time")


def test_since_last_symptoms_in_the_summary_match_the_golden_file(small, run, tmp_path, home):
    new_visit(
        run,
        tmp_path,
        "2026-09-10",
        [("kappa", "45", "mg/L")],
        [("numbness or tingling", "mild"), ("tiredness or low energy", "moderate")],
    )
    new_visit(
        run,
        tmp_path,
        "2026-12-03",
        [("kappa", "45", "mg/L")],
        [("numbness or tingling", "severe"), ("bone pain", "mild"), ("my own odd symptom", "mild")],
    )
    since = section((home / "visits" / "2026-12-03.md").read_text(encoding="utf-8"), "Since last visit")
    items = [x for x in since.splitlines() if x.startswith("- ")]
    assert len(items) == 4, since
    for item in items:
        assert "Ask:" in item and item.rstrip().endswith("?")
        assert not VERDICT_WORDS.search(item), item
    check_golden("since_last_symptoms.md", since)


# ------------------------------------------------------------------------------------------------ HTML charts


def test_the_html_export_draws_each_trend_as_an_inline_svg(run, example_pair, tmp_path):
    out = tmp_path / "second.html"
    result = run("export", "2026-12-03", "--format", "html", "--output", out)
    assert result.exit_code == 0, result
    html = out.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(svgs) >= 2, "the HTML export has no inline SVG chart for the lab trends"
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', " ".join(svgs)))
    for name, values in ((M.name, ("0.8", "1.2")), (KAPPA.name, ("45", "88"))):
        assert name in labels and all(v in labels for v in values)
    for svg in svgs:
        assert "<script" not in svg and "href" not in svg and "url(" not in svg
