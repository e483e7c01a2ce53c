"""Faults: a write that fails half way, a read-only or missing data folder, damaged records, drafts and index,
and several runs at once. For each: nothing saved before is changed or lost, no half-written or temp file is left
in the data folder, the message says what to do, the exit code is non-zero, and there is no traceback.

Faults are made two ways: for real where the system allows it (``ulimit -f`` on the installed script, a chmod
0500 folder when not root), and by injection in-process (every write, rename, link and unlink under the data
folder can be made to fail), which also covers CI running as root.

The in-process runs here pass ``RRMM_PREP_DEBUG`` unset, so a bug shows as the user would meet it (exit 70,
"Something went wrong") rather than as a test error; the assertion message then says so.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import (
    CONSOLE_SCRIPT,
    NO_DEBUG,
    DictPrompter,
    FailingDisk,
    ReadOnly,
    Result,
    answers_file,
    has_proc,
    leftovers,
    save_visit,
    user_data,
)

# A message that says what to do: one of these words or phrases.
WHAT_TO_DO = re.compile(
    r"try again|free some space|check (its|the|that)|set RRMM_PREP_HOME|choose|move|remove|rename|run 'rrmm-prep|"
    r"run the same command again|update rrmm-prep|restore|fix",
    re.IGNORECASE,
)


def assert_clean_failure(result: Result, *, codes=(1, 2)) -> None:
    assert result.exit_code != 70, f"an unexpected exception reached the user (exit 70)\n{result!r}"
    assert result.exit_code in codes, result
    assert "Traceback" not in result.output, result
    assert WHAT_TO_DO.search(result.stderr), f"the message should say what to do\n{result!r}"


needs_proc = pytest.mark.skipif(not has_proc(), reason="needs /proc to map file descriptors to paths")


def _big_answers(tmp_path: Path) -> Path:
    """An answers file whose summary is large: '&' becomes '&amp;' in Markdown, so the summary (written second)
    is several times the size of the record (written first)."""
    return answers_file(
        tmp_path,
        "big.yaml",
        visit={"date": "2026-12-03", "with": "Dr. Rivera, hematology"},
        notes="Tom & Jerry & co " * 4000,
        my_questions=[f"Question {i} about <this> & [that]?" for i in range(60)],
    )


# ------------------------------------------------------------------------------------------------ half-written


COMMANDS = {
    "new-visit --answers": lambda tmp: ["new-visit", "--answers", _big_answers(tmp)],
    "new-visit --no-input": lambda tmp: ["new-visit", "--no-input"],
    "after-visit --answers": lambda tmp: [
        "after-visit",
        "--answers",
        answers_file(tmp, "after.yaml", answers={"1": "Yes & no " * 2000}, decisions="<b>KRd</b> " * 500),
    ],
    "export": lambda tmp: ["export", "--format", "html"],
    "export --all": lambda tmp: ["export", "--all", "--format", "txt"],
}


@pytest.fixture
def two_visits(run, tmp_path, home):
    """Two visits already saved; returns their ids (the later one is the latest)."""
    first = save_visit(run, tmp_path, "2026-10-01", "Dr. Early", notes="The first visit & its notes.")
    second = save_visit(run, tmp_path, "2026-11-05", "Dr. Later", my_questions=["Will the rash go away?"])
    # Build the content cache and the index now, so the sweeps below count only the command's own writes.
    assert run("drugs", "bortezomib").exit_code == 0
    assert run("visits").exit_code == 0
    return first, second


@needs_proc
@pytest.mark.parametrize(
    ("err", "persistent", "on"),
    [
        (errno.ENOSPC, True, "write"),
        (errno.ENOSPC, False, "write"),
        (errno.EDQUOT, True, "write"),
        (errno.EFBIG, True, "write"),
        (errno.EIO, True, "fsync"),
        (errno.EIO, False, "rename"),
        (errno.EROFS, True, "rename"),
    ],
    ids=[
        "disk full",
        "one failed write",
        "quota",
        "file too big",
        "fsync EIO",
        "one failed rename",
        "disk turns read-only",
    ],
)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_write_that_fails_half_way_changes_nothing(
    command, err, persistent, on, two_visits, run, tmp_path, home, request
):
    """Fail the 1st, 2nd, 3rd... write of the command in turn (until it has none left to fail): each time the
    visits saved before are byte for byte as they were, no temp or partial file is left, and the message says
    what to do."""
    if command == "after-visit --answers" and on == "rename" and persistent:
        # A visit is two files (record and summary); no rename makes two files change as one. If the disk turns
        # read-only between the two renames, the summary is already new and cannot be put back: rrmm-prep then
        # says exactly that (the record is as it was). Kept as a strict xfail so a real fix shows up.
        request.applymarker(pytest.mark.xfail(strict=True, reason="two files cannot be replaced as one"))
    argv = COMMANDS[command](tmp_path)
    before = user_data(home)
    failures = 0
    problems: list[str] = []  # collected over the whole sweep, so one run shows every failing write
    for k in range(1, 40):
        disk = FailingDisk(home, fail_at=k, err=err, persistent=persistent, on=on)
        with disk.installed():
            result = run(*argv, env=NO_DEBUG)
        now = user_data(home)
        if disk.failed == 0:  # the command made fewer than k writes: it ran without a fault
            assert result.exit_code == 0, result
            break
        if result.exit_code == 0:
            # The fault hit a cache write (index.json, the content cache), which may be ignored: the command
            # did its job. Take the new state as the one to keep from now on.
            before = now
        else:
            failures += 1
            try:
                assert_clean_failure(result)
            except AssertionError as exc:
                problems.append(f"fault {k}: {exc}")
            changed = sorted(n for n in {*before, *now} if before.get(n) != now.get(n))
            if changed:
                problems.append(f"fault {k} ({on}) failed and saved files changed: {changed}")
                before = now  # report each change once
        left = leftovers(home)
        if left:
            problems.append(f"fault {k} ({on}) failed and left files behind: {left}")
            for name in left:  # start the next round clean, so each problem is reported once, where it starts
                (home / name).unlink()
    else:
        pytest.fail("the command kept failing")
    assert not problems, "\n".join(problems)
    assert failures >= 1, "no write of this command was ever made to fail"


def _run_limited(limit_kb: int, argv: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, RRMM_PREP_HOME=str(home))
    env.pop("RRMM_PREP_DEBUG", None)
    cmd = ["bash", "-c", f'ulimit -f {limit_kb}; exec "$0" "$@"', str(CONSOLE_SCRIPT), *map(str, argv)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False)


@pytest.mark.parametrize("command", ["new-visit --answers", "after-visit --answers", "export"])
def test_file_size_limit_ulimit(command, two_visits, tmp_path, home):
    """The installed script under ``ulimit -f``: the kernel sends SIGXFSZ when a write passes the limit. The tool
    must not be killed by it (Python ignores SIGXFSZ, so the write fails with EFBIG): a clean message instead."""
    argv = COMMANDS[command](tmp_path)
    before = user_data(home)
    outcomes = []
    for limit_kb in (1, 4, 16, 32, 64, 128, 256, 1024):
        proc = _run_limited(limit_kb, argv, home, tmp_path)
        result = Result(proc.returncode, proc.stdout, proc.stderr)
        outcomes.append((limit_kb, proc.returncode))
        assert proc.returncode >= 0, (
            f"killed by signal {signal.Signals(-proc.returncode).name} at {limit_kb} KB"
        )
        assert proc.returncode != 128 + signal.SIGXFSZ, f"killed by SIGXFSZ at {limit_kb} KB\n{result!r}"
        if proc.returncode == 0:
            break
        assert_clean_failure(result)
        assert "larger than" in proc.stderr or "too large" in proc.stderr.lower(), result
        assert user_data(home) == before, f"saved data changed at {limit_kb} KB"
        assert leftovers(home) == [], f"files left behind at {limit_kb} KB"
    assert outcomes[0][1] != 0, "the smallest limit should make the command fail"
    assert outcomes[-1][1] == 0, f"the command never succeeded: {outcomes}"


def test_python_ignores_sigxfsz_in_the_installed_script(tmp_path):
    """The premise of the test above, checked directly: the console script's interpreter ignores SIGXFSZ."""
    python = Path(CONSOLE_SCRIPT.read_text().splitlines()[0][2:].strip())
    code = "import signal; print(signal.getsignal(signal.SIGXFSZ) == signal.SIG_IGN)"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_new_visit_fails_cleanly_when_the_summary_cannot_be_written(
    two_visits, run, tmp_path, home, monkeypatch
):
    """The record is written, then the summary fails: the record of the new visit is taken back."""
    from rrmm_prep.store import files

    real = files.atomic_write

    def failing(path, text, *a, **k):
        if Path(path).suffix == ".md" and Path(path).parent.name == "visits":
            raise files._write_error(Path(path), OSError(errno.ENOSPC, "No space left on device"))
        return real(path, text, *a, **k)

    monkeypatch.setattr(files, "atomic_write", failing)
    before = user_data(home)
    result = run("new-visit", "--answers", _big_answers(tmp_path), env=NO_DEBUG)
    assert_clean_failure(result)
    assert user_data(home) == before
    assert leftovers(home) == []


