"""forget is exact (issue 12, item 7): it deletes only the files rrmm-prep wrote (its temp files included), takes a
forgotten visit out of the journal exports, deletes the record last, can finish after a partial failure, says
exactly what it deleted, left and could not delete, forgets damaged records by id and by date, and leaves a data
folder the person chose with its own permissions.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from helpers import (
    NO_DEBUG,
    answers_file,
    files_under,
    record_path,
    save_visit,
    write_record,
)

SECRET = "Zanzibar-5521"


@pytest.fixture
def own_cache(tmp_path, monkeypatch, _content_cache) -> Path:
    """A copy of the session's content cache for this test alone: forget --everything deletes the cache too."""
    folder = tmp_path / "xdg-cache"
    shutil.copytree(_content_cache, folder)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "rrmm-prep"


@pytest.fixture
def two_visits(run, tmp_path, home, own_cache) -> tuple[str, str]:
    """A visit to keep and one to forget (its clinician and notes hold SECRET); returns (keep, gone)."""
    keep = save_visit(run, tmp_path, "2026-10-01", "Dr. Keep", notes="kept notes")
    gone = save_visit(
        run,
        tmp_path,
        "2026-12-03",
        f"Dr. {SECRET}",
        notes=f"notes {SECRET}",
        private_notes=f"private {SECRET}",
    )
    assert run("visits").exit_code == 0  # index.json
    return keep, gone


def _deleted_count(result) -> int:
    match = re.search(r"Deleted (\d+) files? of", result.stdout)
    assert match, result
    return int(match.group(1))


def _left(result) -> list[str]:
    return sorted(re.findall(r"Left in place, not rrmm-prep's: (\S+)", result.stdout))


def _stop_a_walk(run, command: str) -> None:
    from rrmm_prep import ui

    ui.set_prompter(ui.ScriptedPrompter(["^C"]))
    assert run(command).exit_code == 130


# ------------------------------------------------------------------------------------------------ a chosen folder


@pytest.fixture
def chosen(tmp_path, monkeypatch, own_cache) -> Path:
    """RRMM_PREP_HOME pointing at a folder the person made (group-shared, 0750) holding their own files."""
    folder = tmp_path / "family-folder"
    folder.mkdir()
    folder.chmod(0o750)
    for name, text in {"exports/tax.pdf": "%PDF their tax return", "cache/notes.txt": "their notes"}.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text)
    monkeypatch.setenv("RRMM_PREP_HOME", str(folder))
    return folder


def test_forget_everything_in_a_chosen_folder_deletes_only_its_own_files(chosen, own_cache, run, tmp_path):
    theirs = {chosen / "exports/tax.pdf", chosen / "cache/notes.txt"}
    visit_id = save_visit(
        run, tmp_path, "2026-12-03", "Dr. Rivera", about_me={"name": "Robert Lee"}, notes=f"notes {SECRET}"
    )
    for argv in (
        ["export"],
        ["export", "--all"],
        ["export", "--all", "--format", "txt"],
        ["export", "--for-family"],
    ):
        assert run(*argv).exit_code == 0, argv
    assert run("print", "--no-open").exit_code == 0
    assert run("visits").exit_code == 0
    _stop_a_walk(run, "after-visit")
    for temp in (
        "visits/.tmp-a1b2.part",
        ".tmp-c3d4.part",
        "exports/.tmp-e5f6.part",
        "drafts/.tmp-g7h8.part",
    ):
        (chosen / temp).write_text("half a save")  # left by saves that were killed
    printed = Path(os.environ["XDG_DOCUMENTS_DIR"]) / "rrmm-prep" / f"{visit_id}.html"
    ours = {p for p in chosen.rglob("*") if p.is_file()} - theirs | {printed, own_cache / "content.json"}
    names = {str(p.relative_to(chosen)) for p in ours if chosen in p.parents}
    assert {
        "about.json",
        "index.json",
        "written.json",
        f"visits/{visit_id}.json",
        "exports/journal.md",
    } <= names
    assert all(p.is_file() for p in ours)

    result = run("forget", "--everything", "--yes")
    assert result.exit_code == 0, result
    assert not [p for p in ours if p.exists()], "files of rrmm-prep left behind"
    assert all(p.read_text() for p in theirs), "their own files were deleted"
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o750, "the folder the person chose changed its permissions"
    assert _deleted_count(result) == len(ours), result
    assert _left(result) == sorted(str(p) for p in theirs), result
    assert sorted(files_under(chosen)) == ["cache/notes.txt", "exports/tax.pdf"]
    assert sorted(p.name for p in chosen.iterdir()) == ["cache", "exports"], "empty folders of its own stay"


