"""`rrmm-prep new-visit` (issue 3): the walk through the prompt seam, the CLI, answers files, records, drafts,
carry-forward, golden summaries and hostile text.

Prompts are scripted with ``ui.ScriptedPrompter`` (the one prompt seam). Answers can be ``(words, answer)``
pairs: the prompt must contain ``words``, so a test fails loudly when the walk asks something else.
Question texts and counts are never hard-coded: they come from ``content.load()``.

Golden files live in tests/golden; regenerate them with ``UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
FIXED_DAY = dt.date(2026, 11, 23)  # a Monday

# The hand-written answers file from issue 3, verbatim.
EXAMPLE_ANSWERS = """\
visit:
  date: 2026-12-03
  time: 10:30
  with: Dr. Rivera, hematology
  place: Riverside Cancer Center
  reason: choosing a new treatment
  companion: Maria (my daughter)
treatments:
  - drug: VRd
    started: 2023-02
    stopped: 2024-01
    outcome: stopped working
    bad_effects: [numbness in my feet, trouble sleeping]
  - drug: Darzalex
    started: 2024-02
    outcome: still taking
symptoms:
  - name: numbness or tingling
    severity: moderate
    note: worse in the evening
  - name: fever
    note: 38.4 C last night
health_problems: [type 2 diabetes, high blood pressure]
medicines: [metformin 500 mg twice a day]
goals: [keep walking my dog, be well enough for a wedding in June]
my_questions:
  - Can I get the infusions closer to home?
  - Is it safe to travel by plane in June?
notes: My sister can drive me to appointments on Tuesdays.
"""


# ------------------------------------------------------------------------------------------------ helpers


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with tests/golden/<name>; with UPDATE_GOLDEN=1, write it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it, then review it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"output differs from {path} (if intended: UPDATE_GOLDEN=1, then review the diff)"
    )


def md_html(text: str) -> str:
    """Markdown -> HTML the way a GitHub-flavoured viewer would (CommonMark + tables + strikethrough)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def md_tokens(text: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def html_text(rendered: str) -> str:
    """The text a reader sees: tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def md_text(text: str) -> str:
    return html_text(md_html(text))


def headings(text: str) -> list[tuple[int, str]]:
    """(level, the text a reader sees) of every heading, in order."""
    return [
        (int(m.group(1)), html_text(m.group(2)))
        for m in re.finditer(r"<h([1-6])>(.*?)</h\1>", md_html(text), flags=re.S)
    ]


def heading_texts(text: str, level: int | None = None) -> list[str]:
    return [t for lv, t in headings(text) if level is None or lv == level]


def task_items(text: str) -> list[str]:
    """The text of every list item that is a task ("[ ]" or "[x]" first)."""
    tokens = md_tokens(text)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            inline = next(t for t in tokens[i:] if t.type == "inline")
            if re.match(r"\[[ x]\] ", inline.content):
                out.append(inline.content)
    return out


def block_shape(text: str) -> list[str]:
    """The block structure of a Markdown text: block token types and tags, no text."""
    return [f"{t.type}:{t.tag}" for t in md_tokens(text) if t.type != "inline"]


def visit_files(home: Path, suffix: str = ".md") -> list[Path]:
    folder = home / "visits"
    return sorted(folder.glob(f"*{suffix}")) if folder.exists() else []


def only_summary(home: Path) -> str:
    files = visit_files(home)
    assert len(files) == 1, files
    return files[0].read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def yaml_doc(data: dict) -> str:
    """A dict as an answers file. JSON is YAML, and json.dumps quotes every string safely."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


ENTER_ALL = [""] * 60


class MarkingPrompter:
    """A ScriptedPrompter that also writes a marker to stdout at each prompt, so the output shows what was
    printed before and after each prompt."""

    def __init__(self, answers):
        from rrmm_prep import ui

        self.inner = ui.ScriptedPrompter(answers)

    @property
    def asked(self):
        return self.inner.asked

    def ask(self, label: str, default: str = "") -> str:
        sys.stdout.write(f"\n<<ASK {label}>>\n")
        return self.inner.ask(label, default)


@pytest.fixture
def prompter():
    """``prompter([...answers])`` installs a ScriptedPrompter (or ``prompter(answers, marking=True)``) and
    puts the earlier prompter back after the test."""
    from rrmm_prep import ui

    saved = ui._prompter

    def _set(answers, marking: bool = False):
        p = MarkingPrompter(answers) if marking else ui.ScriptedPrompter(answers)
        ui.set_prompter(p)
        return p

    yield _set
    ui.set_prompter(saved)


@pytest.fixture
def pinned_day(monkeypatch):
    """Make a new visit start on FIXED_DAY (the date Enter and --no-input give), whatever today is."""
    from rrmm_prep import interview

    original = interview.start
    monkeypatch.setattr(interview, "start", lambda content, today=None: original(content, FIXED_DAY))
    return FIXED_DAY


@pytest.fixture
def content(shipped):
    return shipped


def symptom_number(content, symptom_id: str) -> int:
    return [s.id for s in content.symptoms].index(symptom_id) + 1


def urgent_symptom(content):
    """An urgent symptom that is urgent at any severity (fever in the shipped content)."""
    by_id = {s.id: s for s in content.symptoms}
    if "fever" in by_id and by_id["fever"].urgent:
        return by_id["fever"]
    return next(s for s in content.symptoms if s.urgent and not s.urgent_from)


def calm_symptom(content):
    return next(s for s in content.symptoms if not s.urgent)


def walk(content, visit=None, today=FIXED_DAY):
    from rrmm_prep import interview

    visit = visit or interview.start(content, today)
    return interview.Walk(content, visit, today=today)


# ------------------------------------------------------------------------------------------------ the walk


def test_enter_only_run_is_short_and_gives_a_useful_summary(run, home, prompter, content, pinned_day):
    p = prompter(["" for _ in range(40)])
    result = run("new-visit")
    assert result.exit_code == 0, result
    asked = len(p.asked)
    print(f"Enter-only new-visit: {asked} prompts")
    assert asked <= 40
    text = only_summary(home)
    shown = md_text(text)
    from rrmm_prep.visit import friendly_date

    assert friendly_date(FIXED_DAY.isoformat()) in shown
    defaults = [q.text for t in content.topics for q in t.questions if q.default]
    assert defaults
    for q in defaults:
        assert q in shown
    for c in [*content.before_you_go, *content.before_you_leave]:
        assert c.text in shown
    assert "Before you go" in heading_texts(text, 2) and "Before you leave" in heading_texts(text, 2)
    assert "Ask these first" in heading_texts(text, 2)
    assert not (home / "drafts" / "new-visit.json").exists()


def test_enter_only_walk_equals_no_input(run, home, prompter, tmp_path, pinned_day):
    """Enter everywhere and --no-input give the same summary (the same defaults)."""
    prompter(ENTER_ALL)
    assert run("new-visit").exit_code == 0
    walked = only_summary(home)
    other = tmp_path / "other-home"
    result = run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(other)})
    assert result.exit_code == 0, result
    assert only_summary(other) == walked


