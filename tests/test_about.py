"""`rrmm-prep about` (issue 11): about me is asked once, carried forward, and can be shown and changed; the
doctor sheet and the call-now box use it."""

from __future__ import annotations

import json
import stat

import pytest

from helpers import only_record, write, yaml_doc


def saved(home) -> dict:
    return json.loads((home / "about.json").read_text(encoding="utf-8"))


def test_about_changes_what_is_typed_and_keeps_the_rest(run, home, prompter):
    prompter({"Your name": "Robert Lee", "Date of birth": "5/14/1955", "nights and weekends": "555-0100"})
    result = run("about")
    assert result.exit_code == 0, result
    assert saved(home) == {
        "name": "Robert Lee",
        "born": "1955-05-14",
        "myeloma_type": "",
        "diagnosed": "",
        "allergies": [],
        "after_hours": "555-0100",
    }
    assert stat.S_IMODE((home / "about.json").stat().st_mode) == 0o600
    assert "Read as: 14 May 1955" in result.stdout
    # Enter keeps each answer; "-" clears one.
    prompter({"Allergies": "penicillin", "nights and weekends": "-"})
    assert run("about").exit_code == 0
    assert saved(home)["name"] == "Robert Lee" and saved(home)["allergies"] == ["penicillin"]
    assert saved(home)["after_hours"] == ""


def test_about_show_asks_nothing(run, home, tmp_path):
    data = {"about_me": {"name": "Robert Lee", "myeloma_type": "light chain", "allergies": ["sulfa"]}}
    assert run("about", "--answers", write(tmp_path, "a.yaml", yaml_doc(data))).exit_code == 0
    result = run("about", "--show")
    assert result.exit_code == 0, result
    for words in ("Robert Lee", "light chain", "sulfa", "After-hours number: not given"):
        assert words in result.stdout


def test_about_without_a_terminal_shows_it(script, home):
    result = script("about")
    assert result.exit_code == 0, result
    assert "ABOUT YOU" in result.stdout.upper() and "Name: not given" in result.stdout


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"about_me": {"born": "someday"}}, "not a date"),
        ({"about_me": {"colour": "blue"}}, "unknown field"),
        ({"about_me": {"after_hours": "ask the desk"}}, "does not look like a phone number"),
        ({"about_me": "Robert"}, "should be a mapping"),
    ],
)
def test_a_bad_about_file_changes_nothing(run, home, tmp_path, data, words):
    result = run("about", "--answers", write(tmp_path, "a.yaml", yaml_doc(data)))
    assert result.exit_code == 2 and words in result.stderr, result
    assert not (home / "about.json").exists()


def test_about_me_goes_into_each_new_visit_and_stays_with_it(run, home, tmp_path, pinned_day):
    assert (
        run("about", "--answers", write(tmp_path, "a.yaml", "about_me:\n  name: Robert Lee\n")).exit_code == 0
    )
    assert run("new-visit", "--no-input").exit_code == 0
    assert only_record(home)["about"]["name"] == "Robert Lee"
    # Changing about me later does not rewrite the visits made before: they print as they were made.
    assert run("about", "--answers", write(tmp_path, "b.yaml", "about_me:\n  name: Bob Lee\n")).exit_code == 0
    assert only_record(home)["about"]["name"] == "Robert Lee"


def test_the_after_hours_number_from_about_me_is_in_the_call_now_box(run, home, tmp_path, pinned_day):
    assert (
        run("about", "--answers", write(tmp_path, "a.yaml", "about_me:\n  after_hours: 555-0100\n")).exit_code
        == 0
    )
    result = run("new-visit", "--answers", write(tmp_path, "v.yaml", "symptoms: [fever]\n"))
    assert result.exit_code == 0, result
    assert "Your care team's after-hours number: 555-0100" in result.stdout
    text = next((home / "visits").glob("*.md")).read_text()
    assert "after-hours number: 555-0100" in text


def test_about_me_is_still_asked_when_only_an_after_hours_number_is_known(
    run, home, prompter, tmp_path, pinned_day
):
    """after-visit keeps the after-hours number in about me; that alone does not count as about me answered."""
    assert run("new-visit", "--no-input").exit_code == 0
    after = write(tmp_path, "after.yaml", "after_hours: 555-0100\n")
    assert run("after-visit", "--answers", after).exit_code == 0
    assert saved(home)["after_hours"] == "555-0100" and not saved(home).get("name")
    p = prompter({"Your name": "Robert Lee", "Make a page to print": "n", "Quick": "full"})
    assert run("new-visit").exit_code == 0
    assert any("Your name" in label for label in p.labels)
    assert saved(home)["name"] == "Robert Lee" and saved(home)["after_hours"] == "555-0100"
