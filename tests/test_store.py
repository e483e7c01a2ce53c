"""The store and the records it keeps (issue 12): bytes are never fatal, records carry a revision and two
after-visits on one visit keep both sets of answers, unknown fields survive a rewrite, older records migrate and
newer ones are left alone, saving works without hard links, ``--output`` never replaces a special file,
after-visit without a VISIT opens the right one, a visit keeps its call-now flags, and it all runs where
``os.fchmod``, readline and SIGHUP do not exist (Windows).

Most tests drive the real entry point in-process (the ``run`` fixture); the narrow-encoding tests run the
installed script, because the output encoding is set when Python starts.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import socket
import stat
import sys
from pathlib import Path

import pytest

from helpers import (
    BASE,
    NO_DEBUG,
    answers_file,
    flat,
    leftovers,
    read_record,
    record_path,
    save_visit,
    saved_id,
    write_record,
)
from rrmm_prep.model.visit import SCHEMA
from rrmm_prep.store import about_file, draft_files, files, visit_files
from rrmm_prep.store import written as written_files

REPLACEMENT = "\ufffd"


# ------------------------------------------------------------------------------------------------ bytes


def _writers():
    """Every way the store writes the person's text: (what it writes, how to read it back)."""

    def new_record(text):
        return visit_files.save_new("2026-12-03-dr-x", {"notes": text}, f"# {text}\n").record

    def updated_record(text):
        visit_files.save_new("2026-12-03-dr-y", {"notes": "before"}, "# before\n")
        return visit_files.update("2026-12-03-dr-y", {"notes": text}, f"# {text}\n", base_revision=1).record

    def summary(text):
        return visit_files.save_new("2026-12-03-dr-z", {"notes": "x"}, f"# {text}\n").summary

    return {
        "new record": (new_record, lambda p: json.loads(p.read_bytes().decode("utf-8"))["notes"]),
        "updated record": (updated_record, lambda p: json.loads(p.read_bytes().decode("utf-8"))["notes"]),
        "summary": (summary, lambda p: p.read_bytes().decode("utf-8")[2:-1]),
        "draft": (
            lambda text: draft_files.save_draft("new-visit-x", {"visit": {"notes": text}}),
            lambda p: json.loads(p.read_bytes().decode("utf-8"))["visit"]["notes"],
        ),
        "about me": (
            lambda text: about_file.write_about({"name": text}),
            lambda p: json.loads(p.read_bytes().decode("utf-8"))["name"],
        ),
        "export": (
            lambda text: written_files.write_export("2026-12-03-dr-x.md", text),
            lambda p: p.read_bytes().decode("utf-8"),
        ),
    }


# (text as Python holds it, what must be saved). \udcfc is the byte 0xFC that a Latin-1 terminal sends for "ü",
# kept by Python as a surrogate escape; \ud800 is a lone surrogate (a JSON "\ud800" from another program).
BAD_TEXT = [
    ("J\udcfcrgen", f"J{REPLACEMENT}rgen"),
    ("\udcff\udcfe end", f"{REPLACEMENT}{REPLACEMENT} end"),
    ("a\ud800b\udfffc", f"a{REPLACEMENT}b{REPLACEMENT}c"),
    ("\udcc3\udcbc", "ü"),  # two escaped bytes that are the UTF-8 of ü: they were valid after all
]
WRITERS = ["new record", "updated record", "summary", "draft", "about me", "export"]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    ("text", "saved"), BAD_TEXT, ids=["latin-1 byte", "two bytes", "lone surrogates", "utf-8"]
)
def test_text_that_is_not_valid_unicode_is_saved_with_a_replacement_character(writer, text, saved, home):

    write, read_back = _writers()[writer]
    path = write(text)
    assert read_back(path) == saved  # read back as strict UTF-8: the file is valid
    assert leftovers(home) == []


def test_a_name_typed_on_a_latin_1_terminal_is_saved_and_so_is_its_draft(run, home, prompter, pinned_day):
    """The walk, with answers as a terminal whose input is not UTF-8 gives them (Python keeps the bad byte as a
    surrogate escape): Ctrl-C keeps a draft, the resumed walk saves the visit; both with U+FFFD."""
    prompter(
        {"Your name": "J\udcfcrgen", "Who is the visit with": "Dr. M\udcfcller", "When is the visit": "^C"}
    )
    stopped = run("new-visit")
    assert stopped.exit_code == 130, stopped
    (draft,) = (home / "drafts").glob("*.json")
    kept = json.loads(draft.read_bytes().decode("utf-8"))
    assert kept["visit"]["about"]["name"] == f"J{REPLACEMENT}rgen"

    prompter({"Pick up where you left off": "y", "Who is the visit with": "Dr. M\udcfcller"})
    done = run("new-visit")
    assert done.exit_code == 0, done
    rec = read_record(home, saved_id(done))
    assert rec["about"]["name"] == f"J{REPLACEMENT}rgen"
    assert rec["info"]["clinician"] == f"Dr. M{REPLACEMENT}ller"
    assert not list((home / "drafts").glob("*.json")), "the draft should be gone once the visit is saved"