@pytest.mark.parametrize("mode", [0o750, 0o755, 0o770, 0o700])
def test_a_chosen_folder_keeps_its_mode_and_the_tool_makes_its_own_folders_private(
    mode, chosen, run, tmp_path
):
    chosen.chmod(mode)
    assert run("new-visit", "--no-input").exit_code == 0
    assert run("export").exit_code == 0
    assert stat.S_IMODE(chosen.stat().st_mode) == mode
    assert stat.S_IMODE((chosen / "visits").stat().st_mode) == 0o700  # made by the tool


def test_a_data_folder_the_tool_creates_is_private(run, tmp_path):
    home = tmp_path / "fresh" / "data"
    result = run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(home)})
    assert result.exit_code == 0, result
    for folder in (tmp_path / "fresh", home, home / "visits"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


# ------------------------------------------------------------------------------------------------ one visit


def test_forget_a_visit_takes_it_out_of_the_journals_and_deletes_its_exports(two_visits, run, home):
    keep, gone = two_visits
    for argv in (
        ["export", "--all"],
        ["export", "--all", "--format", "txt"],
        ["export", "--all", "--format", "html"],
        ["export", "--all", "--for-family"],
        ["export", gone],
        ["export", gone, "--format", "txt"],
        ["export", gone, "--for-family"],
        ["export", keep],
        ["print", gone, "--no-open"],
    ):
        assert run(*argv).exit_code == 0, argv
    exports = home / "exports"
    journals = ["journal-family.md", "journal.html", "journal.md", "journal.txt"]
    assert all(SECRET in (exports / j).read_text() for j in journals if "family" not in j)
    printed = Path(os.environ["XDG_DOCUMENTS_DIR"]) / "rrmm-prep" / f"{gone}.html"
    assert printed.is_file()

    result = run("forget", gone, "--yes")
    assert result.exit_code == 0, result
    assert sorted(p.name for p in exports.iterdir()) == sorted([*journals, f"{keep}.md"])
    for name in journals:
        text = (exports / name).read_text()
        assert SECRET not in text and gone not in text, name
        assert "Dr. Keep" in text, f"{name} should still hold the visit that was kept"
    assert not printed.exists()
    assert not record_path(home, gone).exists() and not (home / "visits" / f"{gone}.md").exists()
    holding = [name for name in files_under(home) if SECRET.encode() in (home / name).read_bytes()]
    assert not holding, f"files still holding the forgotten visit: {holding}"
    assert _deleted_count(result) == 6  # record, summary, three exports, the printed page


@pytest.mark.parametrize("visits_left", [1, 0], ids=["a visit left", "no visit left"])
def test_forget_a_visit_leaves_a_journal_that_is_not_the_tools(visits_left, chosen, run, tmp_path):
    """In a folder the person chose, exports/journal.md may be their own diary: it is neither made again nor
    deleted."""
    ids = [save_visit(run, tmp_path, f"2026-1{i}-01", "Dr. A") for i in range(visits_left + 1)]
    theirs = chosen / "exports" / "journal.md"
    theirs.write_text("My own journal: the walk by the river on Sunday.\n")
    result = run("forget", ids[-1], "--yes")
    assert result.exit_code == 0, result
    assert theirs.read_text() == "My own journal: the walk by the river on Sunday.\n"
    assert "made again" not in result.stdout


def test_forget_the_last_visit_deletes_the_journals(run, home, tmp_path):
    only = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera")
    assert run("export", "--all").exit_code == 0
    assert run("forget", only, "--yes").exit_code == 0
    assert files_under(home / "exports") == []


def test_forget_leaves_the_drafts_of_another_visit(run, home, tmp_path, prompter):
    """Visits 2026-12-03-dr-a and 2026-12-03-dr-a-2: forgetting the first keeps the second's draft, and
    after-visit on the first does not offer the second's draft."""
    first = save_visit(run, tmp_path, "2026-12-03", "Dr. A")
    second = save_visit(run, tmp_path, "2026-12-03", "Dr. A")
    assert second == f"{first}-2"
    prompter({"Which questions got an answer": "^C"})
    assert run("after-visit", second).exit_code == 130
    (draft,) = (home / "drafts").glob("*.json")
    p = prompter({})
    result = run("after-visit", first)
    assert result.exit_code == 0, result
    assert not [label for label in p.labels if "draft" in label.lower()], (
        "the other visit's draft was offered"
    )
    assert run("forget", first, "--yes").exit_code == 0
    assert draft.exists(), "the draft of another visit was deleted"
    assert run("forget", second, "--yes").exit_code == 0
    assert not draft.exists()


# Damage -> the record as written on disk.
DAMAGED = {
    "not JSON": b"{not json",
    "wrong types": json.dumps({"info": 5, "questions": "x"}).encode(),
    "newer schema": json.dumps({"schema": 99, "info": {"date": "2026-10-01"}}).encode(),
    "empty": b"",
}


@pytest.mark.parametrize("damage", list(DAMAGED))
@pytest.mark.parametrize("how", ["by id", "by date"])
def test_a_damaged_record_can_be_forgotten(damage, how, two_visits, run, home, tmp_path):
    keep, gone = two_visits
    broken = save_visit(run, tmp_path, "2026-11-01", "Dr. Broken")
    write_record(home, broken, DAMAGED[damage])
    result = run("forget", broken if how == "by id" else "2026-11-01", "--yes", env=NO_DEBUG)
    assert result.exit_code == 0, result
    assert not record_path(home, broken).exists() and not (home / "visits" / f"{broken}.md").exists()
    assert record_path(home, keep).exists() and record_path(home, gone).exists()
    assert _deleted_count(result) == 2


@pytest.mark.parametrize("query", ["2026-11", "2026", "2026-11-0", "dr-broken"])
def test_a_damaged_record_is_not_forgotten_by_part_of_its_name(query, two_visits, run, home, tmp_path):
    broken = save_visit(run, tmp_path, "2026-11-01", "Dr. Broken")
    path = write_record(home, broken, b"{not json")
    result = run("forget", query, "--yes", env=NO_DEBUG)
    assert result.exit_code == 1 and f"No visit '{query}'" in result.stderr, result
    assert path.read_bytes() == b"{not json"


# ------------------------------------------------------------------------------------------------ order and failures


@pytest.fixture
def unlinks(monkeypatch) -> list[str]:
    """Every file deleted (os.unlink, which Path.unlink uses), in order."""
    done: list[str] = []
    real = os.unlink

    def unlink(path, *a, **k):
        real(path, *a, **k)
        done.append(os.fspath(path))

    monkeypatch.setattr(os, "unlink", unlink)
    return done


def test_forget_a_visit_deletes_its_record_last(two_visits, run, home, unlinks):
    keep, gone = two_visits
    for argv in (["export", gone], ["export", gone, "--format", "txt"], ["print", gone, "--no-open"]):
        assert run(*argv).exit_code == 0
    unlinks.clear()
    assert run("forget", gone, "--yes").exit_code == 0
    mine = [p for p in unlinks if gone in Path(p).name]
    assert len(mine) == 5, unlinks
    assert unlinks[-1] == str(record_path(home, gone)), unlinks


def test_forget_everything_deletes_the_records_last(two_visits, run, home, unlinks):
    keep, gone = two_visits
    assert run("export", "--all").exit_code == 0
    _stop_a_walk(run, "new-visit")
    unlinks.clear()
    assert run("forget", "--everything", "--yes").exit_code == 0
    records = {str(record_path(home, v)) for v in two_visits}
    assert set(unlinks[-2:]) == records, unlinks
    assert len(unlinks) > 4


def _refusing(monkeypatch, refused) -> list[str]:
    """Make os.unlink fail with EACCES for the paths ``refused(path)`` picks, as a read-only folder would."""
    real = os.unlink
    tried: list[str] = []

    def unlink(path, *a, **k):
        if refused(Path(os.fspath(path))):
            tried.append(os.fspath(path))
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real(path, *a, **k)

    monkeypatch.setattr(os, "unlink", unlink)
    return tried


@pytest.mark.parametrize(
    "what",
    ["an export", "the summary", "the printed page"],
)
def test_a_partial_failure_is_reported_and_running_again_finishes(what, two_visits, run, home, monkeypatch):
    """Injected: one file of the visit cannot be deleted. forget says which, exits 1, keeps the record (so the
    visit can still be named), and the same command finishes once the file can be deleted."""
    keep, gone = two_visits
    assert run("export", gone).exit_code == 0
    assert run("print", gone, "--no-open").exit_code == 0
    stuck = {
        "an export": home / "exports" / f"{gone}.md",
        "the summary": home / "visits" / f"{gone}.md",
        "the printed page": Path(os.environ["XDG_DOCUMENTS_DIR"]) / "rrmm-prep" / f"{gone}.html",
    }[what]
    with monkeypatch.context() as mp:
        tried = _refusing(mp, lambda p: p == stuck)
        result = run("forget", gone, "--yes", env=NO_DEBUG)
    assert tried, "test bug: the file was never tried"
    assert result.exit_code == 1, result
    assert f"Could not delete: {stuck} (Permission denied)" in result.stderr, result
    assert "run the same command again" in result.stderr
    assert stuck.exists() and record_path(home, gone).exists(), (
        "the record goes last, and only when all else went"
    )
    again = run("forget", gone, "--yes", env=NO_DEBUG)
    assert again.exit_code == 0, again
    assert not stuck.exists() and not record_path(home, gone).exists()
    assert record_path(home, keep).exists()


def test_a_partial_failure_of_forget_everything_finishes_when_run_again(two_visits, run, home, monkeypatch):
    assert run("export", "--all").exit_code == 0
    stuck = home / "exports" / "journal.md"
    with monkeypatch.context() as mp:
        _refusing(mp, lambda p: p == stuck)
        result = run("forget", "--everything", "--yes", env=NO_DEBUG)
    assert result.exit_code == 1, result
    assert f"Could not delete: {stuck}" in result.stderr and "run the same command again" in result.stderr
    assert _left(result) == [], "a file that could not be deleted is not 'not rrmm-prep's'"
    assert files_under(home) == ["exports/journal.md"]
    again = run("forget", "--everything", "--yes", env=NO_DEBUG)
    assert again.exit_code == 0, again
    assert files_under(home) == []
    assert _deleted_count(again) == 1


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root can delete in a read-only folder; the injected tests above cover it"
)
def test_a_read_only_folder_is_reported_and_running_again_finishes(two_visits, run, home):
    keep, gone = two_visits
    assert run("export", gone).exit_code == 0
    exports = home / "exports"
    exports.chmod(0o500)
    try:
        result = run("forget", gone, "--yes", env=NO_DEBUG)
    finally:
        exports.chmod(0o700)
    assert result.exit_code == 1, result
    assert str(exports / f"{gone}.md") in result.stderr and "run the same command again" in result.stderr
    assert record_path(home, gone).exists()
    assert run("forget", gone, "--yes", env=NO_DEBUG).exit_code == 0
    assert not record_path(home, gone).exists() and not (exports / f"{gone}.md").exists()


