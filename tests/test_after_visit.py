"""After the visit and sharing: `after-visit` (the walk and answers files), what the next visit builds on, `visits`,
`visits show` and `export`.

The walk is driven by a DictPrompter (answers by what a prompt asks). Family exports are checked for what they
must say and leave out; the README's family sample is kept in step by test_docs.py.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from helpers import (
    EXAMPLE_ANSWERS,
    NO_DEBUG,
    comparable,
    heading_texts,
    md_text,
    visit_files,
    write,
    yaml_doc,
)
from rrmm_prep import ui

# The hand-written after-visit file from issue 4, with what issue 11 added.
AFTER_EXAMPLE = """\
answers:
  1: The doctor suggested a combination with carfilzomib; we will decide next week.
decisions: Start KRd if the scans are clear.
treatment_changes:
  stop: [Darzalex]
  start: [KRd]
next_steps: [PET/CT scan on December 10, blood tests every two weeks]
next_visit: 2027-01-07
contact:
  name: Jordan Lee, nurse navigator
  phone: 555-0142
after_hours: 555-0100
for_family: Treatment will probably change next month; rides on Tuesdays would help.
"""
EXAMPLE_ID = "2026-12-03-dr-rivera"
FIRST_ANSWER = "The doctor suggested a combination with carfilzomib; we will decide next week."
PRIVATE = "PRIVATE-NOTE-MARKER: I am scared of the needles and have not told my daughter."


def new_visit(run, tmp_path: Path, text: str = EXAMPLE_ANSWERS, name: str = "answers.yaml") -> str:
    """Save a visit from an answers file; returns its id."""
    result = run("new-visit", "--answers", write(tmp_path, name, text))
    assert result.exit_code == 0, result
    return Path(result.stdout.split("Saved your visit summary: ")[1].split("\n")[0].strip()).stem


def record(home: Path, visit_id: str) -> dict:
    return json.loads((home / "visits" / f"{visit_id}.json").read_text(encoding="utf-8"))


def summary_of(home: Path, visit_id: str) -> str:
    return (home / "visits" / f"{visit_id}.md").read_text(encoding="utf-8")


def snapshot(home: Path) -> dict[str, bytes]:
    folder = home / "visits"
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture
def example_visit(run, home, tmp_path, pinned_day) -> str:
    return new_visit(run, tmp_path, EXAMPLE_ANSWERS + f"private_notes: '{PRIVATE}'\n")


@pytest.fixture
def answered_visit(run, home, tmp_path, example_visit) -> str:
    result = run("after-visit", "--answers", write(tmp_path, "after.yaml", AFTER_EXAMPLE))
    assert result.exit_code == 0, result
    return example_visit


WALK = {
    "Which questions got an answer": "1 3",
    "What were you told": ["Yes, at the Eastside clinic.", "Blood tests and a scan."],
    "What was decided": "Stop Darzalex, start teclistamab.",
    "Did a treatment stop": "1",
    "Is a new treatment starting": "teclistamab",
    "Next steps": "PET/CT scan on December 10, blood tests every two weeks",
    "When is the next appointment": "jan 7 at 2pm",
    "Who should you call": "Kim Park, nurse navigator",
    "Their phone number": "555-0142",
    "The number to call at night": "555-0100",
    "A short note for family": "Rides on Tuesdays would help.",
}


# ------------------------------------------------------------------------------------------------ the walk


def test_after_visit_asks_only_the_questions_that_got_an_answer(run, home, prompter, example_visit):
    p = prompter(WALK)
    result = run("after-visit")
    assert result.exit_code == 0, result
    assert len([label for label in p.labels if "What were you told" in label]) == 2
    rec = record(home, example_visit)
    from rrmm_prep.model.visit import Visit

    numbered = dict(Visit.from_dict(rec).numbered())
    assert (
        numbered[1].answer == "Yes, at the Eastside clinic."
        and numbered[3].answer == "Blood tests and a scan."
    )
    assert [n for n, q in numbered.items() if q.answer] == [1, 3]
    a = rec["after"]
    assert a["decisions"] == "Stop Darzalex, start teclistamab."
    assert [c["name"] for c in a["stop"]] == ["Darzalex"] and [t["name"] for t in a["start"]] == ["teclistamab"]
    assert a["start"][0]["started"] == "2026-12-03"  # dated the visit's day
    assert a["next_visit"] == "2027-01-07" and a["next_visit_time"] == "14:00"
    assert (a["contact_name"], a["contact_phone"], a["after_hours"]) == (
        "Kim Park, nurse navigator",
        "555-0142",
        "555-0100",
    )
    assert json.loads((home / "about.json").read_text())["after_hours"] == "555-0100"
    assert "Read as: Thursday 7 January 2027 at 14:00" in result.stdout
    assert rec["revision"] == 2


def test_after_visit_names_the_visit_before_the_first_question(run, home, prompter, example_visit):
    prompter({})
    result = run("after-visit")
    assert result.exit_code == 0, result
    first = result.stderr.splitlines()[0]
    assert "Recording what was said at" in first and example_visit in first


def test_enter_through_after_visit_records_nothing_new(run, home, prompter, example_visit):
    before = record(home, example_visit)
    prompter({})
    assert run("after-visit").exit_code == 0
    after = record(home, example_visit)
    assert [q["answer"] for q in after["questions"]] == [q["answer"] for q in before["questions"]]
    assert after["after"]["decisions"] == "" and after["after"]["next_steps"] == []


def test_a_second_after_visit_keeps_what_was_recorded(run, home, prompter, answered_visit):
    before = record(home, answered_visit)
    prompter({})
    assert run("after-visit", answered_visit).exit_code == 0
    after = record(home, answered_visit)
    assert comparable(after)["after"] == comparable(before)["after"]
    assert [q["answer"] for q in after["questions"]] == [q["answer"] for q in before["questions"]]


def test_walk_and_answers_file_give_the_same_after_visit(run, home, prompter, tmp_path, pinned_day):
    homes = [tmp_path / "walk", tmp_path / "file"]
    for h in homes:
        result = run(
            "new-visit",
            "--answers",
            write(tmp_path, "a.yaml", EXAMPLE_ANSWERS),
            env={"RRMM_PREP_HOME": str(h)},
        )
        assert result.exit_code == 0
    prompter(WALK)
    assert run("after-visit", env={"RRMM_PREP_HOME": str(homes[0])}).exit_code == 0
    data = {
        "answers": {"1": WALK["What were you told"][0], "3": WALK["What were you told"][1]},
        "decisions": WALK["What was decided"],
        "treatment_changes": {"stop": ["Darzalex"], "start": ["teclistamab"]},
        "next_steps": ["PET/CT scan on December 10", "blood tests every two weeks"],
        "next_visit": "jan 7 at 2pm",
        "contact": {"name": "Kim Park, nurse navigator", "phone": "555-0142"},
        "after_hours": "555-0100",
        "for_family": "Rides on Tuesdays would help.",
    }
    path = write(tmp_path, "after.yaml", yaml_doc(data))
    assert run("after-visit", "--answers", path, env={"RRMM_PREP_HOME": str(homes[1])}).exit_code == 0
    walked, filed = (comparable(record(h, EXAMPLE_ID)) for h in homes)
    assert walked == filed


# ------------------------------------------------------------------------------------------------ what the next visit builds on


def test_the_next_visit_builds_on_what_after_visit_recorded(run, home, prompter, answered_visit, pinned_day):
    from rrmm_prep.render import calls

    prompter({"Which have you had": "fever", "Make a page to print": "n"})
    result = run("new-visit")
    assert result.exit_code == 0, result
    newest = max(visit_files(home, ".json"), key=lambda f: f.stat().st_mtime_ns)
    rec = json.loads(newest.read_text())
    ts = {t["name"]: t for t in rec["treatments"]}
    assert ts["Darzalex"]["stopped"] == "2026-12-03" and ts["Darzalex"]["outcome"] != "still taking"
    assert ts["KRd"]["started"] == "2026-12-03" and ts["KRd"]["outcome"] == "still taking"
    assert rec["info"]["date"] == "2027-01-07"  # the next appointment, while it is still ahead
    text = newest.with_suffix(".md").read_text()
    assert calls.CALL_NOW in text and "Your care team's after-hours number: 555-0100" in md_text(text)
    assert "________" not in text.split("## The visit")[0]  # no blank line to write on: the number is known


def test_a_past_next_appointment_is_not_the_default(run, home, prompter, tmp_path, pinned_day):
    new_visit(run, tmp_path, "visit:\n  date: 2026-10-01\n")
    after = write(tmp_path, "after.yaml", "next_visit: 2026-11-01\n")
    assert run("after-visit", "2026-10-01", "--answers", after).exit_code == 0
    assert run("new-visit", "--no-input").exit_code == 0
    dates = sorted(json.loads(f.read_text())["info"]["date"] for f in visit_files(home, ".json"))
    assert dates == ["2026-10-01", "2026-11-23"]


# ------------------------------------------------------------------------------------------------ which visit


def test_after_visit_without_a_visit_takes_today_or_the_latest_past(
    run, home, tmp_path, prompter, pinned_day
):
    for day in ("2026-11-01", "2026-11-23", "2026-12-10"):
        new_visit(run, tmp_path, f"visit:\n  date: {day}\n", name=f"{day}.yaml")
    prompter({})
    result = run("after-visit")
    assert "2026-11-23" in result.stderr.splitlines()[0]
    for f in visit_files(home, ".json"):
        f.unlink() if "2026-11-23" in f.name else None
    (home / "index.json").unlink(missing_ok=True)
    result = run("after-visit")
    assert "2026-11-01" in result.stderr.splitlines()[0]  # never next month's while a past one exists


def test_after_visit_by_id_and_by_date(run, home, tmp_path, example_visit):
    path = write(tmp_path, "after.yaml", AFTER_EXAMPLE)
    assert run("after-visit", EXAMPLE_ID, "--answers", path).exit_code == 0
    assert run("after-visit", "2026-12-03", "--answers", path).exit_code == 0
    assert record(home, EXAMPLE_ID)["revision"] == 3


# ------------------------------------------------------------------------------------------------ answers files


def test_example_after_visit_file(run, home, answered_visit):
    rec = record(home, answered_visit)
    numbered = sorted(rec["questions"], key=lambda q: q["text"])
    assert any(q["answer"] == FIRST_ANSWER for q in numbered)
    shown = md_text(summary_of(home, answered_visit))
    for words in (
        "Start KRd if the scans are clear.",
        "PET/CT scan on December 10",
        "Thursday 7 January 2027",
        "Jordan Lee, nurse navigator, 555-0142",
        "555-0100",
        FIRST_ANSWER,
    ):
        assert words in shown, words


def test_after_visit_template_is_accepted_and_lists_the_questions(run, home, tmp_path, example_visit):
    result = run("after-visit", "--answers-template")
    assert result.exit_code == 0, result
    for q in record(home, example_visit)["questions"]:
        assert q["text"] in result.stdout
    for key in ("treatment_changes:", "stop:", "start:", "after_hours:", "contact:"):
        assert key in result.stdout
    before = snapshot(home)
    assert run("after-visit", "--answers", write(tmp_path, "t.yaml", result.stdout)).exit_code == 0
    rec = record(home, example_visit)
    assert rec["revision"] == 2 and all(q["answer"] == "" for q in rec["questions"])
    assert set(snapshot(home)) == set(before)


BAD_AFTER = [
    ("no such question", "answers:\n  99: x\n", 2, "there is no question 99"),
    ("answers not a mapping", "answers: [x]\n", 1, "should be question numbers"),
    ("bad next visit", "next_visit: someday\n", 1, "not a date"),
    (
        "stop a treatment not taken",
        "treatment_changes:\n  stop: [Revlimid]\n",
        2,
        "not a treatment this visit lists",
    ),
    ("start a drug class", "treatment_changes:\n  start: [IMiD]\n", 2, "group of drugs"),
    ("bad phone", "after_hours: ask the desk\n", 1, "does not look like a phone number"),
    ("unknown field", "colour: blue\n", 1, "unknown field"),
]


@pytest.mark.parametrize(("text", "line", "words"), [r[1:] for r in BAD_AFTER], ids=[r[0] for r in BAD_AFTER])
def test_bad_after_visit_file_changes_nothing(run, home, tmp_path, example_visit, text, line, words):
    before = snapshot(home)
    path = write(tmp_path, "after.yaml", text)
    result = run("after-visit", "--answers", path)
    assert result.exit_code == 2, result
    assert f"{path}:{line}:" in result.stderr and words in result.stderr, result.stderr
    assert snapshot(home) == before


def test_after_visit_without_a_terminal_names_the_flags(script, run, home, tmp_path, pinned_day):
    new_visit(run, tmp_path)
    result = script("after-visit")
    assert result.exit_code == 2 and "--answers" in result.stderr and "Traceback" not in result.output


def test_after_visit_without_visits(run, home):
    result = run("after-visit", "--no-input")
    assert result.exit_code == 1 and "No visits saved yet" in result.stderr


# ------------------------------------------------------------------------------------------------ drafts


def test_ctrl_c_in_after_visit_keeps_a_draft_and_the_record(run, home, prompter, example_visit):
    before = snapshot(home)
    prompter(
        {
            "Which questions got an answer": "1",
            "What were you told": "Typed before Ctrl-C",
            "What was decided": "^C",
        }
    )
    result = run("after-visit")
    assert result.exit_code == 130
    assert "Everything you typed is kept as a draft" in result.stderr
    assert snapshot(home) == before
    drafts = list((home / "drafts").glob(f"after-visit-{example_visit}-*.json"))
    assert len(drafts) == 1
    assert "Typed before Ctrl-C" in drafts[0].read_text()
    prompter({"Pick up where you left off": "y"})
    assert run("after-visit").exit_code == 0
    assert any(q["answer"] == "Typed before Ctrl-C" for q in record(home, example_visit)["questions"])
    assert not list((home / "drafts").glob("*.json"))


def test_a_stale_draft_is_merged_onto_answers_recorded_since(run, home, prompter, tmp_path, example_visit):
    prompter(
        {
            "Which questions got an answer": "2",
            "What were you told": "From the draft",
            "What was decided": "^C",
        }
    )
    assert run("after-visit").exit_code == 130
    # Meanwhile, a family member records another answer from a file.
    assert (
        run("after-visit", "--answers", write(tmp_path, "a.yaml", "answers:\n  1: From the file\n")).exit_code
        == 0
    )
    prompter({"Pick up where you left off": "y"})
    assert run("after-visit").exit_code == 0
    answers = {q["answer"] for q in record(home, example_visit)["questions"] if q["answer"]}
    assert answers == {"From the draft", "From the file"}


# ------------------------------------------------------------------------------------------------ visits and show


def test_visits_lists_newest_first_with_counts(run, home, tmp_path, answered_visit):
    new_visit(run, tmp_path, "visit:\n  date: 2026-11-01\n  with: Dr. Early\n", "early.yaml")
    result = run("visits", "--format", "text")
    assert result.exit_code == 0, result
    lines = [ln for ln in result.stdout.splitlines() if "Visit:" in ln]
    assert EXAMPLE_ID in lines[0] and "2026-11-01" in lines[-1]
    assert "Answered: 1 of" in result.stdout


def test_visits_says_a_draft_is_waiting_with_a_command_that_runs(run, home, prompter, example_visit):
    prompter({"What was decided": "^C"})
    run("after-visit")
    result = run("visits")
    assert f"rrmm-prep after-visit {example_visit}" in result.stdout


def test_visits_show_by_id_date_and_latest(run, home, answered_visit):
    for args in ((), (EXAMPLE_ID,), ("2026-12-03",)):
        result = run("visits", "show", *args, "--format", "text")
        assert result.exit_code == 0 and FIRST_ANSWER[:30] in result.stdout


@pytest.mark.parametrize("query", ["2027-01-01", "no-such-visit"])
def test_visits_show_unknown(run, home, answered_visit, query):
    result = run("visits", "show", query)
    assert result.exit_code == 1 and query in result.stderr and "rrmm-prep visits" in result.stderr


# ------------------------------------------------------------------------------------------------ export and family


def test_export_md_is_the_summary_without_private_notes(run, home, answered_visit):
    result = run("export")
    assert result.exit_code == 0, result
    exported = (home / "exports" / f"{answered_visit}.md").read_text()
    assert PRIVATE.split(":")[0] not in exported
    assert PRIVATE.split(":")[0] in summary_of(home, answered_visit)  # the person's own summary keeps it
    assert run("export", "--with-private-notes", "--output", home / "mine.md").exit_code == 0
    assert PRIVATE.split(":")[0] in (home / "mine.md").read_text()


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_family_export_says_what_starts_and_leaves_out_the_private(run, home, answered_visit, fmt, shipped):
    result = run("export", "--for-family", "--format", fmt)
    assert result.exit_code == 0, result
    text = (home / "exports" / f"{answered_visit}-family.{fmt}").read_text()
    assert PRIVATE.split(":")[0] not in text
    assert "worse in the evening" not in text and "38.4 C last night" not in text  # no symptom details
    for words in (
        "Start KRd if the scans are clear.",
        "Jordan Lee",
        "555-0142",
        "PET/CT scan on December 10",
    ):
        assert words in text, words
    carfilzomib = shipped.drug_by_id["carfilzomib"]
    assert f"{carfilzomib.name} ({carfilzomib.brands[0]})" in text  # a line for each drug started: what it is
    assert carfilzomib.what_it_does[:40] in text.replace("\n", " ")
    assert "not set" not in text and "not recorded" not in text  # empty fields are left out


def test_family_text_names_the_person_and_lists_questions_and_answers(run, home, tmp_path, pinned_day):
    data = yaml_doc(
        {
            "about_me": {"name": "Robert Lee"},
            "visit": {"date": "2026-12-03"},
            "my_questions": ["Can I travel?"],
        }
    )
    assert run("new-visit", "--answers", write(tmp_path, "a.yaml", data)).exit_code == 0
    assert (
        run("after-visit", "--answers", write(tmp_path, "b.yaml", "answers:\n  1: Yes, in June.\n")).exit_code
        == 0
    )
    result = run("export", "--for-family", "--format", "md")
    text = next((home / "exports").glob("*-family.md")).read_text()
    assert heading_texts(text, 1) == ["Robert Lee's visit on Thursday 3 December 2026"]
    assert "- Can I travel?\\\n  **Answer:** Yes, in June." in text  # a list item with its answer under it
    assert result.exit_code == 0


def test_family_export_on_a_terminal_also_shows_the_text(run, home, answered_visit, monkeypatch):

    monkeypatch.setattr(ui, "is_terminal", lambda stream=None: True)
    result = run("export", "--for-family", "--format", "txt")
    assert "Start KRd if the scans are clear." in result.stdout and "Exported:" in result.stdout


def test_exports_in_the_data_folder_are_private(run, home, answered_visit):
    assert run("export", "--format", "html").exit_code == 0
    path = home / "exports" / f"{answered_visit}.html"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_output_dash_is_standard_output(run, home, answered_visit):
    result = run("export", "--format", "txt", "--output", "-")
    assert result.exit_code == 0 and "START KRD" not in result.stdout and "Start KRd" in result.stdout


def test_export_all_is_a_journal_newest_first(run, home, tmp_path, answered_visit):
    new_visit(run, tmp_path, "visit:\n  date: 2026-11-01\n  with: Dr. Early\n", "early.yaml")
    assert run("export", "--all").exit_code == 0
    text = (home / "exports" / "journal.md").read_text()
    assert text.index("Thursday 3 December 2026") < text.index("Sunday 1 November 2026")


@pytest.mark.parametrize(("args", "words"), [(("--all", EXAMPLE_ID), "not both"), (("nope",), "No visit")])
def test_export_errors(run, home, answered_visit, args, words):
    result = run("export", *args)
    assert result.exit_code != 0 and words in result.stderr


def test_after_visit_ends_with_commands_that_share_and_print_this_visit(run, home, tmp_path, example_visit):
    """The last lines say how to share it and print it, naming this visit; each command runs as written."""
    import shlex

    later = new_visit(run, tmp_path, EXAMPLE_ANSWERS.replace("2026-12-03", "2027-02-01"), "later.yaml")
    result = run("after-visit", example_visit, "--answers", write(tmp_path, "after.yaml", AFTER_EXAMPLE))
    assert result.exit_code == 0, result
    lines = result.stdout.strip().splitlines()
    share = lines[-2].removeprefix("To share it with family: ")
    printing = lines[-1].removeprefix("To print it: ")
    assert share.startswith("rrmm-prep export") and printing.startswith("rrmm-prep print"), lines[-2:]
    assert later != example_visit
    shared = run(*shlex.split(share)[1:], "--output", "-")
    assert shared.exit_code == 0, shared
    assert "Jordan Lee" in shared.stdout and PRIVATE not in shared.stdout
    printed = run(*shlex.split(printing)[1:], "--no-open", "--output", tmp_path / "page.html")
    assert printed.exit_code == 0, printed
    page = (tmp_path / "page.html").read_text()
    assert "3 December 2026" in page and "1 February 2027" not in page


def test_the_after_hours_number_after_visit_recorded_is_the_one_in_the_call_box(
    run, home, tmp_path, pinned_day
):
    """One number on the page: after-visit's newer after-hours number in the call-now box too, not the old one
    saved with the visit."""
    visit_id = new_visit(
        run, tmp_path, EXAMPLE_ANSWERS + "about_me: {name: Ann, after_hours: 555-0001}\n"
    )  # the example has a fever: a call-now box
    assert (
        run("after-visit", visit_id, "--answers", write(tmp_path, "after.yaml", AFTER_EXAMPLE)).exit_code == 0
    )
    for args in (("export", "--for-family", "--format", "txt"), ("export", "--format", "md")):
        shown = run(*args, "--output", "-")
        assert shown.exit_code == 0, shown
        assert "after-hours number: 555-0100" in " ".join(shown.stdout.split()).lower(), shown.stdout
        assert "555-0001" not in shown.stdout


@pytest.mark.parametrize(("extra", "has_private"), [((), False), (("--with-private-notes",), True)])
def test_family_notes_hold_private_notes_only_when_asked(extra, has_private, run, home, answered_visit):
    shown = run("export", "--for-family", "--format", "md", "--output", "-", *extra)
    assert shown.exit_code == 0, shown
    assert (PRIVATE in " ".join(shown.stdout.split())) is has_private


def test_a_family_note_on_several_lines_keeps_its_lines(run, home, tmp_path, example_visit):
    after = AFTER_EXAMPLE.replace(
        "for_family: Treatment will probably change next month; rides on Tuesdays would help.",
        'for_family: "Dad starts KRd next week.\\nRides on Tuesdays would help."',
    )
    assert run("after-visit", "--answers", write(tmp_path, "after.yaml", after)).exit_code == 0
    shown = run("export", "--for-family", "--format", "md", "--output", "-")
    paragraphs = [p.strip() for p in shown.stdout.split("\n\n")]
    assert "Dad starts KRd next week." in paragraphs and "Rides on Tuesdays would help." in paragraphs


def test_new_visit_output_dash_keeps_the_call_box_out_of_the_markdown(run, home, tmp_path, pinned_day):
    result = run("new-visit", "--answers", write(tmp_path, "a.yaml", EXAMPLE_ANSWERS), "--output", "-")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("# Visit") and "!!!!" not in result.stdout
    assert "Call your care team now" in result.stderr  # beside it, for the person at the screen


def test_control_characters_in_a_record_never_reach_the_template(run, home, tmp_path, example_visit):
    rec = record(home, example_visit)
    rec["questions"][0]["text"] = "Can I \x1b[2Jtravel?\x07"
    (home / "visits" / f"{example_visit}.json").write_text(json.dumps(rec))
    result = run("after-visit", example_visit, "--answers-template")
    assert result.exit_code == 0, result
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Can I ^[[2Jtravel?^G" in result.stdout


# "Did a treatment stop?" as people answer, in the walk and in a file: (typed, stopped; None = not on the list).
STOPS = [
    ("1", ["Darzalex"]),
    ("Darzalex", ["Darzalex"]),
    ("darzalex", ["Darzalex"]),
    ("daratumumab", ["Darzalex"]),  # its generic name
    ("none", []),
    ("-", []),
    ("Velcade", None),  # not one still going
    ("2", None),
]


def _stopped(rec: dict) -> list[str]:
    return [c["name"] for c in rec["after"]["stop"]]


@pytest.mark.parametrize(("typed", "stopped"), STOPS)
def test_a_stopped_treatment_by_number_or_name_alike_in_the_walk_and_a_file(
    typed, stopped, run, home, tmp_path, prompter, example_visit
):
    p = prompter({"Did a treatment stop": [typed, ""]})
    walked = run("after-visit", example_visit)
    assert walked.exit_code == 0, walked
    asked = [label for label in p.labels if "Did a treatment stop" in label]
    if stopped is None:
        assert len(asked) == 2 and "not on the list" in walked.stdout  # asked again, then Enter
        assert record(home, example_visit)["after"]["stop"] == []
    else:
        assert len(asked) == 1 and _stopped(record(home, example_visit)) == stopped
    text = f"treatment_changes:\n  stop: [{typed!r}]\n"
    filed = run("after-visit", example_visit, "--answers", write(tmp_path, "after.yaml", text), env=NO_DEBUG)
    if stopped is None:
        assert filed.exit_code != 0 and "is not a treatment this visit lists as ongoing" in filed.stderr
    else:
        assert filed.exit_code == 0, filed
        assert _stopped(record(home, example_visit)) == stopped


@pytest.mark.parametrize(
    ("typed", "answered"),
    [("1 3", [1, 3]), ("1, 3 and 4", [1, 3, 4]), ("all", "every"), ("none", []), ("-", [])],
)
def test_which_questions_got_an_answer_in_everyday_words(typed, answered, run, home, prompter, example_visit):
    from rrmm_prep.model.visit import Visit

    p = prompter({"Which questions got an answer": typed, "What were you told": ["An answer."] * 20})
    assert run("after-visit", example_visit).exit_code == 0
    numbered = dict(Visit.from_dict(record(home, example_visit)).numbered())
    want = list(numbered) if answered == "every" else answered
    assert [n for n, q in numbered.items() if q.answer] == want
    assert len([label for label in p.labels if "What were you told" in label]) == len(want)


def test_words_that_are_not_question_numbers_are_asked_again(run, home, prompter, example_visit):
    p = prompter({"Which questions got an answer": ["the one about travel", "2"]})
    result = run("after-visit", example_visit)
    assert result.exit_code == 0, result
    assert "'the one about travel' is not on the list" in " ".join(result.stdout.split())
    assert len([label for label in p.labels if "Which questions got an answer" in label]) == 2