@pytest.mark.parametrize(
    "raw",
    [
        b'"notes": "J\xfcrgen and \xff\xfe"',  # bytes that are not UTF-8 in the file
        b'"notes": "J\\udcfcrgen \\ud800"',  # JSON escapes of lone surrogates
    ],
    ids=["invalid UTF-8", "lone surrogate escapes"],
)
def test_a_record_with_bad_bytes_is_shown_and_rewritten(raw, run, home, tmp_path):
    visit_id = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera")
    path = record_path(home, visit_id)
    data = path.read_bytes()
    write_record(home, visit_id, data.replace(b'"notes": ""', raw, 1))
    shown = run("visits", "show", visit_id, "--format", "text", env=NO_DEBUG)
    assert shown.exit_code == 0, shown
    assert "Jrgen" not in shown.stdout and "rgen" in shown.stdout
    after = run("after-visit", visit_id, "--answers", answers_file(tmp_path, decisions="Wait."), env=NO_DEBUG)
    assert after.exit_code == 0, after
    notes = json.loads(path.read_bytes().decode("utf-8"))["notes"]  # strict UTF-8 now
    assert notes.startswith(f"J{REPLACEMENT}rgen"), notes


NARROW = ["latin-1", "ascii", "latin-1:strict"]
# Characters no narrow encoding has: a snowman, a Chinese character, an emoji; and one Latin-1 has (ü).
WIDE_NAMES = ["Dr. Jürgen ☃", "Dr. 漢字", "Dr. Smile 😀"]


@pytest.mark.parametrize("encoding", NARROW)
@pytest.mark.parametrize("argv", [["visits"], ["visits", "show"], ["visits", "show", "--format", "text"]])
def test_a_narrow_output_encoding_lists_every_visit(encoding, argv, run, home, tmp_path, script):
    ids = [save_visit(run, tmp_path, f"2026-12-0{i + 1}", name) for i, name in enumerate(WIDE_NAMES)]
    env = {"PYTHONIOENCODING": encoding, "RRMM_PREP_HOME": str(home), "RRMM_PREP_DEBUG": None}
    result = script(*argv, env=env, encoding=encoding.split(":")[0])
    assert result.exit_code == 0, result
    assert "Traceback" not in result.output
    flat = "".join(result.stdout.split())
    if argv == ["visits"]:
        for visit_id in ids:  # ids are ASCII: each is listed whole
            assert visit_id in flat, result
    else:
        assert "Dr.Smile?" in flat or f"Dr.Smile{REPLACEMENT}" in flat, result  # the latest, emoji replaced


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_narrow_output_encoding_shows_an_error_message_too(encoding, home, script):
    env = {"PYTHONIOENCODING": encoding, "RRMM_PREP_HOME": str(home), "RRMM_PREP_DEBUG": None}
    result = script("explain", "☃ snowman", env=env, encoding=encoding)
    assert result.exit_code == 1, result
    assert "? snowman" in result.stderr, result
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------------------ revisions


def test_update_checks_the_revision_it_started_from(home):
    from rrmm_prep import errors
    from rrmm_prep.store import visit_files

    saved = visit_files.save_new("2026-12-03-dr-x", {"notes": "one"}, "# one\n")
    assert json.loads(saved.record.read_text())["revision"] == 1
    visit_files.update("2026-12-03-dr-x", {"notes": "two"}, "# two\n", base_revision=1)
    on_disk = saved.record.read_bytes()
    with pytest.raises(errors.Changed) as info:
        visit_files.update("2026-12-03-dr-x", {"notes": "stale"}, "# stale\n", base_revision=1)
    assert info.value.current["notes"] == "two" and info.value.current["revision"] == 2
    assert saved.record.read_bytes() == on_disk, "a stale update must change nothing"
    assert saved.summary.read_text() == "# two\n"
    visit_files.update("2026-12-03-dr-x", {"notes": "three"}, "# three\n", base_revision=2)
    assert json.loads(saved.record.read_text())["revision"] == 3
    visit_files.update("2026-12-03-dr-x", {"notes": "four"}, "# four\n")  # no base: no check
    assert json.loads(saved.record.read_text())["revision"] == 4
    assert leftovers(home) == []


@pytest.mark.parametrize("age", ["held now", "left by a killed run"])
def test_a_save_waits_for_another_and_never_deletes_its_lock(age, home, monkeypatch):
    from rrmm_prep import errors
    from rrmm_prep.store import files, visit_files

    monkeypatch.setattr(files, "LOCK_PAUSE", 0)  # no waiting in tests
    saved = visit_files.save_new("2026-12-03-dr-x", {"notes": "one"}, "# one\n")
    lock = saved.record.with_suffix(".lock")
    lock.write_text("")
    if age == "left by a killed run":
        old = lock.stat().st_mtime - files.STALE_LOCK_SECONDS - 5
        os.utime(lock, (old, old))
        visit_files.update("2026-12-03-dr-x", {"notes": "two"}, "# two\n", base_revision=1)
        assert json.loads(saved.record.read_text())["notes"] == "two"
        assert not lock.exists(), "the stale lock was taken over and let go"
        return
    before = saved.record.read_bytes()
    with pytest.raises(errors.Busy) as info:
        visit_files.update("2026-12-03-dr-x", {"notes": "two"}, "# two\n", base_revision=1)
    assert "try again" in str(info.value)
    assert saved.record.read_bytes() == before and saved.summary.read_text() == "# one\n"
    assert lock.exists(), "another run's lock was deleted"