def test_regimen_brand_typo_and_class_are_resolved(prompter, content):
    from rrmm_prep.lookup import Index

    index = Index(content)
    krd = index.find("KRd")
    imids = index.find("IMiD")
    assert imids.kind == "class"
    first_imid = imids.drugs[0]
    p = prompter(
        [
            ("treatment", "krd"),
            ("start", "2022-05"),
            ("stop", "2023-01"),
            ("number", "2"),
            ("bad effects", ""),
            ("treatment", "Velcade"),
            ("start", ""),
            ("stop", ""),
            ("number", ""),
            ("bad effects", "1, my own effect"),
            ("treatment", "bortezmib"),
            ("type a number", "1"),
            ("start", ""),
            ("stop", ""),
            ("number", ""),
            ("bad effects", ""),
            ("treatment", "IMiD"),
            ("type a number", "1"),
            ("start", ""),
            ("stop", ""),
            ("number", "3"),
            ("bad effects", ""),
            ("treatment", "my own trial drug"),  # nothing close: kept as typed, no question
            ("start", ""),
            ("stop", ""),
            ("number", ""),
            ("bad effects", "headache"),
            ("treatment", ""),
        ],
        marking=True,
    )
    w = walk(content)
    w.step_treatments()
    assert p.inner.answers == []
    ts = w.visit.treatments
    assert [t.name for t in ts] == [
        krd.regimen.abbreviation,
        "Velcade",
        "bortezomib",
        first_imid.name,
        "my own trial drug",
    ]
    assert ts[0].kind == "regimen" and ts[0].drugs == [d.id for d in krd.drugs]
    assert (ts[0].started, ts[0].stopped, ts[0].outcome) == ("2022-05", "2023-01", "stopped working")
    assert ts[1].kind == "drug" and ts[1].drugs == ["bortezomib"] and ts[1].outcome == "still taking"
    bortezomib = content.drug_by_id["bortezomib"]
    assert ts[1].bad_effects[0] == bortezomib.side_effects[0]
    assert "my own effect" in ts[1].bad_effects
    assert ts[2].drugs == ["bortezomib"]
    assert ts[3].drugs == [first_imid.id] and ts[3].outcome == "stopped for side effects"
    assert ts[4].kind == "" and ts[4].drugs == [] and ts[4].bad_effects == ["headache"]


def test_typo_offers_a_suggestion_and_enter_keeps_it_as_typed(prompter, content, capsys):
    p = prompter(
        [
            ("treatment", "bortezmib"),
            ("type a number", ""),
            ("start", ""),
            ("stop", ""),
            ("number", ""),
            ("bad effects", "tired"),
            ("treatment", ""),
        ]
    )
    w = walk(content)
    w.step_treatments()
    assert p.answers == []
    out = capsys.readouterr().out
    assert "Did you mean" in out and "bortezomib" in out
    [t] = w.visit.treatments
    assert (t.name, t.kind, t.drugs, t.bad_effects) == ("bortezmib", "", [], ["tired"])


def test_class_asks_which_drug(prompter, content, capsys):
    from rrmm_prep.lookup import Index

    drugs = Index(content).find("IMiD").drugs
    prompter([("treatment", "IMiD"), ("type a number", ""), ("treatment", "")])
    w = walk(content)
    w.step_treatments()
    out = capsys.readouterr().out
    assert "group of drugs" in out
    for d in drugs:
        assert d.name in out
    assert w.visit.treatments == []  # Enter at "which one" adds nothing


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", FIXED_DAY),
        ("today", FIXED_DAY),
        ("tomorrow", FIXED_DAY + dt.timedelta(days=1)),
        ("dec 3", dt.date(2026, 12, 3)),
        ("December 3rd", dt.date(2026, 12, 3)),
        ("3 december 2026", dt.date(2026, 12, 3)),
        ("12/3", dt.date(2026, 12, 3)),
        ("12/3/2026", dt.date(2026, 12, 3)),
        ("2026-12-03", dt.date(2026, 12, 3)),
        ("friday", dt.date(2026, 11, 27)),
        ("nov 1", dt.date(2027, 11, 1)),  # no year: the next such day
    ],
)
def test_visit_date_in_friendly_forms(prompter, content, typed, expected):
    prompter([("date", typed), ("time", ""), ("with", ""), ("where", ""), ("reason", ""), ("coming", "")])
    w = walk(content)
    w.step_visit()
    assert w.visit.info.date == expected.isoformat()


def test_bad_date_and_time_are_asked_again(prompter, content, capsys):
    p = prompter(
        [
            ("date", "someday"),
            ("date", "2026-02-30"),
            ("date", "dec 3"),
            ("time", "25:00"),
            ("time", "2pm"),
            ("with", "Dr. Rivera"),
            ("where", "Riverside"),
            ("reason", "2"),
            ("coming", "Maria"),
        ]
    )
    w = walk(content)
    w.step_visit()
    out = capsys.readouterr().out
    assert "'someday' is not a date" in out and "'2026-02-30' is not a date" in out
    assert "'25:00' is not a time" in out
    assert len(p.asked) == 9
    info = w.visit.info
    assert (info.date, info.time, info.clinician, info.place, info.companion) == (
        "2026-12-03",
        "14:00",
        "Dr. Rivera",
        "Riverside",
        "Maria",
    )
    assert info.reason == content.visit_reasons[1].label and info.reason_id == content.visit_reasons[1].id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2pm", "14:00"), ("2 pm", "14:00"), ("10:30", "10:30"), ("9am", "09:00"), ("12am", "00:00"), ("", "")],
)
def test_time_forms(prompter, content, typed, expected):
    prompter([("date", ""), ("time", typed), ("with", ""), ("where", ""), ("reason", ""), ("coming", "")])
    w = walk(content)
    w.step_visit()
    assert w.visit.info.time == expected


def test_reason_in_own_words(prompter, content):
    prompter(
        [("date", ""), ("time", ""), ("with", ""), ("where", ""), ("reason", "my own reason"), ("coming", "")]
    )
    w = walk(content)
    w.step_visit()
    assert (w.visit.info.reason, w.visit.info.reason_id) == ("my own reason", "")


