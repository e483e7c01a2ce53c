"""After the visit and sharing (issue 4): `after-visit`, `visits`, `visits show` and `export`.

Prompts go through ``ui.ScriptedPrompter`` (the one prompt seam). Golden files in tests/golden are
regenerated with ``UPDATE_GOLDEN=1`` (then review the diff).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from test_new_visit import (
    EXAMPLE_ANSWERS,
    FIXED_DAY,
    MarkingPrompter,
    check_golden,
    heading_texts,
    md_text,
    task_items,
    visit_files,
    write,
)

# The hand-written after-visit file from issue 4, verbatim.
AFTER_EXAMPLE = """\
answers:
  1: The doctor suggested a combination with carfilzomib; we will decide next week.
decisions: Start KRd if the scans are clear.
next_steps: [PET/CT scan on December 10, blood tests every two weeks]
next_visit: 2027-01-07
contact:
  name: Jordan Lee, nurse navigator
  phone: 555-0142
for_family: Treatment will probably change next month; rides on Tuesdays would help.
"""
EXAMPLE_ID = "2026-12-03-dr-rivera"
FIRST_ANSWER = "The doctor suggested a combination with carfilzomib; we will decide next week."
FAMILY_KEEPS = [
    "Start KRd if the scans are clear.",
    "PET/CT scan on December 10",
    "blood tests every two weeks",
    "Thursday 7 January 2027",
    "Jordan Lee, nurse navigator",
    "555-0142",
    "Treatment will probably change next month; rides on Tuesdays would help.",
]
PRIVATE = "I am scared of the needles and have not told my daughter."


@pytest.fixture
def prompter():
    from rrmm_prep import ui

    saved = ui._prompter

    def _set(answers, marking: bool = False):
        p = MarkingPrompter(answers) if marking else ui.ScriptedPrompter(answers)
        ui.set_prompter(p)
        return p

    yield _set
    ui.set_prompter(saved)


def new_visit(run, tmp_path: Path, text: str = EXAMPLE_ANSWERS, name: str = "answers.yaml") -> str:
    """Save a visit from an answers file; returns its id."""
    path = write(tmp_path, name, text)
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 0, result
    saved = result.stdout.split("Saved your visit summary: ")[1].split("\n")[0].strip()
    return Path(saved).stem


def record(home: Path, visit_id: str) -> dict:
    return json.loads((home / "visits" / f"{visit_id}.json").read_text(encoding="utf-8"))


def summary_of(home: Path, visit_id: str) -> str:
    return (home / "visits" / f"{visit_id}.md").read_text(encoding="utf-8")


def snapshot(home: Path) -> dict[str, bytes]:
    """Every visit file (hidden temp and backup files aside), by name."""
    folder = home / "visits"
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
    }


def numbered(home: Path, visit_id: str):
    from rrmm_prep.visit import Visit

    return Visit.from_dict(record(home, visit_id)).numbered()


@pytest.fixture
def example_visit(run, home, tmp_path) -> str:
    return new_visit(run, tmp_path)


@pytest.fixture
def answered_visit(run, home, tmp_path, example_visit) -> str:
    path = write(tmp_path, "after.yaml", AFTER_EXAMPLE)
    result = run("after-visit", "--answers", path)
    assert result.exit_code == 0, result
    return example_visit


# ------------------------------------------------------------------------------------------------ after-visit


def test_after_walk_through_the_prompt_seam(prompter, shipped, tmp_path):
    from rrmm_prep import interview, summary
    from rrmm_prep.answers import new_visit as read_answers

    path = write(tmp_path, "a.yaml", EXAMPLE_ANSWERS)
    visit = read_answers(path, shipped, interview.start(shipped, FIXED_DAY), FIXED_DAY)
    order = visit.numbered()
    answers = {1: "Yes, at the Eastside clinic.", 3: "Three options: KRd, a trial, or CAR-T."}
    script = [(f"{n}. {q.text}", answers.get(n, "")) for n, q in order]
    script += [
        ("decided", "Start KRd if the scans are clear."),
        ("next step", "PET/CT scan on December 10"),
        ("next step", "blood tests every two weeks"),
        ("next step", ""),
        ("next appointment", "someday"),  # not a date: asked again
        ("next appointment", "jan 7"),
        ("person to call", "Jordan Lee, nurse navigator"),
        ("phone", "555-0142"),
        ("family", "Rides on Tuesdays would help."),
    ]
    p = prompter(script)
    walk = interview.AfterWalk(visit, today=FIXED_DAY)
    walk.run()
    assert p.answers == []
    got = {n: q.answer for n, q in visit.numbered()}
    assert got == {n: answers.get(n, "") for n, _ in order}
    a = visit.after
    assert a.decisions == "Start KRd if the scans are clear."
    assert a.next_steps == ["PET/CT scan on December 10", "blood tests every two weeks"]
    assert a.next_visit == "2027-01-07"
    assert (a.contact_name, a.contact_phone) == ("Jordan Lee, nurse navigator", "555-0142")
    assert a.for_family == "Rides on Tuesdays would help."
    assert a.recorded
    text = summary.markdown(shipped, visit)
    items = task_items(text)
    assert items[0].startswith("[x] 1.") and "Yes, at the Eastside clinic." in md_text(text)
    assert items[1].startswith("[ ] 2.")
    assert "Thursday 7 January 2027" in md_text(text)


def test_after_visit_cli_through_the_prompt_seam(run, home, prompter, example_visit):
    before = record(home, example_visit)
    order = numbered(home, example_visit)
    script = [(f"{n}. ", "Asked and answered." if n == 2 else "") for n, _ in order]
    script += [
        ("decided", "Wait for the scans."),
        ("next step", ""),
        ("next appointment", "2027-01-07"),
        ("person to call", ""),
        ("phone", ""),
        ("family", ""),
    ]
    p = prompter(script)
    result = run("after-visit")
    assert result.exit_code == 0, result
    assert p.answers == []
    assert "Saved" in result.stdout
    after = record(home, example_visit)
    assert after["created"] == before["created"] and after["id"] == before["id"]
    answered = [q for q in after["questions"] if q["answer"]]
    assert [q["text"] for q in answered] == [order[1][1].text]
    text = summary_of(home, example_visit)
    shown = md_text(text)
    assert "Wait for the scans." in shown and "Thursday 7 January 2027" in shown
    assert "After the visit" in heading_texts(text, 2)
    assert list(home.glob("drafts/after-visit-*")) == []


def test_enter_through_after_visit_records_nothing_new(run, home, prompter, example_visit):
    order = numbered(home, example_visit)
    p = prompter([""] * (len(order) + 6))
    result = run("after-visit")
    assert result.exit_code == 0, result
    assert p.answers == []
    after = record(home, example_visit)
    assert all(q["answer"] == "" for q in after["questions"])
    shown = md_text(summary_of(home, example_visit))
    assert "none recorded" in shown and "not set" in shown and "not recorded" in shown


def test_second_after_visit_keeps_what_was_recorded(run, home, prompter, answered_visit):
    order = numbered(home, answered_visit)
    assert order[0][1].answer == FIRST_ANSWER
    p = prompter([""] * (len(order) + 5) + ["", ""])
    result = run("after-visit")
    assert result.exit_code == 0, result
    after = record(home, answered_visit)
    assert after["after"]["decisions"] == "Start KRd if the scans are clear."
    assert after["after"]["next_visit"] == "2027-01-07"
    assert [q["answer"] for q in after["questions"] if q["answer"]] == [FIRST_ANSWER]
    assert "to remove" in "\n".join(p.asked)  # next steps from before are offered to keep or remove


def test_example_after_visit_file(run, home, answered_visit, shipped):
    data = record(home, answered_visit)
    firsts = [data["questions"][i] for i in data["ask_first"]]
    assert firsts[0]["answer"] == FIRST_ANSWER
    a = data["after"]
    assert a["decisions"] == "Start KRd if the scans are clear."
    assert a["next_steps"] == ["PET/CT scan on December 10", "blood tests every two weeks"]
    assert a["next_visit"] == "2027-01-07"
    assert (a["contact_name"], a["contact_phone"]) == ("Jordan Lee, nurse navigator", "555-0142")
    assert a["for_family"] == "Treatment will probably change next month; rides on Tuesdays would help."
    text = summary_of(home, answered_visit)
    items = task_items(text)
    assert items[0].startswith("[x] 1.") and firsts[0]["text"] in items[0]
    # The answer sits under its question.
    assert f"Answer: {FIRST_ANSWER}" in md_text(text).split(firsts[1]["text"])[0]
    shown = md_text(text)
    for words in FAMILY_KEEPS:
        assert words in shown, words
    assert "Who to call: Jordan Lee, nurse navigator, 555-0142" in shown
    assert "Next appointment: Thursday 7 January 2027" in shown
    h2 = heading_texts(text, 2)
    assert "After the visit" in h2
    assert {"Next steps and tests", "A note for family"} <= set(heading_texts(text, 3))
    check_golden("after_example.md", text)


def test_after_visit_by_id_and_by_date(run, home, tmp_path, example_visit):
    other = new_visit(run, tmp_path, EXAMPLE_ANSWERS.replace("2026-12-03", "2027-02-01"), "b.yaml")
    path = write(tmp_path, "after.yaml", "decisions: By id.\n")
    assert run("after-visit", example_visit, "--answers", path).exit_code == 0
    assert record(home, example_visit)["after"]["decisions"] == "By id."
    assert record(home, other).get("after") is None
    path = write(tmp_path, "after2.yaml", "decisions: By date.\n")
    assert run("after-visit", "2027-02-01", "--answers", path).exit_code == 0
    assert record(home, other)["after"]["decisions"] == "By date."
    result = run("after-visit", "2030-01-01", "--answers", path)
    assert result.exit_code != 0 and "No visit '2030-01-01'" in result.stderr


def test_after_visit_template_is_accepted(run, home, tmp_path, example_visit):
    result = run("after-visit", "--answers-template")
    assert result.exit_code == 0, result
    template = result.stdout
    for n, q in numbered(home, example_visit):
        assert f"# {n}: {q.text}" in template
    before = record(home, example_visit)
    path = write(tmp_path, "template.yaml", template)
    result = run("after-visit", "--answers", path)
    assert result.exit_code == 0, result
    after = record(home, example_visit)
    assert after["questions"] == before["questions"]
    assert after["after"]["decisions"] == "" and after["after"]["next_steps"] == []


def test_after_visit_template_filled_in(run, home, tmp_path, example_visit):
    template = run("after-visit", "--answers-template").stdout
    filled = template.replace("  # 2:", "  2: We talked about it.\n  # 2:").replace(
        "decisions:           # what was decided", "decisions: Wait.  # what was decided"
    )
    path = write(tmp_path, "filled.yaml", filled)
    result = run("after-visit", "--answers", path)
    assert result.exit_code == 0, result
    after = record(home, example_visit)
    assert after["after"]["decisions"] == "Wait."
    assert numbered(home, example_visit)[1][1].answer == "We talked about it."


BAD_AFTER = [
    ("question 99", "answers:\n  99: Nothing.\n", 2, "'99'", "no question 99"),
    ("question 0", "answers:\n  0: Nothing.\n", 2, "'0'", "no question 0"),
    ("question word", "answers:\n  first: Nothing.\n", 2, "'first'", "no question"),
    ("bad next_visit", "decisions: x\nnext_visit: someday\n", 2, "'next_visit'", "not a date"),
    ("impossible next_visit", "next_visit: 2027-02-30\n", 1, "'next_visit'", "not a date"),
    ("unknown field", "decisions: x\nmood: fine\n", 2, "'mood'", "unknown field"),
    ("answers as a list", "answers: [a, b]\n", 1, "'answers'", "question numbers"),
    ("contact as a list", "contact: [Jordan]\n", 1, "'contact'", "mapping"),
    ("contact unknown field", "contact:\n  email: j@e.com\n", 2, "'email'", "unknown field"),
    ("next_steps as a mapping", "next_steps:\n  a: b\n", 1, "'next_steps'", "list"),
    ("decisions as a list", "decisions: [a, b]\n", 1, "'decisions'", "should be text"),
]


@pytest.mark.parametrize(
    ("text", "line", "field", "words"), [r[1:] for r in BAD_AFTER], ids=[r[0] for r in BAD_AFTER]
)
def test_bad_after_visit_file_changes_nothing(run, home, tmp_path, example_visit, text, line, field, words):
    before = snapshot(home)
    path = write(tmp_path, "after.yaml", text)
    result = run("after-visit", "--answers", path)
    assert result.exit_code == 2, result
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 1, result.stderr
    assert f"{path}:{line}:" in problems[0] and field in problems[0] and words in problems[0]
    assert "Traceback" not in result.output
    assert snapshot(home) == before


def test_every_after_visit_problem_is_reported(run, home, tmp_path, example_visit):
    before = snapshot(home)
    text = "answers:\n  1: Fine.\n  99: Nothing.\nnext_visit: someday\nmood: fine\n"
    path = write(tmp_path, "after.yaml", text)
    result = run("after-visit", "--answers", path)
    assert result.exit_code == 2
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith("  - ")]
    assert len(problems) == 3, result.stderr
    for line in (3, 4, 5):
        assert any(f"{path}:{line}:" in p for p in problems)
    assert snapshot(home) == before


def test_after_visit_without_a_terminal_names_the_flags(script, run, home, tmp_path, example_visit):
    before = snapshot(home)
    result = script("after-visit")
    assert result.exit_code != 0
    assert "--answers" in result.stderr and "--no-input" in result.stderr
    assert snapshot(home) == before


def test_after_visit_without_visits(run, home, tmp_path):
    path = write(tmp_path, "after.yaml", AFTER_EXAMPLE)
    result = run("after-visit", "--answers", path)
    assert result.exit_code != 0
    assert "No visits saved yet" in result.stderr


def test_ctrl_c_in_after_visit_keeps_a_draft_and_the_record(run, home, prompter, example_visit):
    before = snapshot(home)
    order = numbered(home, example_visit)
    prompter([("1. ", "Yes, closer to home."), ("2. ", "^C")])
    result = run("after-visit")
    assert result.exit_code == 130, result
    draft = home / "drafts" / f"after-visit-{example_visit}.json"
    assert draft.exists()
    assert "draft" in result.stderr and str(draft) in result.stderr
    assert snapshot(home) == before  # the record is not touched until the walk is done
    # The next run offers the draft and picks up with what was typed.
    rest = [(f"{n}. ", "") for n, _ in order] + [("", "")] * 6
    p = prompter([("pick up where you left off", "y"), *rest])
    result = run("after-visit")
    assert result.exit_code == 0, result
    assert p.answers == []
    assert numbered(home, example_visit)[0][1].answer == "Yes, closer to home."
    assert not draft.exists()


def test_end_of_input_in_after_visit_keeps_a_draft(run, home, prompter, example_visit):
    order = numbered(home, example_visit)
    prompter([*[(f"{n}. ", "") for n, _ in order], ("decided", "Start KRd."), ("next step", "^D")])
    result = run("after-visit")
    assert result.exit_code == 130, result
    draft = json.loads((home / "drafts" / f"after-visit-{example_visit}.json").read_text(encoding="utf-8"))
    assert draft["step"] == 1
    assert draft["visit"]["after"]["decisions"] == "Start KRd."
    assert record(home, example_visit).get("after") is None


@pytest.mark.parametrize("fault", ["summary rename", "disk full"])
def test_failed_update_keeps_the_earlier_record(run, home, tmp_path, example_visit, monkeypatch, fault):
    """A write that fails half way (the disk fills up, the summary cannot be put in place) leaves the earlier
    record and summary as they were, says so, and leaves no temp file behind."""
    import errno

    before = snapshot(home)
    real_replace, real_fsync = os.replace, os.fsync

    def replace(src, dst, *args, **kwargs):
        if fault == "summary rename" and str(dst).endswith(".md"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    def fsync(fd):
        if fault == "disk full":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    path = write(tmp_path, "after.yaml", AFTER_EXAMPLE)
    with monkeypatch.context() as m:
        m.setattr(os, "replace", replace)
        m.setattr(os, "fsync", fsync)
        result = run("after-visit", "--answers", path)
    assert result.exit_code != 0
    assert "disk is full" in result.stderr and "Traceback" not in result.output
    assert snapshot(home) == before
    assert [p.name for p in (home / "visits").iterdir() if p.name.startswith(".tmp-")] == []


# ------------------------------------------------------------------------------------------------ carry forward


def test_unanswered_own_questions_come_back_after_after_visit(run, home, tmp_path, answered_visit):
    result = run("new-visit", "--no-input")
    assert result.exit_code == 0, result
    newest = [f for f in visit_files(home) if f.stem != answered_visit]
    [text] = [f.read_text(encoding="utf-8") for f in newest]
    items = task_items(text)
    carried = [i for i in items if "Not answered last time" in i]
    assert len(carried) == 1 and "Is it safe to travel by plane in June?" in carried[0]
    assert "Can I get the infusions closer to home?" not in text  # it was answered


def test_answered_content_questions_are_not_carried(run, home, tmp_path, example_visit):
    """Only the person's own questions are carried forward, never the content questions."""
    order = numbered(home, example_visit)
    content_q = next((n, q) for n, q in order if q.id)
    path = write(tmp_path, "after.yaml", "decisions: none\n")
    assert run("after-visit", "--answers", path).exit_code == 0
    assert run("new-visit", "--no-input").exit_code == 0
    [text] = [f.read_text(encoding="utf-8") for f in visit_files(home) if f.stem != example_visit]
    assert text.count(content_q[1].text) <= 1
    assert sum("Not answered last time" in i for i in task_items(text)) == 2