def test_after_visit_while_another_saves_the_same_visit(run, home, tmp_path, monkeypatch):

    monkeypatch.setattr(files, "LOCK_PAUSE", 0)
    visit_id = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera")
    record = record_path(home, visit_id)
    before = record.read_bytes()
    record.with_suffix(".lock").write_text("")
    result = run(
        "after-visit", visit_id, "--answers", answers_file(tmp_path, decisions="Wait."), env=NO_DEBUG
    )
    assert result.exit_code == 1, result
    assert "Another rrmm-prep is saving" in result.stderr and "Nothing was changed" in result.stderr
    assert record.read_bytes() == before
    record.with_suffix(".lock").unlink()
    assert run("after-visit", visit_id, "--answers", answers_file(tmp_path, decisions="Wait.")).exit_code == 0
    assert read_record(home, visit_id)["after"]["decisions"] == "Wait."


def test_the_after_visit_walk_while_another_saves_asks_to_try_again_and_then_saves(
    run, home, tmp_path, monkeypatch
):
    """The walk keeps what was typed and says what is going on (not 'free some space'); once the other save is
    done, Enter saves."""
    from helpers import DictPrompter
    from rrmm_prep import ui

    monkeypatch.setattr(files, "LOCK_PAUSE", 0)
    visit_id = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera")
    lock = record_path(home, visit_id).with_suffix(".lock")

    class Person(DictPrompter):
        def ask(self, label, default=""):
            if "What was decided" in label:
                lock.write_text("")  # another rrmm-prep starts saving this visit
            if "Another rrmm-prep is saving" in label:
                lock.unlink()  # ... and finishes
            return super().ask(label, default)

    p = Person({"What was decided": "Wait and see."})
    ui.set_prompter(p)
    result = run("after-visit", visit_id)
    assert result.exit_code == 0, result
    assert not any("Free some space" in label for label, _ in p.asked)
    assert any("Another rrmm-prep is saving this visit. Press Enter" in label for label, _ in p.asked)
    assert read_record(home, visit_id)["after"]["decisions"] == "Wait and see."


def test_the_after_visit_walk_on_a_record_a_newer_version_saved_stops_and_keeps_the_draft(
    run, home, tmp_path, monkeypatch
):
    """Trying again cannot help when a newer rrmm-prep saved the record meanwhile: the walk stops (exit 1) and
    says where the draft is, without asking to press Enter."""
    from helpers import DictPrompter
    from rrmm_prep import ui

    visit_id = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera")
    record = record_path(home, visit_id)

    class Person(DictPrompter):
        def ask(self, label, default=""):
            if "What was decided" in label:  # a newer rrmm-prep on a shared folder saves it meanwhile
                data = json.loads(record.read_text())
                record.write_text(json.dumps({**data, "schema": 99, "revision": 5}))
            return super().ask(label, default)

    p = Person({"What was decided": "Wait and see."})
    ui.set_prompter(p)
    result = run("after-visit", visit_id, env=NO_DEBUG)
    assert result.exit_code == 1, result
    assert "newer rrmm-prep" in result.stderr and "kept as a draft" in result.stderr
    assert not any("try again" in label for label, _ in p.asked)
    assert json.loads(record.read_text())["schema"] == 99
    assert list((home / "drafts").glob("after-visit-*"))


def _visit(answers: dict[int, str] | None = None, **after):
    from rrmm_prep.model.visit import AfterVisit, QuestionItem, Visit

    questions = [QuestionItem(text=f"Question {i}?", id=f"q{i}") for i in range(1, 4)]
    for i, text in (answers or {}).items():
        questions[i - 1].answer = text
    return Visit(id="v", questions=questions, after=AfterVisit(**after) if after else None)


# (base, mine, theirs) -> the answers merged, the labels of the conflicts
MERGES = {
    "answers to different questions": (
        _visit(),
        _visit({1: "mine"}),
        _visit({2: "theirs"}),
        {1: "mine", 2: "theirs", 3: ""},
        [],
    ),
    "the same answer twice": (
        _visit(),
        _visit({1: "same"}),
        _visit({1: "same"}),
        {1: "same", 2: "", 3: ""},
        [],
    ),
    "only theirs changed": (
        _visit({1: "old"}),
        _visit({1: "old"}),
        _visit({1: "new"}),
        {1: "new", 2: "", 3: ""},
        [],
    ),
    "only mine changed": (
        _visit({1: "old"}),
        _visit({1: "new"}),
        _visit({1: "old"}),
        {1: "new", 2: "", 3: ""},
        [],
    ),
    "one question answered differently": (
        _visit(),
        _visit({1: "mine", 2: "also mine"}),
        _visit({1: "theirs"}),
        {1: "theirs", 2: "also mine", 3: ""},
        ["Answer to 'Question 1?'"],
    ),
}


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "answers", "conflicts"), MERGES.values(), ids=list(MERGES)
)
def test_merge_after_answers_field_by_field(base, mine, theirs, answers, conflicts):
    from rrmm_prep.model.merge import merge_after

    merged, found = merge_after(base, mine, theirs)
    assert {i: q.answer for i, q in enumerate(merged.questions, 1)} == answers
    assert [c.label for c in found] == conflicts
    for c in found:  # a conflict leaves theirs in place until it is settled, and can keep both
        c.keep_both()
    if conflicts:
        assert merged.questions[0].answer == "theirs / also recorded: mine"


def test_merge_after_the_after_visit_fields():
    from rrmm_prep.model.merge import merge_after

    base = _visit(decisions="", next_steps=["blood tests"], contact_name="")
    mine = _visit(decisions="Start KRd.", next_steps=["blood tests", "a scan"], contact_name="Kim")
    theirs = _visit(decisions="Wait a month.", next_steps=["blood tests", "see the dentist"], contact_name="")
    merged, conflicts = merge_after(base, mine, theirs)
    assert [c.label for c in conflicts] == ["What was decided"]
    assert merged.after.contact_name == "Kim"  # only mine changed it
    assert merged.after.next_steps == ["blood tests", "see the dentist", "a scan"]  # lists are joined
    assert merged.after.decisions == "Wait a month."
    conflicts[0].put(conflicts[0].mine)
    assert merged.after.decisions == "Start KRd."