@needs_proc
@pytest.mark.parametrize("command", ["new-visit --answers", "after-visit --answers", "new-visit --no-input"])
def test_an_answers_file_on_a_full_disk_saves_once_there_is_room(command, two_visits, run, tmp_path, home):
    """Without a terminal there is nobody to ask to free space: the run fails cleanly, changing nothing, and the
    same command saves once there is room."""
    argv = COMMANDS[command](tmp_path)
    before = user_data(home)
    disk = FailingDisk(home, fail_at=1)  # every write under the data folder fails: the disk is full
    with disk.installed():
        full = run(*argv, env=NO_DEBUG)
        assert disk.failed, "test bug: no write failed"
        assert_clean_failure(full)
        assert "the disk is full" in full.stderr and "Nothing saved before was changed" in full.stderr
        assert user_data(home) == before and leftovers(home) == []
        disk.free()
        again = run(*argv, env=NO_DEBUG)
    assert again.exit_code == 0, again
    assert user_data(home) != before
    assert leftovers(home) == []
    assert list((home / "drafts").glob("*.json")) == [], "no draft is left by a run from a file"


# ------------------------------------------------------------------------------------------------ read-only


READ_ONLY_FAIL = {
    "new-visit --no-input": ["new-visit", "--no-input"],
    "after-visit --no-input": ["after-visit", "--no-input"],
    "export": ["export"],
    "forget VISIT --yes": ["forget", "2026-10-01", "--yes"],
    "forget --everything --yes": ["forget", "--everything", "--yes"],
}
READ_ONLY_WORK = {
    "visits": ["visits"],
    "visits show": ["visits", "show", "2026-10-01"],
    "drugs": ["drugs", "bortezomib"],
    "questions": ["questions"],
    "export --output elsewhere": ["export", "--output", "{tmp}/out.md"],
}