def test_symptoms_by_number_with_severity_and_notes(prompter, content):
    calm = calm_symptom(content)
    others = [s for s in content.symptoms if not s.urgent and s.id != calm.id]
    second = others[0]
    n1, n2 = symptom_number(content, calm.id), symptom_number(content, second.id)
    p = prompter(
        [
            ("which have you had", f"{n1} {n2}, ringing in my ears"),
            ("mild", "3"),
            ("note", "worse at night"),
            ("mild", ""),
            ("note", ""),
            ("mild", "moderate"),
            ("note", "since June"),
            ("closest", "2"),
        ]
    )
    w = walk(content)
    w.step_symptoms()
    assert p.answers == []
    got = [(s.name, s.id, s.severity, s.note) for s in w.visit.symptoms]
    assert got == [
        (calm.label, calm.id, "severe", "worse at night"),
        (second.label, second.id, "mild", ""),
        ("ringing in my ears", "", "moderate", "since June"),
    ]
    assert w.visit.daily_life == content.daily_life[1].text


def test_urgent_symptom_shows_call_now_at_once(prompter, content, capsys):
    from rrmm_prep import summary

    urgent = urgent_symptom(content)
    n = symptom_number(content, urgent.id)
    prompter(
        [("which have you had", str(n)), ("mild", "1"), ("note", "38.4 C last night"), ("closest", "")],
        marking=True,
    )
    w = walk(content)
    w.step_symptoms()
    out = capsys.readouterr().out
    severity_at = out.index("<<ASK 1 mild")
    note_at = out.index("<<ASK A note about")
    call_at = out.upper().find(summary.CALL_NOW.upper())
    assert call_at != -1, out
    # Shown right after the severity is given, before anything else is asked.
    assert severity_at < call_at < note_at
    text = summary.markdown(content, w.visit)
    assert text.index(summary.CALL_NOW) < text.index("## The visit")
    assert md_tokens(text)[0].type == "heading_open"
    # The call-out is the first block after the title.
    shape = block_shape(text)
    assert shape[:3] == ["heading_open:h1", "heading_close:h1", "blockquote_open:blockquote"]


def test_calm_symptom_shows_no_call_now(prompter, content, capsys):
    from rrmm_prep import summary

    n = symptom_number(content, calm_symptom(content).id)
    prompter([("which have you had", str(n)), ("mild", "3"), ("note", ""), ("closest", "")])
    w = walk(content)
    w.step_symptoms()
    assert summary.CALL_NOW.upper() not in capsys.readouterr().out.upper()
    assert summary.CALL_NOW not in summary.markdown(content, w.visit)


def _question_walk(content, answers, prompter):
    p = prompter(answers)
    w = walk(content)
    w.step_questions()
    assert p.answers == [], f"answers left over: {p.answers}"
    return w.visit


def test_questions_toggle_by_numbers(prompter, content):
    all_q = [q for t in content.topics for q in t.questions]
    v = _question_walk(
        content,
        [
            ("tick or untick", "none"),
            ("tick or untick", "1 4 7"),
            ("tick or untick", ""),
            ("own question", ""),
            ("first", ""),
        ],
        prompter,
    )
    assert [q.id for q in v.questions] == [all_q[0].id, all_q[3].id, all_q[6].id]
    assert v.ask_first == [0, 1, 2]


def test_questions_all_then_untoggle(prompter, content):
    all_q = [q for t in content.topics for q in t.questions]
    v = _question_walk(
        content,
        [
            ("tick or untick", "all"),
            ("tick or untick", "1,2"),
            ("tick or untick", ""),
            ("own question", ""),
            ("first", ""),
        ],
        prompter,
    )
    assert [q.id for q in v.questions] == [q.id for q in all_q[2:]]


def test_questions_none_gives_only_own_questions(prompter, content):
    v = _question_walk(
        content,
        [
            ("tick or untick", "none"),
            ("tick or untick", ""),
            ("own question", "Can I travel in June?"),
            ("own question", "Who do I call at night?"),
            ("own question", ""),
            ("first", "2"),
        ],
        prompter,
    )
    assert [(q.text, q.id, q.topic) for q in v.questions] == [
        ("Can I travel in June?", "", "own"),
        ("Who do I call at night?", "", "own"),
    ]
    assert v.ask_first == [1]


def test_bad_toggle_and_too_many_firsts_are_asked_again(prompter, content, capsys):
    count = sum(len(t.questions) for t in content.topics)
    v = _question_walk(
        content,
        [
            ("tick or untick", f"{count + 1}"),
            ("tick or untick", "banana"),
            ("tick or untick", "none"),
            ("tick or untick", "1 2 3 4 5"),
            ("tick or untick", ""),
            ("own question", "Mine?"),
            ("own question", ""),
            ("first", "1 2 3 4"),
            ("first", "6 1"),
        ],
        prompter,
    )
    out = capsys.readouterr().out
    assert f"Please type numbers from 1 to {count}" in out
    assert "three at most" in out
    assert v.questions[0].text == "Mine?"
    assert v.ask_first == [5, 0]


def test_default_questions_are_ticked_and_own_questions_come_first_in_the_summary(prompter, content):
    from rrmm_prep import interview, summary

    v = _question_walk(
        content,
        [("tick or untick", ""), ("own question", "My question one?"), ("own question", ""), ("first", "")],
        prompter,
    )
    ids = [q.id for q in v.questions if q.id]
    assert ids == interview.default_question_ids(content, v)
    text = summary.markdown(content, v)
    first = task_items(text)[0]
    assert "1. My question one?" in first


def test_checklists_and_notes(prompter, content):
    go = content.before_you_go
    prompter([("done already", "1 3")])
    w = walk(content)
    w.step_checklists()
    assert w.visit.ready == [go[0].id, go[2].id]
    prompter([("anything else", "Bring the scans."), ("private", "Worried about costs.")])
    w.step_notes()
    assert (w.visit.notes, w.visit.private_notes) == ("Bring the scans.", "Worried about costs.")