@pytest.mark.parametrize("settle", ["keep both", "mine", "theirs"])
def test_two_next_appointments_stay_one_date(settle):
    """The next appointment is a date (a new visit starts on it): keeping both keeps the one saved first in place
    and adds the other to the next steps; never "2027-01-07 / also recorded: 2027-01-14" as a date."""
    from rrmm_prep.model.merge import merge_after

    base = _visit(next_steps=["blood tests"])
    mine = _visit(next_visit="2027-01-14", next_visit_time="15:00", next_steps=["blood tests"])
    theirs = _visit(next_visit="2027-01-07", next_visit_time="14:00", next_steps=["blood tests"])
    merged, conflicts = merge_after(base, mine, theirs)
    (c,) = conflicts
    assert (c.label, c.mine, c.theirs) == (
        "Next appointment",
        "Thursday 14 January 2027 at 15:00",
        "Thursday 7 January 2027 at 14:00",
    )
    if settle == "keep both":
        c.keep_both()
    else:
        c.put(c.mine if settle == "mine" else c.theirs)
    expected = {
        "keep both": ("2027-01-07", "14:00"),
        "mine": ("2027-01-14", "15:00"),
        "theirs": ("2027-01-07", "14:00"),
    }
    assert (merged.after.next_visit, merged.after.next_visit_time) == expected[settle]
    extra = (
        ["Next appointment also recorded as: Thursday 14 January 2027 at 15:00"]
        if settle == "keep both"
        else []
    )
    assert merged.after.next_steps == ["blood tests", *extra]


def test_merge_after_takes_a_next_appointment_only_one_side_set():
    from rrmm_prep.model.merge import merge_after

    merged, conflicts = merge_after(_visit(), _visit(next_visit="2027-01-14"), _visit(decisions="Wait."))
    assert conflicts == []
    assert (merged.after.next_visit, merged.after.next_visit_time, merged.after.decisions) == (
        "2027-01-14",
        "",
        "Wait.",
    )


@pytest.fixture
def one_visit(run, home, tmp_path, pinned_day) -> str:
    """A visit with questions, saved (revision 1)."""
    return save_visit(
        run, tmp_path, "2026-11-23", "Dr. Rivera", my_questions=["Can I travel?", "Can I swim?"]
    )


def _race(run, monkeypatch, tmp_path, visit_id: str, first: dict, second: dict):
    """Two after-visits on one visit, both starting from the same record: the first saves; the second read the
    record before that save (its read is made to return the record as it was, which is what a second terminal
    that started earlier holds), and saves after it. Returns the second run's result."""
    from rrmm_prep.store import find

    stale = find.load(visit_id)
    one = run("after-visit", visit_id, "--answers", answers_file(tmp_path, "first.yaml", **first))
    assert one.exit_code == 0, one
    real = find.resolve
    calls = []

    def resolve_before_the_first_save(query):
        calls.append(query)
        return stale if len(calls) == 1 else real(query)

    monkeypatch.setattr(find, "resolve", resolve_before_the_first_save)
    two = run("after-visit", visit_id, "--answers", answers_file(tmp_path, "second.yaml", **second))
    assert calls, "test bug: after-visit did not read the record through find.resolve"
    return two


def _numbered_answers(rec: dict) -> dict[int, str]:
    from rrmm_prep.model.visit import Visit

    return {n: q.answer for n, q in Visit.from_dict(rec).numbered()}


def test_two_after_visits_on_one_visit_keep_both_answers(run, home, tmp_path, monkeypatch, one_visit):
    two = _race(
        run,
        monkeypatch,
        tmp_path,
        one_visit,
        {"answers": {"1": "From the first terminal."}, "contact": {"name": "Kim Park"}},
        {"answers": {"2": "From the second terminal."}, "decisions": "Wait a month."},
    )
    assert two.exit_code == 0, two
    rec = read_record(home, one_visit)
    answers = _numbered_answers(rec)
    assert answers[1] == "From the first terminal." and answers[2] == "From the second terminal."
    assert rec["after"]["contact_name"] == "Kim Park" and rec["after"]["decisions"] == "Wait a month."
    assert rec["revision"] == 3  # saved, saved by the first, saved by the second after merging
    assert "both sets of answers are kept" in two.stderr
    assert "also recorded" not in json.dumps(rec)  # nothing clashed


def test_two_after_visits_answering_one_question_differently_keep_both(
    run, home, tmp_path, monkeypatch, one_visit
):
    two = _race(
        run,
        monkeypatch,
        tmp_path,
        one_visit,
        {"answers": {"1": "Yes, in June."}},
        {"answers": {"1": "Only after the scan."}},
    )
    assert two.exit_code == 0, two
    answer = _numbered_answers(read_record(home, one_visit))[1]
    assert answer == "Yes, in June. / also recorded: Only after the scan."
    assert "two versions were recorded; both are kept" in two.stderr