# ------------------------------------------------------------------------------------------------ asking first


def test_forget_one_visit_with_yes(two_visits, run, home):
    keep, gone = two_visits
    kept = record_path(home, keep).read_bytes()
    result = run("forget", gone, "--yes")
    assert result.exit_code == 0, result
    assert record_path(home, keep).read_bytes() == kept
    listed = json.loads(run("visits", "--format", "json").stdout)["visits"]
    assert [v["id"] for v in listed] == [keep]


def test_forget_leaves_no_trace_of_the_visit(two_visits, run, home):
    """Nothing in the data folder still holds what was in a forgotten visit: not its exports, not its
    after-visit draft, not the visit list cache."""
    keep, gone = two_visits
    assert run("export", gone, "--format", "html").exit_code == 0
    from rrmm_prep import ui

    ui.set_prompter(ui.ScriptedPrompter(["^C"]))
    assert run("after-visit", gone).exit_code == 130
    assert run("forget", gone, "--yes").exit_code == 0
    holding = [name for name in files_under(home) if SECRET.encode() in (home / name).read_bytes()]
    assert not holding, f"files still holding the forgotten visit: {holding}"


@pytest.mark.parametrize(
    ("typed", "deleted"),
    [("y", True), ("yes", True), ("n", False), ("", False), ("^C", False), ("^D", False)],
)
def test_forget_asks_first(typed, deleted, two_visits, run, home):
    from rrmm_prep import ui

    keep, gone = two_visits
    prompter = ui.ScriptedPrompter([typed])
    ui.set_prompter(prompter)
    result = run("forget", gone)
    assert "Traceback" not in result.output
    assert len(prompter.asked) == 1 and gone in prompter.asked[0], prompter.asked
    assert record_path(home, gone).exists() is not deleted, result
    assert record_path(home, keep).exists()
    assert ("Nothing was deleted" in result.output) is not deleted