# ------------------------------------------------------------------------------------------------ visits


def _make_three(run, tmp_path) -> list[str]:
    """Three visits, made out of date order; returns ids newest first."""
    ids = {}
    for date in ("2026-12-03", "2027-01-07", "2026-10-01"):
        text = EXAMPLE_ANSWERS.replace("2026-12-03", date)
        ids[date] = new_visit(run, tmp_path, text, f"{date}.yaml")
    return [ids[d] for d in sorted(ids, reverse=True)]


def test_visits_lists_newest_first_with_counts(run, home, tmp_path):
    ids = _make_three(run, tmp_path)
    path = write(tmp_path, "after.yaml", AFTER_EXAMPLE)
    assert run("after-visit", ids[1], "--answers", path).exit_code == 0
    result = run("visits", "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert [v["id"] for v in data["visits"]] == ids
    counts = {v["id"]: (v["asked"], v["answered"]) for v in data["visits"]}
    asked = len(record(home, ids[1])["questions"])
    assert counts[ids[1]] == (asked, 1)
    assert counts[ids[0]][1] == 0
    assert data["drafts"] == []
    text = run("visits", "--format", "text", env={"COLUMNS": "100"}).stdout
    flat = " ".join(text.split())
    positions = [flat.index(i) for i in ids]
    assert positions == sorted(positions)
    assert f"1 of {asked}" in flat
    for words in ("Dr. Rivera, hematology", "choosing a new treatment", "2027-01-07 10:30"):
        assert words in flat
    assert "draft" not in flat.lower()


def test_visits_says_a_draft_is_waiting(run, home, tmp_path, prompter):
    new_visit(run, tmp_path)
    prompter([("date", ""), ("time", "^C")])
    assert run("new-visit").exit_code == 130
    result = run("visits")
    assert result.exit_code == 0
    assert "draft is waiting" in result.stdout
    assert json.loads(run("visits", "--format", "json").stdout)["drafts"] == ["new-visit"]


def test_visits_says_an_after_visit_draft_is_waiting(run, home, tmp_path, prompter, example_visit):
    prompter([("1. ", "^C")])
    assert run("after-visit").exit_code == 130
    result = run("visits", "--format", "text")
    assert "draft" in result.stdout.lower(), result


def test_visits_with_none_saved(run, home):
    result = run("visits")
    assert result.exit_code == 0
    assert "No visits saved yet" in result.stdout


DAMAGE = {
    "garbage": b"this is not json {",
    "binary": b"\xff\xfe\x00garbage",
    "a list": b"[1, 2, 3]",
    "wrong types": json.dumps({"info": 5, "questions": "x"}).encode(),
    "newer schema": json.dumps({"schema": 99, "info": {"date": "2027-05-05"}}).encode(),
    "empty": b"",
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_record_never_hides_the_others(run, home, tmp_path, damage):
    ids = _make_three(run, tmp_path)
    broken = home / "visits" / f"{ids[1]}.json"
    broken.write_bytes(DAMAGE[damage])
    result = run("visits")
    assert result.exit_code == 0, result
    flat = result.stdout.replace("\n", "")
    assert "Damaged" in result.stdout and str(broken) in flat
    for good in (ids[0], ids[2]):
        assert good in result.stdout
    data = json.loads(run("visits", "--format", "json").stdout)
    damaged = [v for v in data["visits"] if v["damaged"]]
    assert [v["path"] for v in damaged] == [str(broken)]
    # The others still show and export; the latest readable one is the default.
    for good in (ids[0], ids[2]):
        shown = run("visits", "show", good)
        assert shown.exit_code == 0, shown
    latest = run("visits", "show")
    assert latest.exit_code == 0 and "Thursday 7 January 2027" in latest.stdout
    assert run("export", "--all").exit_code == 0


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_showing_a_damaged_record_says_it_is_damaged(run, home, tmp_path, damage):
    ids = _make_three(run, tmp_path)
    (home / "visits" / f"{ids[1]}.json").write_bytes(DAMAGE[damage])
    result = run("visits", "show", ids[1], env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code != 0
    assert "damaged" in result.stderr.lower() and "Traceback" not in result.output


def test_visits_show_by_id_date_and_latest(run, home, tmp_path):
    ids = _make_three(run, tmp_path)
    by_id = run("visits", "show", ids[2])
    assert by_id.exit_code == 0 and "Thursday 1 October 2026" in by_id.stdout
    by_date = run("visits", "show", "2026-12-03")
    assert by_date.exit_code == 0 and "Thursday 3 December 2026" in by_date.stdout
    latest = run("visits", "show")
    assert latest.exit_code == 0 and "Thursday 7 January 2027" in latest.stdout
    as_md = run("visits", "show", ids[0], "--format", "markdown")
    assert as_md.stdout == summary_of(home, ids[0])


@pytest.mark.parametrize("query", ["2030-01-01", "no-such-visit", "2026-12-3"])
def test_visits_show_unknown(run, home, tmp_path, query):
    _make_three(run, tmp_path)
    result = run("visits", "show", query)
    assert result.exit_code != 0
    assert f"No visit '{query}'" in result.stderr
    assert "rrmm-prep visits" in result.stderr


def test_visits_show_an_ambiguous_date(run, home, tmp_path):
    new_visit(run, tmp_path)
    new_visit(run, tmp_path, EXAMPLE_ANSWERS.replace("Dr. Rivera", "Dr. Chen"), "b.yaml")
    result = run("visits", "show", "2026-12-03")
    assert result.exit_code != 0
    assert "More than one visit on 2026-12-03" in result.stderr
    assert "2026-12-03-dr-rivera" in result.stderr and "2026-12-03-dr-chen" in result.stderr


def test_visits_show_with_no_visits(run, home):
    result = run("visits", "show")
    assert result.exit_code != 0 and "No visits saved yet" in result.stderr


def test_visits_show_on_a_terminal_puts_each_heading_on_its_own_line(run, home, answered_visit, monkeypatch):
    from helpers import strip_ansi
    from rrmm_prep import ui

    monkeypatch.setattr(ui, "is_terminal", lambda stream=None: True)
    result = run("visits", "show", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = {ln.strip() for ln in strip_ansi(result.stdout).splitlines()}
    missing = [h for h in heading_texts(summary_of(home, answered_visit), 2) if h not in lines]
    assert missing == []


# ------------------------------------------------------------------------------------------------ export


def export_path(result) -> Path:
    assert result.exit_code == 0, result
    return Path(result.stdout.split("Exported: ")[1].strip())


def test_export_md_is_the_summary_with_the_after_visit_record(run, home, answered_visit):
    path = export_path(run("export"))
    assert path.parent == home / "exports" and path.name == f"{answered_visit}.md"
    text = path.read_text(encoding="utf-8")
    assert text == summary_of(home, answered_visit)
    check_golden("export_md_example.md", text)


def test_export_txt_golden(run, home, answered_visit):
    path = export_path(run("export", "--format", "txt"))
    text = path.read_text(encoding="utf-8")
    check_golden("export_txt_example.txt", text)
    _check_plain(text)


def test_export_txt_for_family_golden(run, home, answered_visit):
    path = export_path(run("export", "--format", "txt", "--for-family"))
    assert path.name == f"{answered_visit}-family.txt"
    text = path.read_text(encoding="utf-8")
    check_golden("export_txt_family.txt", text)
    _check_plain(text)
    flat = " ".join(text.split())
    for words in FAMILY_KEEPS:
        assert " ".join(words.split()) in flat, words
    for note in ("worse in the evening", "38.4 C last night"):
        assert note not in flat


def test_export_md_for_family_golden(run, home, answered_visit):
    text = export_path(run("export", "--for-family")).read_text(encoding="utf-8")
    check_golden("export_md_family.md", text)


def _check_plain(text: str) -> None:
    """No Markdown syntax, lines wrapped."""
    for line in text.splitlines():
        assert len(line) <= 72, line
        assert not line.startswith(("#", "> ", "|", "**")), line
        assert "**" not in line and "\\" not in line and "&lt;" not in line, line


@pytest.fixture
def private_visit(run, home, tmp_path) -> str:
    text = EXAMPLE_ANSWERS + f"private_notes: {PRIVATE}\n"
    visit_id = new_visit(run, tmp_path, text)
    path = write(tmp_path, "after.yaml", AFTER_EXAMPLE)
    assert run("after-visit", "--answers", path).exit_code == 0
    return visit_id


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_for_family_leaves_out_private_things(run, home, private_visit, fmt):
    if fmt == "html":
        pytest.importorskip("rrmm_prep.export")
    full = export_path(run("export", "--format", fmt)).read_text(encoding="utf-8")
    family = export_path(run("export", "--format", fmt, "--for-family")).read_text(encoding="utf-8")
    flat_full, flat_family = " ".join(full.split()), " ".join(family.split())
    assert PRIVATE[:30] in flat_full
    assert PRIVATE[:30] not in flat_family and "Private notes" not in family
    for note in ("worse in the evening", "38.4 C last night"):
        assert note in flat_full and note not in flat_family
    for words in FAMILY_KEEPS:
        assert " ".join(words.split()) in flat_family.replace("&#x27;", "'"), words


def test_export_html_runs(run, home, answered_visit):
    pytest.importorskip("rrmm_prep.export")
    path = export_path(run("export", "--format", "html"))
    text = path.read_text(encoding="utf-8")
    assert path.suffix == ".html" and "<script" not in text.lower()
    assert "Jordan Lee, nurse navigator" in text


def test_exports_in_the_data_folder_are_private(run, home, answered_visit):
    old = os.umask(0)
    try:
        paths = [export_path(run("export", "--format", f)) for f in ("md", "txt")]
        paths.append(export_path(run("export", "--all")))
        paths.append(export_path(run("export", "--for-family")))
    finally:
        os.umask(old)
    assert stat.S_IMODE((home / "exports").stat().st_mode) == 0o700
    for p in paths:
        assert p.parent == home / "exports"
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p


def test_export_output_goes_where_asked(run, home, tmp_path, answered_visit):
    out = tmp_path / "share" / "for-maria.txt"
    out.parent.mkdir()
    result = run("export", "--format", "txt", "--for-family", "--output", out)
    assert export_path(result) == out
    assert "Start KRd if the scans are clear." in out.read_text(encoding="utf-8")
    assert not (home / "exports").exists() or not list((home / "exports").iterdir())


def test_export_all_is_a_journal_newest_first(run, home, tmp_path):
    ids = _make_three(run, tmp_path)
    path = export_path(run("export", "--all"))
    assert path.name == "journal.md"
    text = path.read_text(encoding="utf-8")
    assert heading_texts(text, 1) == ["Treatment journal"]
    titles = [h for h in heading_texts(text, 2) if h.startswith("Visit on")]
    assert titles == [
        "Visit on Thursday 7 January 2027 with Dr. Rivera, hematology",
        "Visit on Thursday 3 December 2026 with Dr. Rivera, hematology",
        "Visit on Thursday 1 October 2026 with Dr. Rivera, hematology",
    ]
    # Each visit's sections sit under its title (one level down).
    assert heading_texts(text, 3).count("The visit") == len(ids)
    txt = export_path(run("export", "--all", "--format", "txt")).read_text(encoding="utf-8")
    flat = " ".join(txt.split())
    assert flat.index("7 January 2027") < flat.index("3 December 2026") < flat.index("1 October 2026")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("export", "2030-01-01"), "No visit '2030-01-01'"),
        (("export", "2026-12-03", "--all"), "not both"),
        (("export", "--format", "pdf"), "pdf"),
    ],
)
def test_export_errors(run, home, example_visit, args, words):
    result = run(*args)
    assert result.exit_code != 0
    assert words in result.output


def test_export_without_visits(run, home):
    for args in (("export",), ("export", "--all")):
        result = run(*args)
        assert result.exit_code != 0 and "No visits saved yet" in result.stderr


def test_recorded_after_visit_date_is_today(run, home, answered_visit):
    recorded = record(home, answered_visit)["after"]["recorded"]
    assert dt.datetime.fromisoformat(recorded).date() in (
        dt.date.today(),
        dt.date.today() - dt.timedelta(days=1),
    )