def test_a_record_a_newer_version_saved_meanwhile_is_not_written_over(
    run, home, tmp_path, monkeypatch, one_visit
):
    """On a shared folder, a newer rrmm-prep saves the visit while this one's after-visit is under way."""
    from rrmm_prep.store import find

    stale = find.load(one_visit)
    newer = read_record(home, one_visit)
    newer.update(schema=SCHEMA + 1, revision=2, written_by_version_3={"x": 1})
    path = write_record(home, one_visit, newer)
    before = path.read_bytes()
    monkeypatch.setattr(find, "resolve", lambda query: stale)  # read before the newer version saved
    result = run(
        "after-visit", one_visit, "--answers", answers_file(tmp_path, decisions="Wait."), env=NO_DEBUG
    )
    assert result.exit_code == 1, result
    assert f"saved meanwhile by a newer rrmm-prep (record version {SCHEMA + 1})" in result.stderr, result
    assert "update rrmm-prep" in result.stderr
    assert path.read_bytes() == before


def test_two_after_visits_with_different_next_appointments_leave_a_date_the_next_visit_can_use(
    run, home, tmp_path, monkeypatch, one_visit
):
    two = _race(
        run,
        monkeypatch,
        tmp_path,
        one_visit,
        {"next_visit": "2027-01-07 at 2pm"},
        {"next_visit": "2027-01-14 at 3pm"},
    )
    assert two.exit_code == 0, two
    after = read_record(home, one_visit)["after"]
    assert (after["next_visit"], after["next_visit_time"]) == ("2027-01-07", "14:00")  # the one saved first
    assert "Next appointment also recorded as: Thursday 14 January 2027 at 15:00" in after["next_steps"]
    following = run("new-visit", "--no-input")  # starts on the next appointment
    assert following.exit_code == 0, following
    assert read_record(home, saved_id(following))["info"]["date"] == "2027-01-07"


# ------------------------------------------------------------------------------------------------ schemas


def _with_unknown_fields(rec: dict) -> dict:
    rec = json.loads(json.dumps(rec))
    rec["from_a_newer_version"] = {"kept": [1, 2, {"deep": None}]}
    rec["info"]["room"] = "4B"
    rec["about"]["pronouns"] = "she/her"
    rec["treatments"][0]["cycle"] = 3
    rec["symptoms"][0]["photo"] = "rash.jpg"
    rec["labs"][0]["reference_range"] = "0-0.5"
    rec["questions"][0]["asked_by"] = "Anna"
    rec["call_now"] = [*rec["call_now"], {"said": "x", "future": True}]
    return rec


UNKNOWN = {
    ("from_a_newer_version",): {"kept": [1, 2, {"deep": None}]},
    ("info", "room"): "4B",
    ("about", "pronouns"): "she/her",
    ("treatments", 0, "cycle"): 3,
    ("symptoms", 0, "photo"): "rash.jpg",
    ("labs", 0, "reference_range"): "0-0.5",
    ("questions", 0, "asked_by"): "Anna",
    ("call_now", -1, "future"): True,
}


def _at(data, where):
    for key in where:
        data = data[key]
    return data


@pytest.mark.parametrize(
    "rewrite",
    [
        ["after-visit", "{id}", "--answers", "{after}"],
        ["after-visit", "{id}", "--no-input"],
    ],
    ids=["after-visit --answers", "after-visit --no-input"],
)
def test_unknown_fields_survive_a_rewrite(rewrite, run, home, tmp_path, pinned_day):
    visit_id = save_visit(
        run,
        tmp_path,
        "2026-11-23",
        "Dr. Rivera",
        treatments=[{"drug": "VRd"}],
        symptoms=[{"name": "fever", "severity": "mild"}],
        labs=[{"test": "M-protein", "value": "1.2", "unit": "g/dL"}],
    )
    write_record(home, visit_id, _with_unknown_fields(read_record(home, visit_id)))
    after = answers_file(tmp_path, "after.yaml", answers={"1": "Yes."}, decisions="Wait.")
    argv = [a.replace("{id}", visit_id).replace("{after}", str(after)) for a in rewrite]
    result = run(*argv)
    assert result.exit_code == 0, result
    rec = read_record(home, visit_id)
    assert rec["revision"] == 2, "the record was not rewritten"
    for where, value in UNKNOWN.items():
        assert _at(rec, where) == value, where


def test_a_schema_1_record_migrates(run, home, tmp_path, pinned_day):
    """Schema 1 had one reason (``reason``, ``reason_id``) and no ``schema`` key; it reads as schema 2 (lists)
    and is written back as schema 2."""
    visit_id = save_visit(run, tmp_path, "2026-11-23", "Dr. Rivera")
    rec = read_record(home, visit_id)
    rec.pop("schema")
    rec["info"].pop("reasons"), rec["info"].pop("reason_ids")
    rec["info"]["reason"], rec["info"]["reason_id"] = "a second opinion", "second-opinion"
    write_record(home, visit_id, rec)
    shown = run("visits", "show", visit_id, "--format", "text")
    assert shown.exit_code == 0, shown
    assert "a second opinion" in shown.stdout
    assert run("after-visit", visit_id, "--answers", answers_file(tmp_path, decisions="Wait.")).exit_code == 0
    info = read_record(home, visit_id)["info"]
    assert read_record(home, visit_id)["schema"] == SCHEMA
    assert (info["reasons"], info["reason_ids"]) == (["a second opinion"], ["second-opinion"])
    assert "reason" not in info and "reason_id" not in info