@pytest.mark.parametrize(("typed", "deleted"), [("y", True), ("n", False), ("^C", False)])
def test_forget_everything_asks_first(typed, deleted, two_visits, run, home):
    from rrmm_prep import ui

    before = files_under(home)
    ui.set_prompter(ui.ScriptedPrompter([typed]))
    result = run("forget", "--everything")
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result
    assert files_under(home) == ([] if deleted else before)


def test_forget_everything_keeps_files_that_are_not_the_tools(two_visits, run, home):
    """RRMM_PREP_HOME may be a folder shared with other things (the README suggests a synced family folder)."""
    other = home / "family-photo.jpg"
    other.write_bytes(b"\xff\xd8 a photo")
    nested = home / "Letters" / "to-grandma.txt"
    nested.parent.mkdir()
    nested.write_text("Dear grandma")
    in_visits = home / "visits" / "README.txt"
    in_visits.write_text("what these files are")
    result = run("forget", "--everything", "--yes")
    assert result.exit_code == 0, result
    assert other.exists() and nested.exists() and in_visits.exists()
    assert files_under(home) == ["Letters/to-grandma.txt", "family-photo.jpg", "visits/README.txt"]
    assert _left(result) == sorted([str(other), str(in_visits)]), result


@pytest.mark.parametrize(
    "argv", [["forget", "2026-12-03"], ["forget", "--everything"]], ids=["one", "everything"]
)
@pytest.mark.parametrize("how", ["in-process", "installed script"])
def test_forget_without_a_terminal_refuses_without_yes(argv, how, two_visits, run, script, home):
    before = files_under(home)
    if how == "in-process":
        result = run(*argv, env=NO_DEBUG)
    else:
        result = script(*argv, env={"RRMM_PREP_HOME": str(home), "RRMM_PREP_DEBUG": None})
    assert result.exit_code == 2, result
    assert "--yes" in result.stderr
    assert files_under(home) == before


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["forget"], "--everything"),
        (["forget", "2026-12-03", "--everything", "--yes"], "--everything"),
        (["forget", "1999-01-01", "--yes"], "1999-01-01"),
        (["forget", "no-such-visit", "--yes"], "no-such-visit"),
    ],
    ids=["nothing named", "both", "no such date", "no such id"],
)
def test_forget_refuses_unclear_requests(argv, word, two_visits, run, home):
    before = files_under(home)
    result = run(*argv, env=NO_DEBUG)
    assert result.exit_code in (1, 2), result
    assert word in result.stderr
    assert files_under(home) == before


def test_forget_everything_where_the_data_folder_cannot_be(run, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("I am a file\n")
    result = run("forget", "--everything", "--yes", env={**NO_DEBUG, "RRMM_PREP_HOME": str(blocker / "home")})
    assert result.exit_code == 1, result
    assert f"{blocker} is a file" in result.stderr and "RRMM_PREP_HOME" in result.stderr
    assert "Deleted" not in result.stdout
    assert blocker.read_text() == "I am a file\n"


def test_forget_after_an_after_visit_leaves_nothing_of_it(run, home, tmp_path):
    """A visit rewritten by after-visit (a second revision, a lock taken and let go), then forgotten."""
    visit_id = save_visit(
        run,
        tmp_path,
        "2026-12-03",
        f"Dr. {SECRET}",
        about_me={"name": "Robert Lee"},
        notes=SECRET,
        my_questions=[f"About {SECRET}?"],
    )
    after = answers_file(tmp_path, "after.yaml", answers={"1": SECRET}, for_family=SECRET)
    assert run("after-visit", visit_id, "--answers", after).exit_code == 0
    assert run("forget", visit_id, "--yes").exit_code == 0
    holding = [name for name in files_under(home) if SECRET.encode() in (home / name).read_bytes()]
    assert not holding, holding