def test_health_goals_and_labs(prompter, content):
    from rrmm_prep import trends

    test = trends.find_test(content, "M-protein")
    prompter(
        [
            ("health problem", "type 2 diabetes"),
            ("health problem", "high blood pressure"),
            ("health problem", ""),
            ("medicine", "metformin 500 mg"),
            ("medicine", ""),
        ]
    )
    w = walk(content)
    w.step_health()
    assert w.visit.health_problems == ["type 2 diabetes", "high blood pressure"]
    assert w.visit.medicines == ["metformin 500 mg"]
    prompter([("goals", "1 3, see my grandson graduate")])
    w.step_goals()
    assert w.visit.goals == [content.goals[0].text, content.goals[2].text, "see my grandson graduate"]
    wrong_unit = "mg/L" if "mg/L" not in test.units else "furlongs"
    prompter(
        [
            ("lab test", "M-protein"),
            ("value", "1.2"),
            ("unit", ""),
            ("date of the test", "2026-11-20"),
            ("lab test", "M-spike"),
            ("value", "1.1"),
            ("unit", wrong_unit),
            ("keep it", "n"),
            ("lab test", ""),
        ]
    )
    w.step_labs()
    assert [(x.test, x.value, x.unit, x.date, x.id) for x in w.visit.labs] == [
        (test.name, "1.2", test.units[0], "2026-11-20", test.id)
    ]


def _full_walk_steps(content) -> list[list[tuple[str, str]]]:
    """Answers for every step of a fresh walk (no earlier visit), grouped by step."""
    calm = calm_symptom(content)
    return [
        [
            ("date", "2026-12-03"),
            ("time", "10:30"),
            ("with", "Dr. Rivera, hematology"),
            ("where", "Riverside Cancer Center"),
            ("reason", "2"),
            ("coming with you", "Maria (my daughter)"),
        ],
        [
            ("treatment", "VRd"),
            ("start", "2023-02"),
            ("stop", "2024-01"),
            ("number", "2"),
            ("bad effects", "1, my own effect"),
            ("treatment", ""),
        ],
        [
            ("which have you had", str(symptom_number(content, calm.id))),
            ("mild", "2"),
            ("note about", "worse at night"),
            ("closest", "2"),
        ],
        [
            ("health problem", "type 2 diabetes"),
            ("health problem", ""),
            ("medicine", "metformin 500 mg"),
            ("medicine", ""),
        ],
        [("goals", "1 3, see my grandson graduate")],
        [
            ("lab test", "M-protein"),
            ("value", "1.2"),
            ("unit", ""),
            ("date of the test", ""),
            ("lab test", ""),
        ],
        [
            ("tick or untick", "none"),
            ("tick or untick", "1 4 7"),
            ("tick or untick", ""),
            ("own question", "Can I travel in June?"),
            ("own question", ""),
            ("first", "1 3"),
        ],
        [("done already", "1 2")],
        [("anything else", "Bring the scans."), ("private note", "Worried about costs.")],
    ]


SHOW_NO = [("show the summary", "n")]


@pytest.fixture
def reference_summary(run, prompter, content, tmp_path):
    """The summary of the full scripted walk, run without stopping, in a home of its own."""
    steps = _full_walk_steps(content)
    other = tmp_path / "reference-home"
    p = prompter([a for step in steps for a in step] + SHOW_NO)
    result = run("new-visit", env={"RRMM_PREP_HOME": str(other)})
    assert result.exit_code == 0, result
    assert p.answers == []
    return only_summary(other)


def test_full_walk_summary_has_everything(reference_summary, content):
    shown = md_text(reference_summary)
    for words in [
        "Thursday 3 December 2026",
        "10:30",
        "Dr. Rivera, hematology",
        "Riverside Cancer Center",
        content.visit_reasons[1].label,
        "Maria (my daughter)",
        "VRd",
        "2023-02 to 2024-01",
        "my own effect",
        "worse at night",
        "type 2 diabetes",
        "metformin 500 mg",
        "see my grandson graduate",
        "1.2",
        "Can I travel in June?",
        "Bring the scans.",
        "Worried about costs.",
    ]:
        assert words in shown, words
    all_q = [q for t in content.topics for q in t.questions]
    firsts = heading_texts(reference_summary, 2)
    assert firsts[:2] == ["The visit", "Ask these first"]
    items = task_items(reference_summary)
    # 1 own + questions 1, 4, 7; ask first: the own question and the 4th question ticked (index 2).
    assert "1. Can I travel in June?" in items[0]
    assert f"2. {all_q[3].text}" in items[1]
    assert len(items) == 4 + len(content.before_you_go) + len(content.before_you_leave)


# (step index, answers given in that step before stopping, "^C" or "^D")
STOPS = [
    (0, 2, "^C"),
    (0, 0, "^D"),
    (1, 0, "^C"),
    (2, 2, "^C"),
    (3, 0, "^D"),
    (4, 0, "^C"),
    (5, 0, "^D"),
    (6, 0, "^C"),
    (6, 2, "^D"),
    (7, 0, "^D"),
    (8, 1, "^C"),
]


@pytest.mark.parametrize(
    ("step", "given", "key"), STOPS, ids=[f"step{s + 1}-{g}-{k[1]}" for s, g, k in STOPS]
)
def test_stop_saves_a_draft_and_resuming_gives_the_same_summary(
    run, home, prompter, content, reference_summary, step, given, key
):
    steps = _full_walk_steps(content)
    before = [a for s in steps[:step] for a in s] + steps[step][:given]
    p = prompter([*before, key])
    result = run("new-visit")
    assert result.exit_code == 130, result
    draft = home / "drafts" / "new-visit.json"
    assert draft.exists()
    assert "saved" in result.stderr and "draft" in result.stderr and str(draft) in result.stderr
    assert "Traceback" not in result.output
    assert visit_files(home) == []
    assert json.loads(draft.read_text(encoding="utf-8"))["step"] == step
    assert p.answers == []

    # The next run offers the draft first; resuming starts the stopped step again, with what was typed.
    p = prompter([("pick up where you left off", "y"), *[a for s in steps[step:] for a in s], *SHOW_NO])
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert p.answers == []
    assert only_summary(home) == reference_summary
    assert not draft.exists()


def test_resume_inside_the_treatments_step_keeps_what_was_added(
    run, home, prompter, content, reference_summary
):
    steps = _full_walk_steps(content)
    p = prompter([*steps[0], *steps[1][:5], "^C"])  # VRd and its details given, then Ctrl-C
    assert run("new-visit").exit_code == 130
    p = prompter(
        [
            ("pick up", "y"),
            ("update or remove", ""),  # VRd is kept as it was
            ("treatment", ""),
            *[a for s in steps[2:] for a in s],
            *SHOW_NO,
        ]
    )
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert p.answers == []
    assert only_summary(home) == reference_summary


