"""Nothing typed is ever lost (issue 12): Ctrl-C, end of input, SIGTERM and a closed terminal at any moment of a
walk (at a prompt, while printing, while saving) keep a draft; one draft per walk; a draft resumes at the right
step, also one saved by an older version; a failed save keeps the draft and offers to try again; and the walk
runs where there is no readline, no os.fchmod and no SIGHUP (Windows).

In-process, through the prompt seam, so each moment can be hit exactly. The real terminal's SIGHUP is in
test_terminal.py.
"""

from __future__ import annotations

import json
import os
import signal
import sys

import pytest

from helpers import DictPrompter, FailingDisk, comparable, has_proc, only_record, write

NO_PRINT = {"Make a page to print": "n"}
STORY = {
    "Your name": "Robert Lee",
    "Date of birth": "5/14/1955",
    "Which myeloma treatments": "VRd, DPd",
    "VRd: when": "2019 to 2020, worked",
    "DPd: when": "since 2024",
    "Which have you had": "tiredness",
    "How bad is it": "2",
    "Other health problems": "diabetes",
    "A result, like": "M-protein 1.2 g/dL",
    "Date of the test": "11/20",
    "Your change": ["Can I travel?", ""],
    "Anything else": "Anna drives.",
}
# A prompt of each step, where Ctrl-C is pressed (the step the draft must name).
STOPS = [
    ("Date of birth", "about"),  # a name typed already: about me is asked again on resume, not skipped
    ("When is the visit", "visit"),
    ("Which myeloma treatments", "treatments"),
    ("DPd: when", "treatments"),
    ("Which have you had", "symptoms"),
    ("How bad is it", "symptoms"),
    ("Other health problems", "health"),
    ("What matters most", "goals"),
    ("A result, like", "labs"),
    ("Your change", "questions"),
    ("Which three", "questions"),
    ("A private note", "notes"),
    ("Enter saves", None),  # the review: every step is done, and the resumed walk shows it again
]


def drafts(home):
    folder = home / "drafts"
    return sorted(folder.glob("*.json")) if folder.exists() else []


def story_with_stop(words: str) -> dict:
    answers = dict(STORY)
    for key in answers:
        if key.casefold() in words.casefold() or words.casefold() in key.casefold():
            answers[key] = "^C"
            return {**NO_PRINT, **answers}
    return {**NO_PRINT, **answers, words: "^C"}


@pytest.fixture
def reference(run, prompter, tmp_path, pinned_day):
    """The record the story gives without a stop."""
    home = tmp_path / "reference"
    prompter({**NO_PRINT, **STORY})
    assert run("new-visit", env={"RRMM_PREP_HOME": str(home)}).exit_code == 0
    return comparable(only_record(home))


@pytest.mark.parametrize(("words", "step"), STOPS, ids=[s[0] for s in STOPS])
@pytest.mark.parametrize("stop", ["^C", "^D"])
def test_stopping_at_any_prompt_keeps_a_draft_and_resuming_gives_the_same_visit(
    run, home, prompter, reference, words, step, stop
):
    answers = story_with_stop(words)
    answers = {k: (stop if v == "^C" else v) for k, v in answers.items()}
    prompter(answers)
    result = run("new-visit")
    assert result.exit_code == 130, result
    assert "kept as a draft" in result.stderr and "rrmm-prep new-visit" in result.stderr
    assert not (home / "visits").exists() or not list((home / "visits").glob("*.json"))
    [draft] = drafts(home)
    data = json.loads(draft.read_text())
    assert data["format"] == 2 and data["step"] == step
    # Resume: the answers typed before the stop are the defaults now; Enter keeps them.
    rest = {k: v for k, v in STORY.items() if v != "^C"}
    prompter(
        {**NO_PRINT, "Pick up where you left off": "y", **rest}
    )  # typing an answer again changes nothing
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert comparable(only_record(home)) == reference
    assert drafts(home) == []


def test_ctrl_c_while_the_walk_is_printing_keeps_a_draft(run, home, prompter, monkeypatch, pinned_day):
    from rrmm_prep import ui

    real_show = ui.show
    calls = {"n": 0}

    def show(doc, *a, **k):
        calls["n"] += 1
        if any("Symptoms you may have had" in getattr(b, "text", "") for b in doc.blocks):
            raise KeyboardInterrupt  # Ctrl-C lands while the checklist is printing
        return real_show(doc, *a, **k)

    monkeypatch.setattr(ui, "show", show)
    prompter({**NO_PRINT, "Who is the visit with": "Dr. Print"})
    result = run("new-visit")
    assert result.exit_code == 130, result
    assert "kept as a draft" in result.stderr
    [draft] = drafts(home)
    data = json.loads(draft.read_text())
    assert data["step"] == "symptoms" and data["visit"]["info"]["clinician"] == "Dr. Print"


