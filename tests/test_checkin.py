"""The weekly check-in (issue 19): the walk, answers files, the call-now box, storage, forget and the chart."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from helpers import check_golden


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _records(home: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((home / "check-ins").glob("*.json"))]


WEEKS = [  # six weeks of a persona: tiredness rising, a fall, one fever
    ("2026-10-12", "tiredness: a little\npain: a little, lower back\n"),
    ("2026-10-19", "tiredness: a little\n"),
    ("2026-10-26", "tiredness: some\nfalls: tripped on the kerb\n"),
    ("2026-11-02", "tiredness: some\ntemperature: 38.3\n"),
    ("2026-11-09", "tiredness: quite a bit\n"),
    ("2026-11-16", "tiredness: very much\nsleep-mood: 2, waking at night\n"),
]


def _six_weeks(run, tmp_path: Path) -> list:
    results = []
    for i, (day, body) in enumerate(WEEKS):
        results.append(run("check-in", "--answers", _file(tmp_path, f"w{i}.yaml", f"date: {day}\n{body}")))
    return results


def test_six_weeks_are_stored_one_owner_only_file_each(run, home, tmp_path, pinned_day):
    results = _six_weeks(run, tmp_path)
    assert [r.exit_code for r in results] == [0] * 6, [r.output for r in results]
    records = _records(home)
    assert [r["date"] for r in records] == [d for d, _ in WEEKS]
    for path in (home / "check-ins").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Enter (left out of the file) keeps last week's answer: the pain of week 1 is still there in week 2.
    assert records[1]["ratings"]["pain"] == 1 and records[1]["notes"]["pain"] == "lower back"
    assert records[2]["fall"] == "tripped on the kerb"
    # a fall and a temperature are that week's only
    assert records[3]["fall"] == "" and records[4]["temperature"] == ""


def test_fever_raises_call_now_with_the_same_box(run, tmp_path, home, pinned_day):
    results = _six_weeks(run, tmp_path)
    fever = results[3]
    assert "CALL YOUR CARE TEAM NOW" in fever.stdout
    assert "fever" in fever.stdout and "after-hours number" in fever.stdout
    assert [f["sign"] for f in _records(home)[3]["call_now"] if f["sign"] == "fever"] == ["fever"]
    assert "CALL YOUR CARE TEAM NOW" not in results[4].stdout


@pytest.mark.parametrize(
    ("before", "now", "named"),
    [
        ("a little", "quite a bit", "tiredness: a little -> quite a bit"),  # two steps
        ("quite a bit", "very much", "tiredness: quite a bit -> very much"),  # reaches the top
        ("a little", "some", None),  # one step: nothing named
        ("very much", "some", None),  # better: nothing named
    ],
)
def test_readback_names_a_jump_or_the_top_without_advice(run, tmp_path, pinned_day, before, now, named):
    run("check-in", "--answers", _file(tmp_path, "a.yaml", f"date: 2026-11-09\ntiredness: {before}\n"))
    result = run("check-in", "--answers", _file(tmp_path, "b.yaml", f"date: 2026-11-16\ntiredness: {now}\n"))
    assert result.exit_code == 0, result.output
    if named:
        assert f"Worth telling your care team: {named}." in result.stdout
    else:
        assert "Worth telling" not in result.stdout
    for advice in ("should", "take ", "rest more", "you need"):
        assert advice not in result.stdout.split("Worth telling")[-1].split("\n")[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("tiredness: loads\n", "Please type 0 to 4"),
        ("tiredness: 7\n", "Please type 0 to 4"),
        ("temperature: hot\n", "like 37.2"),
        ("temperature: 52\n", "not a body temperature"),
        ("tiredness: [1, 2]\n", "should be 0 to 4"),
        ("tirednes: 2\n", "tiredness"),
    ],
)
def test_bad_answers_say_why_and_save_nothing(run, tmp_path, home, pinned_day, body, message):
    result = run("check-in", "--answers", _file(tmp_path, "bad.yaml", body))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (home / "check-ins").exists() or not list((home / "check-ins").iterdir())


def test_a_repeat_check_in_by_enter_takes_twelve_prompts_or_fewer(run, tmp_path, home, prompter, pinned_day):
    run("check-in", "--answers", _file(tmp_path, "a.yaml", "date: 2026-11-09\ntiredness: some\n"))
    from rrmm_prep.app import checkin
    from rrmm_prep.content import load

    asked = prompter({})
    checkin.check_in(load.load(), checkin.CheckInOptions(today=dt.date(2026, 12, 2)))
    assert len(asked.asked) <= 12, asked.labels
    assert _records(home)[-1]["ratings"]["tiredness"] == 2  # Enter kept last week's answer


def test_ctrl_c_keeps_a_draft_that_the_next_check_in_picks_up(run, tmp_path, home, prompter, pinned_day):
    from rrmm_prep.app import checkin
    from rrmm_prep.content import load
    from rrmm_prep.errors import Stopped

    prompter({"tiredness": "quite a bit", "pain": "^C"})
    with pytest.raises(Stopped):
        checkin.check_in(load.load(), checkin.CheckInOptions())
    assert not (home / "check-ins").exists() or not list((home / "check-ins").iterdir())
    assert list((home / "drafts").glob("check-in-*.json"))
    prompter({})
    checkin.check_in(load.load(), checkin.CheckInOptions())
    assert _records(home)[-1]["ratings"]["tiredness"] == 3
    assert not list((home / "drafts").glob("check-in-*.json"))


def test_forget_everything_deletes_check_ins(run, tmp_path, home, pinned_day):
    _six_weeks(run, tmp_path)
    result = run("forget", "--everything", "--yes")
    assert result.exit_code == 0, result.output
    assert not (home / "check-ins").exists()
    assert run("check-in", "--list").stdout.count("No check-ins yet") == 1


def test_list_is_compact_and_newest_first(run, tmp_path, pinned_day):
    _six_weeks(run, tmp_path)
    out = run("check-in", "--list").stdout
    assert out.index("16 November 2026") < out.index("12 October 2026")
    assert "a fall (tripped on the kerb)" in out


def test_the_sample_chart_is_kept_in_step(run, tmp_path, pinned_day):
    _six_weeks(run, tmp_path)
    chart = run("check-in", "--show").stdout
    assert all(len(line) <= 80 for line in chart.splitlines())
    check_golden("checkin_chart.txt", chart)


def test_readme_shows_the_sample_chart_and_the_command(pinned_day):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start")[1].split("\n## ")[0]
    assert "rrmm-prep check-in" in quick
    assert (Path(__file__).parent / "golden" / "checkin_chart.txt").read_text(encoding="utf-8") in quick
    assert "| `rrmm-prep check-in` |" in readme


def test_the_next_visit_starts_from_the_check_ins(run, tmp_path, home, pinned_day):
    _six_weeks(run, tmp_path)
    result = run("new-visit", "--no-input")
    assert result.exit_code == 0, result.output
    record = json.loads(next((home / "visits").glob("*.json")).read_text())
    block = record["since_checkins"]
    assert 1 <= len(block) <= 6
    assert "tiredness got worse, a little -> very much" in block
    assert any(line.startswith("a fall on 26 October 2026") for line in block)
    assert "temperature 38.3 C on 2 November 2026" in block
    assert {"tiredness", "fever"} <= {s["id"] for s in record["symptoms"]}
    summary = next((home / "visits").glob("*.md")).read_text()
    assert "Since last visit: weekly check-ins" in summary and "a fall on 26 October 2026" in summary
    from rrmm_prep.content import load
    from rrmm_prep.model.visit import Visit
    from rrmm_prep.render import summary as summary_render
    from rrmm_prep.render.text import render_text

    sheet = render_text(summary_render.doctor_sheet(load.load(), Visit.from_dict(record)), 80)
    assert "Since last visit: weekly check-ins" in sheet and "tiredness got worse" in sheet


def test_the_walk_says_since_your_last_visit(run, tmp_path, prompter, pinned_day):
    _six_weeks(run, tmp_path)
    asked = prompter({})
    result = run("new-visit")
    assert (
        "Since your last visit (your check-ins): tiredness got worse, a little -> very much" in result.stdout
    )
    assert any(
        "symptom" in label.casefold() or "which have you had" in label.casefold() for label in asked.labels
    )


def test_family_notes_say_how_the_weeks_went_without_own_words(run, tmp_path, home, pinned_day):
    _six_weeks(run, tmp_path)
    assert run("new-visit", "--no-input").exit_code == 0
    out = " ".join(run("export", "--for-family", "--format", "txt", "--output", "-").stdout.split())
    assert "How the weeks went (weekly check-ins): tiredness got worse, a little -> very much" in out
    assert "a fall on 26 October 2026" in out
    assert "tripped on the kerb" not in out  # the person's own words stay out