def test_resume_flag_skips_the_question(run, home, prompter, content, reference_summary):
    steps = _full_walk_steps(content)
    prompter([*steps[0], *steps[1], *steps[2], "^D"])
    assert run("new-visit").exit_code == 130
    p = prompter([*[a for s in steps[3:] for a in s], *SHOW_NO])
    result = run("new-visit", "--resume")
    assert result.exit_code == 0, result
    assert p.asked[0].startswith("Add a health problem")
    assert only_summary(home) == reference_summary


def test_discard_draft_starts_fresh(run, home, prompter, content, reference_summary):
    steps = _full_walk_steps(content)
    prompter([*steps[0], "^C"])
    assert run("new-visit").exit_code == 130
    p = prompter([*[a for s in steps for a in s], *SHOW_NO])
    result = run("new-visit", "--discard-draft")
    assert result.exit_code == 0, result
    assert "thrown away" in result.stderr
    assert p.asked[0].startswith("Visit date")
    assert only_summary(home) == reference_summary
    assert not (home / "drafts" / "new-visit.json").exists()


def test_declining_the_draft_starts_fresh_and_finishing_removes_it(
    run, home, prompter, content, reference_summary
):
    steps = _full_walk_steps(content)
    prompter([*steps[0], *steps[1], "^C"])
    assert run("new-visit").exit_code == 130
    p = prompter([("pick up", "n"), *[a for s in steps for a in s], *SHOW_NO])
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert p.asked[1].startswith("Visit date")
    assert only_summary(home) == reference_summary
    assert not (home / "drafts" / "new-visit.json").exists()


def test_resume_and_discard_together_is_a_usage_error(run, home):
    result = run("new-visit", "--resume", "--discard-draft")
    assert result.exit_code == 2
    assert "--resume" in result.stderr and "--discard-draft" in result.stderr


def test_resume_without_a_draft_says_so(run, home, prompter):
    p = prompter(ENTER_ALL)
    result = run("new-visit", "--resume")
    assert result.exit_code == 0, result
    assert "no draft" in result.stderr.lower()
    assert p.asked[0].startswith("Visit date")


def test_ctrl_c_at_show_summary_keeps_the_visit(run, home, prompter, content):
    steps = _full_walk_steps(content)
    prompter([*[a for s in steps for a in s], ("show the summary", "^C")])
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert len(visit_files(home)) == 1
    assert not (home / "drafts" / "new-visit.json").exists()


def test_show_summary_here(run, home, prompter, content):
    steps = _full_walk_steps(content)
    prompter([*[a for s in steps for a in s], ("show the summary", "y")], marking=True)
    result = run("new-visit")
    assert result.exit_code == 0, result
    shown = result.stdout.split("<<ASK Show the summary")[-1]
    for words in ("Thursday 3 December 2026", "Can I travel in June?", "Before you leave"):
        assert words in shown


DAMAGED_DRAFTS = {
    "not JSON": "{not json",
    "a JSON list": "[1, 2, 3]",
    "empty file": "",
    "binary": "\udcff",
}
ODD_DRAFTS = {
    "visit is text": {"step": 1, "visit": "nope"},
    "info is a number": {"step": 1, "visit": {"info": 5}},
    "step is a word": {"step": "two", "visit": {}},
    "newer schema": {"step": 1, "visit": {"schema": 99}},
    "questions of the wrong type": {"step": 6, "visit": {"questions": [{"text": 5}]}},
}


@pytest.mark.parametrize("name", list(DAMAGED_DRAFTS))
def test_unreadable_draft_is_set_aside(run, home, prompter, name):
    drafts = home / "drafts"
    drafts.mkdir(parents=True)
    raw = DAMAGED_DRAFTS[name]
    (drafts / "new-visit.json").write_bytes(raw.encode("utf-8", "surrogateescape"))
    p = prompter(ENTER_ALL)
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "set aside" in result.stderr
    assert p.asked[0].startswith("Visit date")  # not offered: it cannot be read
    aside = [f for f in drafts.iterdir() if f.name != "new-visit.json"]
    assert len(aside) == 1 and aside[0].read_bytes() == raw.encode("utf-8", "surrogateescape")
    assert str(aside[0]) in result.stderr
    assert len(visit_files(home)) == 1


@pytest.mark.parametrize("name", list(ODD_DRAFTS))
def test_draft_from_another_version_is_not_used(run, home, prompter, name):
    drafts = home / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "new-visit.json").write_text(json.dumps(ODD_DRAFTS[name]), encoding="utf-8")
    p = prompter(list(ENTER_ALL))  # a draft that cannot be used is set aside before anything is offered
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "cannot be used" in result.stderr
    assert "Traceback" not in result.output
    assert p.asked[0].startswith("Visit date")
    assert list(drafts.glob("new-visit.unusable-*.json")), "the draft is kept aside, not thrown away"
    assert len(visit_files(home)) == 1


# ------------------------------------------------------------------------------------------------ answers files


def test_example_answers_file_is_accepted_and_everything_shows(run, home, tmp_path, content):
    from rrmm_prep import summary

    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 0, result
    text = only_summary(home)
    shown = md_text(text)
    for words in [
        "Thursday 3 December 2026",
        "10:30",
        "Dr. Rivera, hematology",
        "Riverside Cancer Center",
        "choosing a new treatment",
        "Maria (my daughter)",
        "VRd",
        "bortezomib, lenalidomide, dexamethasone",
        "2023-02 to 2024-01",
        "stopped working",
        "numbness in my feet; trouble sleeping",
        "Darzalex",
        "daratumumab",
        "since 2024-02",
        "still taking",
        "numbness or tingling",
        "moderate",
        "worse in the evening",
        "fever",
        "38.4 C last night",
        "type 2 diabetes",
        "high blood pressure",
        "metformin 500 mg twice a day",
        "keep walking my dog",
        "be well enough for a wedding in June",
        "Can I get the infusions closer to home?",
        "Is it safe to travel by plane in June?",
        "My sister can drive me to appointments on Tuesdays.",
    ]:
        assert words in shown, words
    assert "Time: 10:30" in shown
    # fever is urgent: the summary opens with the call-now block and the command says so at once.
    assert text.index(summary.CALL_NOW) < text.index("## The visit")
    assert summary.CALL_NOW.upper() in result.stdout.upper()
    assert f"Content reviewed {content.reviewed}" in shown
    check_golden("summary_example.md", text)


def test_empty_run_golden(run, home, pinned_day):
    result = run("new-visit", "--no-input")
    assert result.exit_code == 0, result
    text = only_summary(home)
    check_golden("summary_empty.md", text)