def test_sigterm_mid_walk_keeps_a_draft(run, home, pinned_day):
    from rrmm_prep import ui

    class Terminated(DictPrompter):
        def ask(self, label, default=""):
            if "Which myeloma treatments" in label:
                os.kill(os.getpid(), signal.SIGTERM)  # the handler turns it into an interrupt right here
            return super().ask(label, default)

    ui.set_prompter(Terminated({"Who is the visit with": "Dr. Term"}))
    result = run("new-visit")
    assert result.exit_code == 130, result
    [draft] = drafts(home)
    assert json.loads(draft.read_text())["visit"]["info"]["clinician"] == "Dr. Term"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back after the walk


def test_ctrl_c_while_saving_waits_until_the_visit_is_on_disk(run, home, monkeypatch, pinned_day):
    from rrmm_prep import ui
    from rrmm_prep.store import visit_files

    real = visit_files.save_new

    def save_new(*a, **k):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of the save
        return real(*a, **k)

    monkeypatch.setattr(visit_files, "save_new", save_new)
    ui.set_prompter(DictPrompter(dict(NO_PRINT)))
    result = run("new-visit")
    assert result.exit_code == 130, result
    assert "Your visit was saved first" in result.stderr
    assert len(list((home / "visits").glob("*.json"))) == 1
    assert drafts(home) == []  # the draft went with the save: nothing to offer twice


def test_two_stopped_walks_are_both_kept_and_both_offered(run, home, prompter, pinned_day):
    prompter({"Who is the visit with": "Dr. First", "Which myeloma treatments": "^C"})
    assert run("new-visit").exit_code == 130
    prompter({"Pick up where": "n", "Who is the visit with": "Dr. Second", "Which have you had": "^C"})
    assert run("new-visit").exit_code == 130
    assert len(drafts(home)) == 2
    p = prompter({**NO_PRINT, "Which one to go on with": "1"})
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "You have 2 drafts" in result.stdout
    assert (
        "stopped at 'Treatments so far'" in result.stdout
        and "stopped at 'How you have been'" in result.stdout
    )
    assert only_record(home)["info"]["clinician"] == "Dr. First"
    [left] = drafts(home)
    assert json.loads(left.read_text())["visit"]["info"]["clinician"] == "Dr. Second"
    assert p.asked


def test_a_draft_from_an_earlier_version_resumes_at_the_right_step(run, home, prompter, pinned_day):
    """Format 1 drafts named their step by its place in that version's order (0: the visit, 1: treatments,
    2: symptoms ...). The walk now starts with about-me, so the place no longer matches: the name does."""
    from rrmm_prep.model.visit import Visit

    visit = Visit()
    visit.info.date, visit.info.clinician = "2026-12-03", "Dr. Old"
    (home / "drafts").mkdir(parents=True)
    old = {"kind": "new-visit", "saved": "2026-11-20T10:00:00", "step": 2, "visit": visit.to_dict()}
    (home / "drafts" / "new-visit.json").write_text(json.dumps(old))
    p = prompter({**NO_PRINT, "Pick up where": "y"})
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "stopped at 'How you have been'" in " ".join(p.labels)
    asked = p.labels
    assert not any("Who is the visit with" in label or "Which myeloma" in label for label in asked)
    assert any("Which have you had" in label for label in asked)
    assert only_record(home)["info"]["clinician"] == "Dr. Old"


def test_a_draft_stopped_at_a_step_this_version_has_not_says_where_it_starts_again(
    run, home, prompter, pinned_day
):
    from rrmm_prep.model.visit import Visit

    (home / "drafts").mkdir(parents=True)
    data = {
        "format": 2,
        "kind": "new-visit",
        "done": ["about", "visit"],
        "step": "a-step-from-the-future",
        "visit": Visit().to_dict(),
        "saved": "2026-11-20T10:00:00",
    }
    (home / "drafts" / "new-visit-20261120-100000-00ff.json").write_text(json.dumps(data))
    prompter({**NO_PRINT, "Pick up where": "y"})
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "it starts again at 'Treatments so far'" in result.stdout