@needs_proc
@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES], ids=["read-only disk", "permission denied"])
@pytest.mark.parametrize("command", list(READ_ONLY_FAIL))
def test_read_only_data_folder_refuses_cleanly(command, err, two_visits, run, tmp_path, home):
    before = user_data(home)
    with ReadOnly(home, err).installed() as ro:
        result = run(*READ_ONLY_FAIL[command], env=NO_DEBUG)
    assert ro.blocked, "test bug: nothing was blocked"
    assert_clean_failure(result)
    assert str(home) in result.stderr, result
    assert user_data(home) == before


@needs_proc
@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES], ids=["read-only disk", "permission denied"])
@pytest.mark.parametrize("command", list(READ_ONLY_WORK))
def test_read_only_data_folder_still_reads(command, err, two_visits, run, tmp_path, home):
    """Reading needs no writing: listing, showing, browsing and exporting elsewhere still work."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in READ_ONLY_WORK[command]]
    before = user_data(home)
    with ReadOnly(home, err).installed():
        result = run(*argv, env=NO_DEBUG)
    assert result.exit_code == 0, result
    assert "Traceback" not in result.output
    assert user_data(home) == before


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores folder permissions; covered by the injected tests above"
)
@pytest.mark.parametrize("command", list(READ_ONLY_FAIL))
def test_chmod_0500_data_folder(command, two_visits, run, tmp_path, home):
    before = user_data(home)
    folders = [home, *[p for p in home.rglob("*") if p.is_dir()]]
    for folder in folders:
        folder.chmod(0o500)
    try:
        result = run(*READ_ONLY_FAIL[command], env=NO_DEBUG)
    finally:
        for folder in folders:
            folder.chmod(0o700)
    assert_clean_failure(result)
    assert user_data(home) == before


# ------------------------------------------------------------------------------------------------ folder gone


UNDER_A_FILE = [
    ["new-visit", "--no-input"],
    ["after-visit", "--no-input"],
    ["visits"],
    ["export"],
    ["forget", "--everything", "--yes"],
]


@pytest.mark.parametrize("argv", UNDER_A_FILE, ids=[" ".join(a) for a in UNDER_A_FILE])
def test_data_folder_under_a_regular_file(argv, run, tmp_path):
    """RRMM_PREP_HOME=/path/to/a-file/home: a folder that cannot exist."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("I am a file\n")
    home = blocker / "home"
    result = run(*argv, env={**NO_DEBUG, "RRMM_PREP_HOME": str(home)})
    assert_clean_failure(result)
    assert str(home) in result.stderr or str(blocker) in result.stderr, result
    assert blocker.read_text() == "I am a file\n"