def test_answers_file_with_only_a_date_equals_no_input(run, home, tmp_path, pinned_day):
    path = write(tmp_path, "a.yaml", f"visit:\n  date: {FIXED_DAY.isoformat()}\n")
    assert run("new-visit", "--answers", path).exit_code == 0
    from_file = only_summary(home)
    other = tmp_path / "other"
    assert run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(other)}).exit_code == 0
    assert only_summary(other) == from_file


def test_answers_template_is_accepted_as_it_is(run, home, tmp_path, pinned_day, content):
    result = run("new-visit", "--answers-template")
    assert result.exit_code == 0, result
    assert visit_files(home) == []
    template = result.stdout
    for q in (q for t in content.topics for q in t.questions):
        assert q.id in template
    path = write(tmp_path, "template.yaml", template)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 0, result
    from_template = only_summary(home)
    other = tmp_path / "other"
    assert run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(other)}).exit_code == 0
    assert only_summary(other) == from_template


def test_no_terminal_and_no_flag_says_which_flags_work(script, home):
    result = script("new-visit")
    assert result.exit_code != 0
    assert "--answers" in result.stderr and "--no-input" in result.stderr
    assert "Traceback" not in result.output
    assert visit_files(home) == [] and visit_files(home, ".json") == []
    assert not (home / "drafts").exists()


BAD_FILES = [
    # (id, file text, field, line, words in the message)
    (
        "unknown top field",
        "visit:\n  date: 2026-12-03\nfavourite_colour: blue\n",
        "favourite_colour",
        3,
        "unknown field",
    ),
    ("unknown visit field", "visit:\n  date: 2026-12-03\n  clinic: X\n", "clinic", 3, "unknown field"),
    ("unknown drug", "treatments:\n  - drug: zzqxyv\n", "drug", 2, "No drug"),
    (
        "drug typo",
        "treatments:\n  - drug: Darzalex\n  - drug: bortezmib\n",
        "drug",
        3,
        "Did you mean: bortezomib",
    ),
    ("drug class", "treatments:\n  - drug: IMiD\n", "drug", 2, "group of drugs"),
    ("bad date", "visit:\n  time: 10:30\n  date: 2026-02-30\n", "date", 3, "not a date"),
    ("bad date words", "visit:\n  date: someday soon\n", "date", 2, "not a date"),
    ("bad time", "visit:\n  date: 2026-12-03\n  time: 25:00\n", "time", 3, "not a time"),
    ("list for text", "visit:\n  with: [Dr. A, Dr. B]\n", "with", 2, "should be text"),
    ("mapping for text", "notes:\n  a: b\n", "notes", 1, "should be text"),
    ("bad severity", "symptoms:\n  - name: fever\n    severity: awful\n", "severity", 3, "not one of"),
    ("bad outcome", "treatments:\n  - drug: Velcade\n    outcome: great\n", "outcome", 3, "not one of"),
    ("bad started", "treatments:\n  - drug: Velcade\n    started: 2023-13\n", "started", 3, "not a date"),
    ("unknown question id", "questions: [no-such-question]\n", "questions", 1, "not a known id"),
    ("ask_first out of range", "ask_first: [99]\n", "ask_first", 1, "not a question"),
    (
        "lab unit",
        "labs:\n  - test: M-protein\n    value: 1.2\n    unit: mg/L\n",
        "unit",
        4,
        "usually given in",
    ),
    (
        "lab value",
        "labs:\n  - test: M-protein\n    value: lots\n    unit: g/dL\n",
        "value",
        3,
        "not a number",
    ),
    ("treatment without a name", "treatments:\n  - started: 2023\n", "drug", 2, "needs 'drug'"),
    ("symptom without a name", "symptoms:\n  - severity: mild\n", "name", 2, "required"),
]


@pytest.mark.parametrize(
    ("text", "field", "line", "words"), [r[1:] for r in BAD_FILES], ids=[r[0] for r in BAD_FILES]
)
def test_bad_answers_file(run, home, tmp_path, text, field, line, words):
    path = write(tmp_path, "answers.yaml", text)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2, result
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 1, result.stderr
    assert f"{path}:{line}:" in problems[0]
    assert f"'{field}'" in problems[0]
    assert words in problems[0]
    assert "Traceback" not in result.output
    assert visit_files(home) == [] and visit_files(home, ".json") == []


def test_unknown_drug_without_close_match_has_no_did_you_mean(run, tmp_path):
    path = write(tmp_path, "answers.yaml", "treatments:\n  - drug: zzqxyv\n")
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr.lower()
    assert "other: zzqxyv" in result.stderr  # says how to keep your own words


def test_every_problem_in_a_file_is_reported(run, home, tmp_path):
    text = (
        "visit:\n"  # 1
        "  date: 2026-13-45\n"  # 2
        "  time: 25:99\n"  # 3
        "  with: [a, b]\n"  # 4
        "  colour: blue\n"  # 5
        "treatments:\n"  # 6
        "  - drug: zzqxyv\n"  # 7
        "  - drug: Velcade\n"  # 8
        "    outcome: great\n"  # 9
        "symptoms:\n"  # 10
        "  - name: fever\n"  # 11
        "    severity: awful\n"  # 12
        "questions: [no-such-question]\n"  # 13
    )
    path = write(tmp_path, "answers.yaml", text)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 8, result.stderr
    for line in (2, 3, 4, 5, 7, 9, 12, 13):
        assert any(f"{path}:{line}:" in p for p in problems), (line, result.stderr)
    assert "8 problems" in result.stderr
    assert visit_files(home) == [] and visit_files(home, ".json") == []


def test_every_problem_in_one_treatment_is_reported(run, home, tmp_path):
    """A wrong drug name must not hide a wrong outcome or date in the same entry."""
    text = "treatments:\n  - drug: bortezmib\n    started: 2023-13\n    outcome: great\n"
    path = write(tmp_path, "answers.yaml", text)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 3, result.stderr
    for line, field in ((2, "drug"), (3, "started"), (4, "outcome")):
        assert any(f"{path}:{line}:" in p and f"'{field}'" in p for p in problems), (field, result.stderr)