@pytest.mark.parametrize(
    "text", ["{not json", "[]", '{"format": 2, "visit": 5}']
)  # (a newer version's draft is left as it is: test_a_draft_from_a_newer_version_is_left_as_it_is)
def test_a_draft_that_cannot_be_used_is_set_aside_never_lost(run, home, prompter, text, pinned_day):
    (home / "drafts").mkdir(parents=True)
    (home / "drafts" / "new-visit-20261120-100000-0bad.json").write_text(text)
    prompter(dict(NO_PRINT))
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "cannot be used" in result.stderr or "could not be read" in result.stderr
    aside = list((home / "drafts").glob("new-visit-20261120-100000-0bad.unusable-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == text


# ------------------------------------------------------------------------------------------------ a full disk


@pytest.mark.skipif(not has_proc(), reason="FailingDisk maps file descriptors through /proc (Linux)")
def test_a_full_disk_at_the_final_save_keeps_everything_and_saves_once_there_is_room(run, home, pinned_day):
    """The FailingDisk harness makes every write under the data folder fail (ENOSPC) from the final save on; the
    walk says so, keeps what it can, and asks to press Enter once space is freed; then the visit is saved."""
    from rrmm_prep import ui

    disk = FailingDisk(home, fail_at=None)

    class Person(DictPrompter):
        def ask(self, label, default=""):
            if "Anything else" in label:
                disk.fail_at = disk.count + 1  # the disk fills up after the last answer
            if "Free some space" in label:
                disk.free()  # the person frees some space and presses Enter
            return super().ask(label, default)

    p = Person(
        {**NO_PRINT, "Who is the visit with": "Dr. Full", "Anything else": "Typed before the disk filled"}
    )
    ui.set_prompter(p)
    with disk.installed():
        result = run("new-visit")
    assert result.exit_code == 0, result
    assert "the disk is full" in result.stderr
    assert any("Free some space, then press Enter to try again" in label for label in p.labels)
    record = only_record(home)
    assert record["info"]["clinician"] == "Dr. Full" and record["notes"] == "Typed before the disk filled"
    assert drafts(home) == []
    assert not [f for f in (home / "visits").iterdir() if f.name.startswith(".tmp-")]


@pytest.mark.skipif(not has_proc(), reason="FailingDisk maps file descriptors through /proc (Linux)")
def test_stopping_while_the_disk_is_full_keeps_the_draft_written_before(run, home, pinned_day):
    from rrmm_prep import errors, ui
    from rrmm_prep.store import visit_files

    real = visit_files.save_new

    def full(*a, **k):
        raise errors.DiskFull("Could not save: the disk is full. Nothing saved before was changed.")

    class Person(DictPrompter):
        def ask(self, label, default=""):
            if "Free some space" in label:
                raise errors.Interrupted("ctrl-c")
            return super().ask(label, default)

    ui.set_prompter(Person({**NO_PRINT, "Who is the visit with": "Dr. Stop"}))
    visit_files.save_new = full
    try:
        result = run("new-visit")
    finally:
        visit_files.save_new = real
    assert result.exit_code == 130, result
    [draft] = drafts(home)
    assert json.loads(draft.read_text())["visit"]["info"]["clinician"] == "Dr. Stop"
    assert "kept as a draft" in result.stderr


def test_after_visit_deletes_its_draft_only_after_saving(
    run, home, prompter, tmp_path, monkeypatch, pinned_day
):
    from rrmm_prep import errors, ui
    from rrmm_prep.store import visit_files

    assert (
        run("new-visit", "--answers", write(tmp_path, "a.yaml", "visit:\n  date: 2026-12-03\n")).exit_code
        == 0
    )
    prompter(
        {"Which questions got an answer": "1", "What were you told": "Keep me", "What was decided": "^C"}
    )
    assert run("after-visit").exit_code == 130
    assert len(drafts(home)) == 1
    before = only_record(home)

    real = visit_files.update

    def full(*a, **k):
        raise errors.DiskFull("Could not save: the disk is full. Nothing saved before was changed.")

    class Person(DictPrompter):
        def ask(self, label, default=""):
            if "Free some space" in label:
                raise errors.Interrupted("ctrl-c")  # gives up for now
            return super().ask(label, default)

    monkeypatch.setattr(visit_files, "update", full)
    ui.set_prompter(Person({"Pick up where": "y"}))
    result = run("after-visit")
    assert result.exit_code == 130, result
    assert only_record(home) == before
    [draft] = drafts(home)
    assert "Keep me" in draft.read_text()  # the draft stays: its record is not on disk
    monkeypatch.setattr(visit_files, "update", real)
    prompter({"Pick up where": "y"})
    assert run("after-visit").exit_code == 0
    assert drafts(home) == []
    assert any(q["answer"] == "Keep me" for q in only_record(home)["questions"])


# ------------------------------------------------------------------------------------------------ Windows and macOS


def test_the_walk_and_a_save_work_without_readline_fchmod_or_sighup(
    run, home, prompter, monkeypatch, pinned_day
):
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.delattr(signal, "SIGHUP", raising=False)
    monkeypatch.setitem(sys.modules, "readline", None)  # `import readline` fails, as on Windows
    prompter({**NO_PRINT, "Which have you had": "fever", "Who is the visit with": "Dr. Windows"})
    result = run("new-visit")
    assert result.exit_code == 0, result
    record = only_record(home)
    assert record["info"]["clinician"] == "Dr. Windows"
    from rrmm_prep import ui

    prompter_ = ui.TerminalPrompter()
    assert prompter_._line_editing() is None  # plain input without readline


def test_a_draft_from_a_newer_version_is_left_as_it_is(run, home, prompter, pinned_day):
    folder = home / "drafts"
    folder.mkdir(parents=True)
    draft = folder / "new-visit-20261120-101010-abcd.json"
    draft.write_text(json.dumps({"format": 99, "kind": "new-visit", "visit": {}}))
    before = draft.read_bytes()
    prompter({**NO_PRINT})
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "made by a newer rrmm-prep" in result.stderr and "update rrmm-prep" in result.stderr
    assert draft.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == [draft.name]