def test_browsing_works_with_a_data_folder_that_cannot_exist(run, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("I am a file\n")
    result = run("drugs", "bortezomib", env={**NO_DEBUG, "RRMM_PREP_HOME": str(blocker / "home")})
    assert result.exit_code == 0, result
    assert "bortezomib" in result.stdout.lower()


def test_folder_that_vanishes_between_runs(two_visits, run, tmp_path, home):
    shutil.rmtree(home)
    listed = run("visits", env=NO_DEBUG)
    assert listed.exit_code == 0, listed
    assert "No visits" in listed.stdout
    made = run("new-visit", "--no-input", env=NO_DEBUG)
    assert made.exit_code == 0, made
    assert (home / "visits").stat().st_mode & 0o777 == 0o700
    assert len(list((home / "visits").glob("*.json"))) == 1


def test_folder_that_vanishes_during_a_run(two_visits, run, tmp_path, home, monkeypatch):
    """The folder is removed (say, by a sync tool) while the summary is being made: the new visit is still saved."""
    from rrmm_prep.render import summary

    real = summary.markdown

    def vanish(*a, **k):
        shutil.rmtree(home)
        return real(*a, **k)

    monkeypatch.setattr(summary, "markdown", vanish)
    result = run("new-visit", "--no-input", env=NO_DEBUG)
    assert result.exit_code == 0, result
    assert len(list((home / "visits").glob("*.md"))) == 1
    assert leftovers(home) == []


def test_visits_folder_replaced_by_a_file(two_visits, run, home):
    shutil.rmtree(home / "visits")
    (home / "visits").write_text("not a folder")
    for argv in (["visits"], ["new-visit", "--no-input"]):
        result = run(*argv, env=NO_DEBUG)
        assert_clean_failure(result)
        assert str(home / "visits") in result.stderr, result
    assert (home / "visits").read_text() == "not a folder"


# ------------------------------------------------------------------------------------------------ damaged records


def _wrong_types(good: dict) -> str:
    return json.dumps({**good, "info": 5, "questions": "not a list"})


DAMAGE = {
    "garbage": lambda good, raw: b"this is not JSON at all {{{",
    "truncated": lambda good, raw: raw[: len(raw) // 2],
    "empty": lambda good, raw: b"",
    "nul bytes": lambda good, raw: b"\x00" * len(raw),
    "not UTF-8": lambda good, raw: raw.replace(b'"', b"\xff", 3),
    "wrong types": lambda good, raw: _wrong_types(good).encode(),
    "a list": lambda good, raw: b"[1, 2, 3]",
    "a string": lambda good, raw: b'"a visit"',
    "null": lambda good, raw: b"null",
    "question of wrong shape": lambda good, raw: json.dumps({**good, "questions": [{"text": 5}]}).encode(),
    "from a newer version": lambda good, raw: json.dumps({**good, "schema": 99}).encode(),
    "schema not a number": lambda good, raw: json.dumps({**good, "schema": "one"}).encode(),
    "ask_first not numbers": lambda good, raw: json.dumps({**good, "ask_first": ["x"]}).encode(),
    "after of wrong shape": lambda good, raw: json.dumps({**good, "after": [1]}).encode(),
    "deeply nested": lambda good, raw: b"[" * 100_000 + b"]" * 100_000,
}


# What a message about the record says: a newer record is not damaged, and must not be called so.
SAYS_WHY = {"damaged": r"\bdamaged\b", "newer": r"made by a newer rrmm-prep \(record version 99\)"}


def damaged_kind(path: Path) -> str:
    return "newer" if b'"schema": 99' in path.read_bytes() else "damaged"


@pytest.fixture
def damaged(request, run, tmp_path, home):
    """Three visits; the middle one's record damaged on disk. Returns (good ids, damaged id, damaged path)."""
    a = save_visit(run, tmp_path, "2026-09-01", "Dr. Alpha", notes="alpha notes")
    d = save_visit(run, tmp_path, "2026-10-01", "Dr. Delta", notes="delta notes")
    b = save_visit(run, tmp_path, "2026-11-01", "Dr. Beta", notes="beta notes")
    assert run("visits").exit_code == 0  # the index knows the good version
    path = home / "visits" / f"{d}.json"
    raw = path.read_bytes()
    path.write_bytes(DAMAGE[request.param](json.loads(raw), raw))
    return (a, b), d, path


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_damaged_record_is_listed_and_hides_nothing(damaged, run, home):
    (a, b), d, path = damaged
    result = run("visits", env=NO_DEBUG)
    assert result.exit_code == 0, result
    assert "Traceback" not in result.output
    flat = "".join(result.stdout.split())  # the text output wraps long lines (at spaces and hyphens)
    assert a in flat and b in flat, result
    said = " ".join(result.stdout.replace(str(path), "").split())
    assert re.search(SAYS_WHY[damaged_kind(path)], said, re.I), result
    assert str(path) in flat, f"the listing should name the damaged file\n{result!r}"

    as_json = run("visits", "--format", "json", env=NO_DEBUG)
    assert as_json.exit_code == 0, as_json
    listed = {v["id"]: v for v in json.loads(as_json.stdout)["visits"]}
    assert set(listed) == {a, b, d}
    assert listed[d]["damaged"] and not listed[a]["damaged"] and not listed[b]["damaged"]


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_other_visits_work_beside_a_damaged_one(damaged, run, home, tmp_path):
    (a, b), d, path = damaged
    damaged_bytes = path.read_bytes()
    shown = run("visits", "show", a, "--format", "text", env=NO_DEBUG)
    assert shown.exit_code == 0, shown
    assert "alpha notes" in shown.stdout
    exported = run("export", a, "--format", "txt", env=NO_DEBUG)
    assert exported.exit_code == 0, exported
    assert "alpha notes" in (home / "exports" / f"{a}.txt").read_text(encoding="utf-8")
    latest = run("export", "--format", "md", env=NO_DEBUG)  # the latest good visit
    assert latest.exit_code == 0, latest
    after = run(
        "after-visit",
        b,
        "--answers",
        answers_file(tmp_path, "after.yaml", decisions="Wait and see."),
        env=NO_DEBUG,
    )
    assert after.exit_code == 0, after
    new = run("new-visit", "--no-input", env=NO_DEBUG)
    assert new.exit_code == 0, new
    journal = run("export", "--all", "--format", "txt", env=NO_DEBUG)
    assert journal.exit_code == 0, journal
    assert path.read_bytes() == damaged_bytes, "the damaged record was changed"


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
@pytest.mark.parametrize("how", ["by id", "by date"])
def test_after_visit_of_a_damaged_record_says_so(damaged, how, run, home, tmp_path):
    (a, b), d, path = damaged
    damaged_bytes = path.read_bytes()
    target = d if how == "by id" else "2026-10-01"
    answers = answers_file(tmp_path, "after.yaml", decisions="Wait and see.")
    for argv in (
        ["after-visit", target, "--answers", answers],
        ["visits", "show", target],
        ["export", target],
    ):
        result = run(*argv, env=NO_DEBUG)
        assert result.exit_code in (1, 2), result
        assert "Traceback" not in result.output
        said = result.stderr.replace(str(path), "")  # (the test's folder name has "damaged" in it)
        assert re.search(SAYS_WHY[damaged_kind(path)], said) and str(path) in result.stderr, (
            f"{' '.join(map(str, argv))}: the message should say why the record cannot be read and name its "
            f"file\n{result!r}"
        )
    assert path.read_bytes() == damaged_bytes


# ------------------------------------------------------------------------------------------------ old drafts


# (text, what it is): "unreadable" (not a JSON object: set aside before anything is asked), "unusable" (an object
# this version cannot use), or "either" (a clean outcome is all that is asked).
OLD_DRAFTS = {
    "step not a number, info a number": (
        '{"kind": "new-visit", "step": "x", "visit": {"info": 5}}',
        "unusable",
    ),
    "wrong types inside": (
        '{"kind": "new-visit", "step": 2, "visit": {"info": {"date": 20261203}}}',
        "unusable",
    ),
    "visit is text": ('{"kind": "new-visit", "step": 1, "visit": "old format"}', "unusable"),
    "newer schema": ('{"kind": "new-visit", "step": 1, "visit": {"schema": 99}}', "unusable"),
    "step a list": ('{"kind": "new-visit", "step": [1], "visit": {}}', "unusable"),
    "questions wrong shape": (
        '{"kind": "new-visit", "step": 6, "visit": {"questions": [{"text": "q", "answer": null}]}}',
        "unusable",
    ),
    "no visit": ('{"kind": "new-visit", "step": 3}', "either"),
    "nothing but kind": ('{"kind": "new-visit"}', "either"),
    "step null": ('{"kind": "new-visit", "step": null, "visit": {}}', "either"),
    "step negative": ('{"kind": "new-visit", "step": -100, "visit": {}}', "either"),
    "step past the end": ('{"kind": "new-visit", "step": 99, "visit": {}}', "either"),
    "step huge": ('{"kind": "new-visit", "step": 1e400, "visit": {}}', "either"),
    "not JSON": ("{not json", "unreadable"),
    "a JSON list": ("[1, 2]", "unreadable"),
    "empty": ("", "unreadable"),
    "binary": ("\udcff\udcfe garbage", "unreadable"),
}


@pytest.mark.parametrize("answer", ["y", "n"], ids=["resume: yes", "resume: no"])
@pytest.mark.parametrize(("text", "kind"), list(OLD_DRAFTS.values()), ids=list(OLD_DRAFTS))
def test_draft_from_an_older_version(text, kind, answer, run, home):
    """The draft is offered (or set aside) with a message, the walk runs, the visit is saved; no traceback; and
    a draft that cannot be used is kept aside, not thrown away."""
    from rrmm_prep import ui

    drafts = home / "drafts"
    drafts.mkdir(parents=True, mode=0o700)
    raw = text.encode("utf-8", "surrogateescape")
    (drafts / "new-visit.json").write_bytes(raw)
    prompter = DictPrompter({"Pick up where you left off": answer})  # Enter everywhere else
    ui.set_prompter(prompter)
    result = run("new-visit", env=NO_DEBUG)
    assert result.exit_code == 0, f"{result!r}\nprompts: {prompter.asked}"
    assert "Traceback" not in result.output
    assert len(list((home / "visits").glob("*.md"))) == 1
    said_unusable = re.search(
        r"cannot be used|could not be read|cannot be read|set aside|another version", result.stderr
    )
    if kind == "unreadable" or (kind == "unusable" and answer == "y"):
        assert said_unusable, f"a message should say the draft could not be used\n{result!r}"
    if said_unusable:
        kept = [p.read_bytes() for p in drafts.glob("*") if p.is_file()]
        assert raw in kept, f"the draft that could not be used was thrown away\n{result!r}"
    assert leftovers(home) == []


AFTER_DRAFTS = {
    "not JSON": "{not json",
    "step not a number": '{"kind": "after-visit", "step": "x", "visit": {"info": 5}}',
    "step negative": '{"kind": "after-visit", "step": -100, "visit": {}}',
    "visit missing": '{"kind": "after-visit", "step": 1}',
}


@pytest.mark.parametrize("text", list(AFTER_DRAFTS.values()), ids=list(AFTER_DRAFTS))
def test_after_visit_draft_from_an_older_version(text, run, home, tmp_path):
    from rrmm_prep import ui

    visit_id = save_visit(run, tmp_path, "2026-10-01", "Dr. Old")
    record = (home / "visits" / f"{visit_id}.json").read_bytes()
    (home / "drafts").mkdir(mode=0o700, exist_ok=True)
    (home / "drafts" / f"after-visit-{visit_id}.json").write_text(text)
    ui.set_prompter(DictPrompter({"Pick up where you left off": "y"}))
    result = run("after-visit", env=NO_DEBUG)
    assert result.exit_code == 0, result
    assert "Traceback" not in result.output
    assert "draft" in result.stderr.lower(), f"a message should say what became of the draft\n{result!r}"
    saved = json.loads((home / "visits" / f"{visit_id}.json").read_text())
    assert saved["info"] == json.loads(record)["info"], "the visit itself must not be replaced by the draft's"


# ------------------------------------------------------------------------------------------------ at the same time


@pytest.mark.parametrize("n", [4, 8])
def test_new_visits_at_the_same_time_lose_nothing(n, tmp_path, home, run):
    """N processes, same date and clinician, started together: N records with distinct names, nothing lost."""
    save_visit(run, tmp_path, "2026-09-01", "Dr. Before")
    before = user_data(home)
    paths = []
    for i in range(n):
        paths.append(
            answers_file(
                tmp_path,
                f"same-{i}.yaml",
                visit={"date": "2026-12-03", "with": "Dr. Rivera"},
                notes=f"run number {i}",
            )
        )
    env = dict(os.environ, RRMM_PREP_HOME=str(home))
    env.pop("RRMM_PREP_DEBUG", None)
    # Start them all, then let them go at once: each waits on a pipe until every process has started.
    read_fd, write_fd = os.pipe()
    gate = (
        "import os, sys; from rrmm_prep.cli import main; from rrmm_prep.app import prepare; from rrmm_prep.render import summary; "
        "os.read(int(sys.argv[1]), 1); sys.argv[0:2] = ['rrmm-prep']; main()"
    )
    python = sys.executable
    procs = [
        subprocess.Popen(
            [python, "-c", gate, str(read_fd), "new-visit", "--answers", str(p)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            pass_fds=(read_fd,),
        )
        for p in paths
    ]
    os.write(write_fd, b"x" * n)
    os.close(write_fd)
    os.close(read_fd)
    outs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, (out, err)
        assert "Traceback" not in out + err
    records = sorted((home / "visits").glob("2026-12-03-dr-rivera*.json"))
    assert len(records) == n, [p.name for p in records]
    notes = sorted(json.loads(p.read_text())["notes"] for p in records)
    assert notes == sorted(f"run number {i}" for i in range(n))
    for record in records:
        assert record.with_suffix(".md").is_file()
        assert json.loads(record.read_text())["id"] == record.stem
    for name, data in before.items():
        assert (home / name).read_bytes() == data
    assert leftovers(home) == []
    listed = run("visits", "--format", "json", env=NO_DEBUG)
    assert len(json.loads(listed.stdout)["visits"]) == n + 1


def test_a_name_taken_by_a_lone_record_is_not_overwritten(run, tmp_path, home):
    """A record without its summary (another run between its two writes) still holds the name."""
    first = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera", notes="first")
    summary = home / "visits" / f"{first}.md"
    summary.unlink()
    record = (home / "visits" / f"{first}.json").read_bytes()
    second = save_visit(run, tmp_path, "2026-12-03", "Dr. Rivera", notes="second")
    assert second != first
    assert (home / "visits" / f"{first}.json").read_bytes() == record


# ------------------------------------------------------------------------------------------------ the index


def _index_cases(home: Path, ids: list[str]) -> dict[str, object]:
    real = json.loads((home / "index.json").read_text())
    visits = real["visits"]
    name = f"{ids[0]}.json"
    return {
        "garbage": "not json {",
        "empty": "",
        "a list": [],
        "null": None,
        "wrong version": {**real, "version": 999},
        "no version": {"visits": visits},
        "visits is a list": {**real, "visits": list(visits)},
        "entry is text": {**real, "visits": {**visits, name: "oops"}},
        "entry without listing": {**real, "visits": {**visits, name: {"stamp": visits[name]["stamp"]}}},
        "listing of wrong shape": {
            **real,
            "visits": {**visits, name: {"stamp": visits[name]["stamp"], "listing": {"bogus": 1}}},
        },
        "listing with an extra field": {
            **real,
            "visits": {
                **visits,
                name: {
                    "stamp": visits[name]["stamp"],
                    "listing": {**visits[name]["listing"], "new_field": 1},
                },
            },
        },
        "listing with a date that is a number": {
            **real,
            "visits": {**visits, name: {**visits[name], "listing": {**visits[name]["listing"], "date": 5}}},
        },
        "listing with counts that are text": {
            **real,
            "visits": {
                **visits,
                name: {**visits[name], "listing": {**visits[name]["listing"], "asked": "3"}},
            },
        },
        "stamp of wrong shape": {**real, "visits": {**visits, name: {**visits[name], "stamp": "x"}}},
        "stale: a visit that is gone": {
            **real,
            "visits": {
                **visits,
                "2020-01-01-dr-gone.json": {
                    **visits[name],
                    "listing": {**visits[name]["listing"], "id": "2020-01-01-dr-gone"},
                },
            },
        },
        "stale: missing visits": {**real, "visits": {name: visits[name]}},
        "stale: old stamp, old listing": {
            **real,
            "visits": {
                **visits,
                name: {"stamp": [1, 1], "listing": {**visits[name]["listing"], "clinician": "Dr. Stale"}},
            },
        },
        "a folder": "FOLDER",
    }


INDEX_CASES = [
    "garbage",
    "empty",
    "a list",
    "null",
    "wrong version",
    "no version",
    "visits is a list",
    "entry is text",
    "entry without listing",
    "listing of wrong shape",
    "listing with an extra field",
    "listing with a date that is a number",
    "listing with counts that are text",
    "stamp of wrong shape",
    "stale: a visit that is gone",
    "stale: missing visits",
    "stale: old stamp, old listing",
    "a folder",
]


@pytest.mark.parametrize("case", INDEX_CASES)
def test_damaged_or_stale_index(case, run, tmp_path, home):
    ids = [
        save_visit(run, tmp_path, "2026-09-01", "Dr. Alpha"),
        save_visit(run, tmp_path, "2026-10-01", "Dr. Beta"),
        save_visit(run, tmp_path, "2026-11-01", "Dr. Gamma"),
    ]
    assert run("visits").exit_code == 0
    value = _index_cases(home, ids)[case]
    index = home / "index.json"
    index.unlink()
    if value == "FOLDER":
        index.mkdir()
    else:
        index.write_text(value if isinstance(value, str) else json.dumps(value))
    for _ in range(2):  # the first run may repair the index; the second reads the repaired one
        result = run("visits", "--format", "json", env=NO_DEBUG)
        assert result.exit_code == 0, result
        listed = json.loads(result.stdout)["visits"]
        assert sorted(v["id"] for v in listed) == sorted(ids)
        assert {v["clinician"] for v in listed} == {"Dr. Alpha", "Dr. Beta", "Dr. Gamma"}
        assert not any(v["damaged"] for v in listed)
    text = run("visits", "--format", "text", env=NO_DEBUG)
    assert text.exit_code == 0 and all(i in "".join(text.stdout.split()) for i in ids), text
    assert run("visits", "show", env=NO_DEBUG).exit_code == 0


def test_index_stale_after_a_record_changes(run, tmp_path, home):
    """A record changed behind the tool's back (a sync, an edit): the listing follows the record."""
    visit_id = save_visit(run, tmp_path, "2026-09-01", "Dr. Alpha")
    assert run("visits").exit_code == 0
    path = home / "visits" / f"{visit_id}.json"
    data = json.loads(path.read_text())
    data["info"]["clinician"] = "Dr. Changed Elsewhere"
    path.write_text(json.dumps(data))
    listed = json.loads(run("visits", "--format", "json").stdout)["visits"]
    assert [v["clinician"] for v in listed] == ["Dr. Changed Elsewhere"]