def test_yaml_syntax_error_names_the_line(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", "visit:\n  date: 2026-12-03\n  with: [unclosed\n")
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "Traceback" not in result.output
    assert visit_files(home) == []


def test_missing_answers_file(run, home, tmp_path):
    result = run("new-visit", "--answers", tmp_path / "nope.yaml")
    assert result.exit_code != 0
    assert "nope.yaml" in result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------------------ records


def test_file_names_from_date_and_clinician_never_overwrite(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    assert run("new-visit", "--answers", path).exit_code == 0
    first = home / "visits" / "2026-12-03-dr-rivera.json"
    first_md = first.with_suffix(".md")
    assert first.exists() and first_md.exists()
    saved = first.read_bytes(), first_md.read_bytes()
    other = write(tmp_path, "other.yaml", EXAMPLE_ANSWERS.replace("My sister", "My brother"))
    result = run("new-visit", "--answers", other)
    assert result.exit_code == 0, result
    second = home / "visits" / "2026-12-03-dr-rivera-2.md"
    assert second.exists() and "My brother" in second.read_text(encoding="utf-8")
    assert (first.read_bytes(), first_md.read_bytes()) == saved
    assert str(second) in result.stdout
    record = json.loads(second.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["id"] == "2026-12-03-dr-rivera-2"


@pytest.mark.parametrize(
    ("clinician", "expected"),
    [
        ("Dr. Rivera, hematology", "2026-12-03-dr-rivera"),
        ("", "2026-12-03"),
        ("Dr. Émile Zoë", "2026-12-03-dr-emile-zoe"),
    ],
)
def test_record_name(run, home, tmp_path, clinician, expected):
    data = {"visit": {"date": "2026-12-03"}}
    if clinician:
        data["visit"]["with"] = clinician
    path = write(tmp_path, "a.yaml", yaml_doc(data))
    assert run("new-visit", "--answers", path).exit_code == 0
    assert [f.name for f in visit_files(home, ".json")] == [f"{expected}.json"]


def test_files_are_private_even_with_umask_zero(run, home, tmp_path, prompter, content):
    old = os.umask(0)
    try:
        path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
        assert run("new-visit", "--answers", path).exit_code == 0
        prompter([*_full_walk_steps(content)[0], "^C"])
        assert run("new-visit").exit_code == 130
    finally:
        os.umask(old)
    folders = [home, home / "visits", home / "drafts"]
    files = [*visit_files(home), *visit_files(home, ".json"), home / "drafts" / "new-visit.json"]
    assert len(files) == 3
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    leftovers = [p for p in home.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
    # Everything else in the data folder too (caches, the index): owner-only.
    loose = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in home.rglob("*")}
    assert {k: v for k, v in loose.items() if v not in ("0o600", "0o700")} == {}


def test_output_also_writes_the_summary(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    out = tmp_path / "mine" / "visit.md"
    out.parent.mkdir()
    result = run("new-visit", "--answers", path, "--output", out)
    assert result.exit_code == 0, result
    assert out.read_text(encoding="utf-8") == only_summary(home)
    assert str(out) in result.stdout


def test_output_to_a_missing_folder_is_an_error_but_the_visit_is_kept(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    result = run("new-visit", "--answers", path, "--output", tmp_path / "nope" / "visit.md")
    assert result.exit_code != 0
    assert "does not exist" in result.stderr
    assert len(visit_files(home)) == 1


def test_record_is_json_with_a_schema(run, home, tmp_path):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    assert run("new-visit", "--answers", path).exit_code == 0
    [record] = visit_files(home, ".json")
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert data["info"]["time"] == "10:30"
    assert [t["drugs"] for t in data["treatments"]] == [
        ["bortezomib", "lenalidomide", "dexamethasone"],
        ["daratumumab"],
    ]


# ------------------------------------------------------------------------------------------------ carry forward


def test_new_visit_starts_from_the_last_one(run, home, tmp_path, pinned_day):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    assert run("new-visit", "--answers", path).exit_code == 0
    result = run("new-visit", "--no-input")
    assert result.exit_code == 0, result
    [second] = [f for f in visit_files(home) if f.name.startswith(FIXED_DAY.isoformat())]
    text = second.read_text(encoding="utf-8")
    shown = md_text(text)
    for words in [
        "VRd",
        "bortezomib, lenalidomide, dexamethasone",
        "Darzalex",
        "type 2 diabetes",
        "high blood pressure",
        "metformin 500 mg twice a day",
        "keep walking my dog",
        "be well enough for a wedding in June",
    ]:
        assert words in shown, words
    items = task_items(text)
    for q in ("Can I get the infusions closer to home?", "Is it safe to travel by plane in June?"):
        [item] = [i for i in items if q in i]
        assert "Not answered last time" in item
    # What was true on the day is not carried: symptoms, notes, the visit's own details.
    assert "38.4 C last night" not in shown
    assert "My sister can drive me" not in shown
    assert "Riverside Cancer Center" not in shown


def test_answered_own_questions_are_not_offered_again(run, home, tmp_path, pinned_day):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    assert run("new-visit", "--answers", path).exit_code == 0
    after = write(tmp_path, "after.yaml", "answers:\n  1: Yes, at the Eastside clinic.\n")
    assert run("after-visit", "--answers", after).exit_code == 0
    assert run("new-visit", "--no-input").exit_code == 0
    [second] = [f for f in visit_files(home) if f.name.startswith(FIXED_DAY.isoformat())]
    text = second.read_text(encoding="utf-8")
    assert "Can I get the infusions closer to home?" not in text
    [item] = [i for i in task_items(text) if "Is it safe to travel by plane in June?" in i]
    assert "Not answered last time" in item


def test_walk_offers_what_was_carried(run, home, tmp_path, prompter, pinned_day):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    assert run("new-visit", "--answers", path).exit_code == 0
    p = prompter(ENTER_ALL, marking=True)
    result = run("new-visit")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "Starting from your last visit (2026-12-03)" in out
    assert "(not answered last time)" in out
    asked = "\n".join(p.asked)
    assert "update or remove" in asked  # the treatments carried forward
    assert "to remove" in asked  # health problems, medicines, own questions
    [second] = [f for f in visit_files(home) if f.name.startswith(FIXED_DAY.isoformat())]
    shown = md_text(second.read_text(encoding="utf-8"))
    for words in (
        "VRd",
        "Darzalex",
        "type 2 diabetes",
        "metformin 500 mg twice a day",
        "keep walking my dog",
    ):
        assert words in shown
    assert len(p.asked) <= 40


def test_carried_items_can_be_removed_in_the_walk(run, home, tmp_path, prompter, content, pinned_day):
    path = write(tmp_path, "answers.yaml", EXAMPLE_ANSWERS)
    assert run("new-visit", "--answers", path).exit_code == 0
    p = prompter(
        [
            *[("", "")] * 6,  # step 1
            ("update or remove", "1"),
            ("keep vrd", "n"),
            ("treatment", ""),
            ("which have you had", ""),
            ("closest", ""),
            ("remove", "2"),  # health problems: drop high blood pressure
            ("health problem", ""),
            ("remove", ""),
            ("medicine", ""),
            ("goals", ""),
            ("lab test", ""),
            ("tick or untick", ""),
            ("remove", "1"),  # own questions: drop the first
            ("own question", ""),
            ("first", ""),
            ("done already", ""),
            ("anything else", ""),
            ("private", ""),
            ("show the summary", "n"),
        ]
    )
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert p.answers == []
    [second] = [f for f in visit_files(home) if f.name.startswith(FIXED_DAY.isoformat())]
    shown = md_text(second.read_text(encoding="utf-8"))
    assert "Darzalex" in shown and "VRd" not in shown
    assert "type 2 diabetes" in shown and "high blood pressure" not in shown
    assert "Is it safe to travel by plane in June?" in shown
    assert "Can I get the infusions closer to home?" not in shown
    assert "keep walking my dog" in shown  # goals kept as marked


# ------------------------------------------------------------------------------------------------ hostile text

HOSTILE = {
    "html": "<script>alert(1)</script>",
    "markdown inline": "**bold** _x_ [link](http://e.com)",
    "heading": "# heading",
    "table": "| a | b |",
    "rich markup": "[bold]x[/]",
    "rich close": "[/]",
    "ordered list": "1. list",
    "bullet": "- item",
    "emoji": "emoji 🎉👍",
    "long line": "x" * 3000,
    "backslash and code": "back\\slash `code`",
    "quote": "> quoted",
    "entity": "&amp; &lt;b&gt; &#65;",
    "task": "[ ] not a task",
    "rule": "***",
    "autolink": "<http://e.com>",
    "image": "![alt](http://e.com/x.png)",
    "html comment": "<!-- hidden -->",
    "tilde": "~~strike~~",
}


def _set_field(field: str, value: str, calm_label: str) -> dict:
    doc: dict = {"visit": {"date": "2026-12-03", "with": "Dr. Base"}}
    if field in ("clinician", "place", "companion"):
        doc["visit"][{"clinician": "with"}.get(field, field)] = value
    elif field == "treatment other":
        doc["treatments"] = [{"other": value}]
    elif field == "bad_effects":
        doc["treatments"] = [{"drug": "bortezomib", "bad_effects": [value]}]
    elif field == "symptom note":
        doc["symptoms"] = [{"name": calm_label, "severity": "mild", "note": value}]
    elif field == "symptom name":
        doc["symptoms"] = [{"name": value, "severity": "mild"}]
    elif field == "health problem":
        doc["health_problems"] = [value]
    elif field == "medicine":
        doc["medicines"] = [value]
    elif field == "goal":
        doc["goals"] = [value]
    elif field == "my_question":
        doc["my_questions"] = [value]
    elif field in ("notes", "private_notes", "daily_life"):
        doc[field] = value
    elif field == "reason":
        doc["visit"]["reason"] = value
    else:  # pragma: no cover
        raise AssertionError(field)
    return doc


HOSTILE_FIELDS = [
    "clinician",
    "place",
    "companion",
    "reason",
    "treatment other",
    "bad_effects",
    "symptom name",
    "symptom note",
    "daily_life",
    "health problem",
    "medicine",
    "goal",
    "my_question",
    "notes",
    "private_notes",
]
BASELINE = "plain words"


def _summary_for(run, tmp_path, field, value, content) -> str:
    folder = tmp_path / f"run-{len(list(tmp_path.glob('run-*')))}"
    folder.mkdir()
    path = write(folder, "answers.yaml", yaml_doc(_set_field(field, value, calm_symptom(content).label)))
    result = run("new-visit", "--answers", path, env={"RRMM_PREP_HOME": str(folder / "home")})
    assert result.exit_code == 0, result
    return only_summary(folder / "home")


@pytest.mark.parametrize("field", HOSTILE_FIELDS)
def test_hostile_text_comes_out_literally(run, tmp_path, content, field):
    base = _summary_for(run, tmp_path, field, BASELINE, content)
    assert BASELINE in md_text(base)
    base_headings = [(lv, t.replace(BASELINE, "<V>")) for lv, t in headings(base)]
    failures = []
    for name, value in HOSTILE.items():
        text = _summary_for(run, tmp_path, field, value, content)
        rendered = md_html(text)
        shown = html_text(rendered)
        if value not in shown:
            failures.append(f"{name}: not shown literally")
        if "<script" in rendered.lower() or "<!--" in rendered or "<img" in rendered.lower():
            failures.append(f"{name}: raw HTML survived")
        if re.search(r"<a\s", rendered):
            failures.append(f"{name}: a link was made")
        if block_shape(text) != block_shape(base):
            failures.append(f"{name}: the structure changed")
        if [(lv, t.replace(value, "<V>")) for lv, t in headings(text)] != base_headings:
            failures.append(f"{name}: the headings changed")
        if len(task_items(text)) != len(task_items(base)):
            failures.append(f"{name}: the task items changed")
    assert failures == []


@pytest.mark.parametrize(
    "field", ["clinician", "notes", "medicine", "my_question", "symptom note", "treatment other"]
)
@pytest.mark.parametrize("value", ["[bold]x[/]", "[/]", "[red]alarm[/red]"])
def test_visits_show_on_a_terminal_shows_rich_markup_literally(
    run, tmp_path, monkeypatch, content, field, value
):
    from helpers import strip_ansi
    from rrmm_prep import ui

    path = write(tmp_path, "answers.yaml", yaml_doc(_set_field(field, value, calm_symptom(content).label)))
    assert run("new-visit", "--answers", path).exit_code == 0
    monkeypatch.setattr(ui, "is_terminal", lambda stream=None: True)
    result = run("visits", "show", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result
    assert value in strip_ansi(result.stdout)


CR_FIELDS = [
    "clinician",
    "place",
    "companion",
    "reason",
    "treatment other",
    "symptom note",
    "daily_life",
    "notes",
]


@pytest.mark.parametrize("field", CR_FIELDS)
def test_a_carriage_return_from_an_answers_file_cannot_add_structure(run, tmp_path, content, field):
    """A quoted YAML value can hold "\\r\\n"; Markdown ends a line at "\\r" too, so it must not start a
    block: a CRLF value gives the same summary as the same value with a plain LF."""
    base = _summary_for(run, tmp_path, field, "line one\n# line two", content)
    text = _summary_for(run, tmp_path, field, "line one\r\n# line two", content)
    assert block_shape(text) == block_shape(base)
    assert md_text(text).replace("\r", "") == md_text(base)