def test_a_record_from_a_newer_version_is_named_and_never_overwritten(run, home, tmp_path, pinned_day):
    visit_id = save_visit(run, tmp_path, "2026-11-23", "Dr. Rivera")
    rec = read_record(home, visit_id)
    rec["schema"] = SCHEMA + 1
    rec["a_field_from_version_3"] = {"x": 1}
    path = write_record(home, visit_id, rec)
    before = path.read_bytes()
    after = answers_file(tmp_path, decisions="Wait.")
    for argv in (
        ["after-visit", visit_id, "--answers", after],
        ["after-visit", "2026-11-23", "--no-input"],
        ["after-visit", "--answers", after],
        ["visits", "show", visit_id],
        ["export", visit_id],
    ):
        result = run(*argv, env=NO_DEBUG)
        assert result.exit_code == 1, (argv, result)
        assert f"made by a newer rrmm-prep (record version {SCHEMA + 1})" in result.stderr, (argv, result)
        assert "update rrmm-prep" in result.stderr.lower(), (argv, result)
        assert "restore" not in result.stderr, (
            f"a record that is fine is not to be restored from a backup\n{result!r}"
        )
    listed = run("visits", env=NO_DEBUG)
    assert listed.exit_code == 0, listed
    shown = flat(listed.stdout)
    assert f"Made by a newer rrmm-prep (record version {SCHEMA + 1}), so this version cannot read it" in shown, (
        shown
    )
    assert "update rrmm-prep to read it" in shown
    assert "Damaged" not in shown and "No visits saved yet" not in shown
    asked = run("forget", visit_id, input="n\n")
    assert f"{visit_id} (made by a newer rrmm-prep)" in flat(asked.stdout + asked.stderr), asked
    made = run("new-visit", "--no-input")  # another visit is fine, and leaves it alone
    assert made.exit_code == 0, made
    listed = json.loads(run("visits", "--format", "json").stdout)["visits"]
    assert {v["id"] for v in listed} == {visit_id, saved_id(made)}
    assert path.read_bytes() == before


# ------------------------------------------------------------------------------------------------ hard links


@pytest.mark.parametrize(
    "err",
    [errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK],
    ids=["EPERM", "EXDEV", "ENOTSUP", "EMLINK"],
)
@pytest.mark.parametrize("how", ["--answers", "--no-input"])
def test_saving_works_without_hard_links(err, how, run, home, tmp_path, monkeypatch):
    """A disk without hard links (vfat, exFAT, many FUSE and cloud mounts): the name is taken by an exclusive
    create instead. Two visits of one date and clinician still get two names, and the first is not touched."""
    links = []

    def no_link(src, dst, *a, **k):
        links.append(dst)
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "link", no_link)
    argv = ["new-visit", "--no-input"]
    if how == "--answers":
        argv = [
            "new-visit",
            "--answers",
            answers_file(tmp_path, visit={"date": "2026-12-03", "with": "Dr. A"}),
        ]
    first = run(*argv)
    assert first.exit_code == 0, first
    assert links, "test bug: os.link was never tried"
    first_id = saved_id(first)
    kept = record_path(home, first_id).read_bytes()
    second = run(*argv)
    assert second.exit_code == 0, second
    assert saved_id(second) == f"{first_id}-2"
    assert record_path(home, first_id).read_bytes() == kept
    assert read_record(home, f"{first_id}-2")["id"] == f"{first_id}-2"
    assert stat.S_IMODE(record_path(home, first_id).stat().st_mode) == 0o600
    assert leftovers(home) == []


def test_saving_works_on_a_disk_without_links_permissions_or_fsync(run, home, tmp_path, monkeypatch):
    """A vfat or exFAT stick, or a FUSE mount: no hard links (EPERM), chmod refused (EPERM), fsync not
    supported (EINVAL). Every save still works."""

    def refuse(err):
        def call(*args, **kwargs):
            raise OSError(err, os.strerror(err))

        return call

    monkeypatch.setattr(os, "link", refuse(errno.EPERM))
    monkeypatch.setattr(os, "fchmod", refuse(errno.EPERM))
    monkeypatch.setattr(os, "chmod", refuse(errno.EPERM))
    monkeypatch.setattr(os, "fsync", refuse(errno.EINVAL))
    made = run(
        "new-visit", "--answers", answers_file(tmp_path, visit={"date": "2026-12-03"}, notes="on a stick")
    )
    assert made.exit_code == 0, made
    visit_id = saved_id(made)
    after = run("after-visit", visit_id, "--answers", answers_file(tmp_path, "after.yaml", decisions="Wait."))
    assert after.exit_code == 0, after
    for argv in (
        ["export"],
        ["export", "--output", tmp_path / "out.md"],
        ["about", "--answers", answers_file(tmp_path, "about.yaml", about_me={"name": "Robert Lee"})],
    ):
        result = run(*argv)
        assert result.exit_code == 0, (argv, result)
    assert read_record(home, visit_id)["after"]["decisions"] == "Wait."
    assert (home / "exports" / f"{visit_id}.md").is_file() and (tmp_path / "out.md").is_file()
    assert leftovers(home) == []


@pytest.mark.parametrize("link", ["fails", "works"])
def test_a_new_record_never_replaces_one_of_the_same_name(link, home, monkeypatch):
    """The name check and the create are one step (a hard link, or an exclusive create): a record that appeared
    under the name meanwhile is never overwritten."""
    from rrmm_prep.store import files

    def no_link(*args, **kwargs):
        raise OSError(errno.EPERM, "no hard links here")

    if link == "fails":
        monkeypatch.setattr(os, "link", no_link)
    folder = files.home() / "visits"
    folder.mkdir(parents=True)
    taken = folder / "2026-12-03-dr-a.json"
    taken.write_text('{"notes": "already here"}')
    assert files._create_new(taken, '{"notes": "new"}') is False
    assert taken.read_text() == '{"notes": "already here"}'
    assert files._create_new(folder / "2026-12-03-dr-b.json", '{"notes": "new"}') is True
    assert (folder / "2026-12-03-dr-b.json").read_text() == '{"notes": "new"}'
    assert sorted(p.name for p in folder.iterdir()) == ["2026-12-03-dr-a.json", "2026-12-03-dr-b.json"]


# ------------------------------------------------------------------------------------------------ --output

OUTPUT_COMMANDS = {
    "export": ["export", "--output", "{out}"],
    "export --all": ["export", "--all", "--format", "txt", "--output", "{out}"],
    "new-visit": ["new-visit", "--no-input", "--output", "{out}"],
    "print": ["print", "--no-open", "--output", "{out}"],
}


def _special(kind: str, tmp_path: Path) -> Path:
    if kind == "/dev/null":
        return Path("/dev/null")
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    else:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(path))
        sock.close()
    return path


def _kind(path: Path) -> str:
    mode = os.lstat(path).st_mode
    return (
        "char"
        if stat.S_ISCHR(mode)
        else "fifo"
        if stat.S_ISFIFO(mode)
        else "sock"
        if stat.S_ISSOCK(mode)
        else "?"
    )


@pytest.mark.parametrize("kind", ["/dev/null", "fifo", "socket"])
@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_output_refuses_a_special_file(kind, command, run, home, tmp_path):
    assert run("new-visit", "--no-input").exit_code == 0
    target = _special(kind, tmp_path)
    was = _kind(target)
    via_link = tmp_path / "link.md"
    via_link.symlink_to(target)
    for out in (target, via_link):  # a link to a special file is refused too
        argv = [a.replace("{out}", str(out)) for a in OUTPUT_COMMANDS[command]]
        result = run(*argv, env=NO_DEBUG)
        assert result.exit_code == 1, result
        assert "not an ordinary file" in result.stderr, result
        assert _kind(target) == was, f"{target} was replaced"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "a temp file was left"


DASH_STARTS = {
    "export": "# Visit on",
    "export --all": "TREATMENT JOURNAL",
    "new-visit": "# Visit on",
    "print": "<!DOCTYPE html>",
}


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_output_dash_is_standard_output(command, run, home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new-visit", "--no-input").exit_code == 0
    argv = [a.replace("{out}", "-") for a in OUTPUT_COMMANDS[command]]
    result = run(*argv)
    assert result.exit_code == 0, result
    assert not (tmp_path / "-").exists(), "a file named - was written"
    # only the document on stdout, so `> file` keeps just it; where the visit was saved goes to stderr
    assert result.stdout.startswith(DASH_STARTS[command]), result
    if command == "new-visit":
        assert "Saved your visit summary:" in result.stderr


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_output_through_a_link_writes_the_target_and_says_so(command, run, home, tmp_path):
    assert run("new-visit", "--no-input").exit_code == 0
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run(*[a.replace("{out}", str(link)) for a in OUTPUT_COMMANDS[command]])
    assert result.exit_code == 0, result
    assert link.is_symlink() and os.readlink(link) == str(target), "the link itself was replaced"
    assert target.read_text() != "old"
    assert f"{link} is a link to {target}; writing there." in result.stderr


# ------------------------------------------------------------------------------------------------ which visit

# Visit dates (today is 2026-11-23) -> the one after-visit without a VISIT takes.
WHICH = {
    "today's, among past and future": (["2026-11-01", "2026-11-23", "2026-12-10"], "2026-11-23"),
    "the latest past, not a future one": (["2026-10-01", "2026-11-20", "2026-11-30"], "2026-11-20"),
    "the latest past, though a future one was made later": (["2026-11-20", "2026-12-24"], "2026-11-20"),
    "only future ones: the nearest": (["2027-01-05", "2026-12-01"], "2026-12-01"),
    "only one": (["2026-12-03"], "2026-12-03"),
}


@pytest.mark.parametrize(("dates", "chosen"), WHICH.values(), ids=list(WHICH))
def test_after_visit_without_a_visit_takes_today_or_the_latest_past(
    dates, chosen, run, home, tmp_path, pinned_day
):
    ids = {d: save_visit(run, tmp_path, d, "Dr. Rivera", my_questions=["Can I travel?"]) for d in dates}
    result = run("after-visit", "--answers", answers_file(tmp_path, answers={"1": "Yes."}))
    assert result.exit_code == 0, result
    first = result.stderr.splitlines()[0]
    assert first.startswith("Recording what was said at:") and ids[chosen] in first, result
    for day, visit_id in ids.items():
        answered = any(q["answer"] for q in read_record(home, visit_id)["questions"])
        assert answered is (day == chosen), day


def test_after_visit_names_the_visit_before_the_first_question(run, home, tmp_path, prompter, pinned_day):
    """In a walk, the visit is named on stderr before the first prompt."""
    visit_id = save_visit(run, tmp_path, "2026-11-23", "Dr. Rivera")
    from rrmm_prep import errors, ui

    seen = []

    class Watching:
        """Stops at the first prompt, keeping what was on stderr by then."""

        def new_history(self):
            pass

        def ask(self, label, default=""):
            sys.stderr.flush()
            seen.append(sys.stderr.buffer.getvalue().decode())
            raise errors.Interrupted("ctrl-c")

    ui.set_prompter(Watching())
    result = run("after-visit")
    assert result.exit_code == 130, result
    assert seen and seen[0].startswith("Recording what was said at:") and visit_id in seen[0], seen


# ------------------------------------------------------------------------------------------------ call-now flags


@pytest.fixture
def urgent_visit(run, home, tmp_path, build_tree) -> str:
    """A visit made with a content pack whose symptom is urgent (BASE's zz-symptom), reported severe."""
    pack = build_tree(tmp_path, BASE, "pack")
    visit_id = save_visit(
        run,
        tmp_path,
        "2026-12-03",
        "Dr. Rivera",
        "--content",
        str(pack),
        symptoms=[{"name": "zz made-up symptom", "severity": "severe"}],
    )
    assert [f["sign"] for f in read_record(home, visit_id)["call_now"]] == ["zz-symptom"]
    return visit_id


CALL_NOW = "CALL YOUR CARE TEAM NOW"
FLAG_TEXT = "zz made-up symptom: may be a sign of a made-up problem used only in tests"


def test_a_visit_keeps_its_call_now_box_without_the_pack(run, home, tmp_path, urgent_visit):
    shown = run("visits", "show", urgent_visit, "--format", "text")
    assert shown.exit_code == 0, shown
    assert CALL_NOW in shown.stdout and FLAG_TEXT in shown.stdout

    after = run("after-visit", urgent_visit, "--answers", answers_file(tmp_path, decisions="Wait."))
    assert after.exit_code == 0, after
    summary = (home / "visits" / f"{urgent_visit}.md").read_text()
    assert "Call your care team now" in summary and FLAG_TEXT in summary

    for fmt in ("txt", "md", "html"):
        exported = run("export", urgent_visit, "--format", fmt)
        assert exported.exit_code == 0, exported
        exported_text = (home / "exports" / f"{urgent_visit}.{fmt}").read_text()
        text = " ".join(exported_text.split())  # as a reader sees it, whatever the line breaks
        assert FLAG_TEXT in text, fmt
    assert [f["sign"] for f in read_record(home, urgent_visit)["call_now"]] == ["zz-symptom"]


# ------------------------------------------------------------------------------------------------ other systems


@pytest.fixture
def like_windows(monkeypatch):
    """No os.fchmod (Windows before Python 3.13), no readline module, no SIGHUP."""
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.setitem(sys.modules, "readline", None)
    monkeypatch.delattr(signal, "SIGHUP", raising=False)
    assert not hasattr(os, "fchmod") and not hasattr(signal, "SIGHUP")
    with pytest.raises(ImportError):
        import readline  # noqa: F401


def test_a_save_works_without_fchmod_readline_and_sighup(like_windows, run, home, tmp_path):
    result = run("new-visit", "--no-input")
    assert result.exit_code == 0, result
    visit_id = saved_id(result)
    for path in (record_path(home, visit_id), home / "visits" / f"{visit_id}.md"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path  # owner-only by chmod instead
    assert run("after-visit", "--answers", answers_file(tmp_path, decisions="Wait.")).exit_code == 0
    assert leftovers(home) == []


def test_the_guard_works_without_sighup(like_windows):
    from rrmm_prep import errors
    from rrmm_prep.app import session

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    with session.Guard() as guard:
        assert signal.getsignal(signal.SIGTERM) is not before[signal.SIGTERM]
        with pytest.raises(errors.Interrupted) as info:
            os.kill(os.getpid(), signal.SIGTERM)
        assert info.value.how == "terminate"
        # A signal while holding (a write) waits for the write to finish, then stops the walk.
        with pytest.raises(errors.Interrupted), guard.hold():
            os.kill(os.getpid(), signal.SIGTERM)
            written = True
        assert written
    assert {s: signal.getsignal(s) for s in before} == before


def test_prompts_work_without_readline(like_windows, monkeypatch):
    from rrmm_prep import ui

    monkeypatch.setattr(ui, "is_terminal", lambda stream=None: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO("an answer\n"))
    prompter = ui.TerminalPrompter()
    prompter.new_history()
    assert prompter.ask("A question") == "an answer"
    assert prompter._readline is None


# A VISIT argument in everyday words (today pinned to Monday 2026-11-23): the visit on the nearest such day.
SPOKEN = [
    ("2026-12-03", "2026-12-03"),
    ("dec 3", "2026-12-03"),
    ("12/3", "2026-12-03"),
    ("this thursday", "2026-11-26"),
    ("last friday", "2026-11-20"),
    ("november 20", "2026-11-20"),
]


@pytest.mark.parametrize(("query", "day"), SPOKEN)
def test_a_visit_can_be_named_by_its_date_in_everyday_words(query, day, run, home, tmp_path, pinned_day):
    ids = {d: save_visit(run, tmp_path, d, "Dr. Rivera") for d in ("2026-11-20", "2026-11-26", "2026-12-03")}
    shown = run("visits", "show", query, "--format", "json")
    assert shown.exit_code == 0, shown
    assert json.loads(shown.stdout)["id"] == ids[day]


def test_a_spoken_day_without_a_visit_says_which_day_it_read(run, home, tmp_path, pinned_day):
    save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera")
    result = run("visits", "show", "dec 4")
    assert result.exit_code == 1
    assert "No visit on Friday 4 December 2026 (read from 'dec 4')" in result.stderr
    assert "Traceback" not in result.stderr
