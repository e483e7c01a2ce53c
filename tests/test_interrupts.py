"""Ctrl-C and end of input (Ctrl-D) at every prompt of every interactive command, in a real terminal.

pexpect drives the installed console script in a pseudo-terminal. First an Enter-only walk records every prompt
(its text); then, for each prompt k, a fresh data folder, Enter k times, and Ctrl-C (or Ctrl-D) at prompt k. Each
time: exit status 130, a message that a draft was saved, the draft on disk as valid JSON, nothing saved before
changed, and no traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers import CONSOLE_SCRIPT, strip_ansi

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.terminal

PROMPT = r": \Z"  # every prompt ends with ": " and then waits (ui.TerminalPrompter)
TIMEOUT = 20


@dataclass
class Session:
    """One run in a terminal: the prompts seen (text of their line), all output, and how it ended."""

    prompts: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # where in the raw output each prompt was met
    output: str = ""
    exitstatus: int | None = None
    signalstatus: int | None = None


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RRMM_PREP_")}
    env.update(RRMM_PREP_HOME=str(home), COLUMNS="100", LINES="40", TERM="xterm", NO_COLOR="1")
    return env


def drive(home: Path, args: list[str], enters: int | None, stop: str | None = None, answers=None) -> Session:
    """Run ``rrmm-prep ARGS`` in a terminal; press Enter at the first ``enters`` prompts (None: at all of them),
    then ``stop`` ("ctrl-c" or "eof") at the next one. ``answers`` maps a prompt-text regex to what to type."""
    child = pexpect.spawn(
        str(CONSOLE_SCRIPT), args, env=_env(home), encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100)
    )
    child.delaybeforesend = 0.005
    child.delayafterclose = child.delayafterterminate = 0.01
    child.ptyproc.delayafterclose = child.ptyproc.delayafterterminate = 0.01
    session = Session()
    chunks: list[str] = []
    try:
        while True:
            index = child.expect([PROMPT, pexpect.EOF])
            chunks.append(child.before + (child.after if index == 0 else ""))
            if index == 1:
                break
            line = strip_ansi(child.before).splitlines()[-1] if child.before.strip() else ""
            session.prompts.append(line.strip())
            session.positions.append(len(strip_ansi("".join(chunks))))
            if enters is not None and len(session.prompts) > enters:
                if stop == "ctrl-c":
                    child.sendintr()
                else:
                    child.sendeof()
                child.expect(pexpect.EOF)
                chunks.append(child.before)
                break
            typed = ""
            for pattern, answer in (answers or {}).items():
                if re.search(pattern, line, re.IGNORECASE):
                    typed = answer
            child.sendline(typed)
            if len(session.prompts) > 200:
                raise AssertionError(f"too many prompts; last: {session.prompts[-3:]}")
    finally:
        child.close()
    session.output = strip_ansi("".join(chunks))
    session.exitstatus, session.signalstatus = child.exitstatus, child.signalstatus
    return session


def _fresh(base: Path, name: str, template: Path | None = None) -> Path:
    home = base / name
    if home.exists():
        shutil.rmtree(home)
    if template is not None:
        shutil.copytree(template, home)
    return home


def _saved(home: Path) -> dict[str, bytes]:
    folder = home / "visits"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.exists() else {}


def _kept(home: Path) -> list[str]:
    """Every file and folder in the data folder but the caches (index.json, cache/), which may be rebuilt."""
    return sorted(
        str(p.relative_to(home)) for p in home.rglob("*") if p.name != "index.json" and "cache" not in p.parts
    )


def _check_draft(session: Session, draft: Path, where: str) -> list[str]:
    problems = []
    if session.exitstatus != 130:
        problems.append(f"{where}: exit status {session.exitstatus} (signal {session.signalstatus}), not 130")
    if "Traceback" in session.output:
        problems.append(f"{where}: a traceback was printed")
    if not re.search(r"draft", session.output, re.IGNORECASE) or "saved" not in session.output.lower():
        problems.append(f"{where}: the output does not say a draft was saved")
    if not draft.is_file():
        problems.append(f"{where}: no draft at {draft}")
    else:
        try:
            data = json.loads(draft.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "visit" not in data:
                problems.append(f"{where}: the draft has no visit in it")
        except ValueError as err:
            problems.append(f"{where}: the draft is not valid JSON ({err})")
        if draft.stat().st_mode & 0o777 != 0o600:
            problems.append(f"{where}: the draft is not owner-only")
    return problems


# ------------------------------------------------------------------------------------------------ new-visit


@pytest.fixture(scope="module")
def new_visit_walk(tmp_path_factory):
    """The Enter-only walk of new-visit in a fresh folder: its prompts, and which of them come after saving."""
    home = tmp_path_factory.mktemp("walk") / "home"
    session = drive(home, ["new-visit"], enters=None)
    assert session.exitstatus == 0, session.output
    assert "Traceback" not in session.output
    assert len(list((home / "visits").glob("*.md"))) == 1
    saved_at = session.output.index("Saved your visit summary")
    # Prompts met after the summary was saved (e.g. "Show the summary here now?") have nothing left to lose.
    before_save = len([pos for pos in session.positions if pos <= saved_at])
    return session, before_save


def test_enter_walk_has_prompts_and_saves(new_visit_walk):
    session, before_save = new_visit_walk
    assert 5 <= before_save <= 40, session.prompts
    assert all(p for p in session.prompts), f"a prompt with no text: {session.prompts}"


@pytest.mark.parametrize("stop", ["ctrl-c", "eof"])
def test_new_visit_stopped_at_every_prompt_keeps_a_draft(stop, new_visit_walk, tmp_path):
    session, before_save = new_visit_walk
    problems: list[str] = []
    for k in sample(session.prompts, stop, before_save):
        home = _fresh(tmp_path, f"k{k}")
        run = drive(home, ["new-visit"], enters=k, stop=stop)
        where = f"prompt {k + 1} ({session.prompts[k]!r})"
        if run.prompts[:k] != session.prompts[:k]:
            problems.append(f"{where}: the walk went differently: {run.prompts}")
            continue
        if k < before_save:
            problems += _check_draft(run, home / "drafts" / "new-visit.json", where)
            if _saved(home):
                problems.append(f"{where}: a visit was saved although the walk was stopped")
        else:  # after the summary was written: the visit is safe, no draft is needed
            if len(list((home / "visits").glob("*.md"))) != 1:
                problems.append(f"{where}: the visit summary is missing")
            if "Traceback" in run.output or run.exitstatus not in (0, 130):
                problems.append(f"{where}: exit {run.exitstatus} / traceback after saving")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def home_with_a_draft(tmp_path_factory, new_visit_walk):
    """A data folder holding one saved visit and a new-visit draft (stopped at the 4th prompt)."""
    home = tmp_path_factory.mktemp("drafted") / "home"
    first = drive(home, ["new-visit"], enters=None)
    assert first.exitstatus == 0, first.output
    stopped = drive(home, ["new-visit"], enters=3, stop="ctrl-c")
    assert stopped.exitstatus == 130, stopped.output
    assert (home / "drafts" / "new-visit.json").is_file()
    return home


@pytest.mark.parametrize("stop", ["ctrl-c", "eof"])
def test_stopping_at_the_resume_prompt_keeps_the_draft(stop, home_with_a_draft, tmp_path):
    """ "You have a draft... Pick up where you left off?" is a prompt too."""
    home = _fresh(tmp_path, "h", home_with_a_draft)
    draft = (home / "drafts" / "new-visit.json").read_bytes()
    saved = _saved(home)
    run = drive(home, ["new-visit"], enters=0, stop=stop)
    assert "draft" in run.prompts[0].lower(), run.prompts
    assert "Traceback" not in run.output, run.output
    assert run.exitstatus == 130, f"exit {run.exitstatus}\n{run.output}"
    assert (home / "drafts" / "new-visit.json").read_bytes() == draft
    assert _saved(home) == saved


@pytest.mark.parametrize("stop", ["ctrl-c", "eof"])
@pytest.mark.parametrize("k", [1, 4, 9])
def test_stopping_a_resumed_walk_keeps_a_draft(k, stop, home_with_a_draft, tmp_path):
    home = _fresh(tmp_path, "h", home_with_a_draft)
    saved = _saved(home)
    run = drive(home, ["new-visit"], enters=k, stop=stop, answers={"draft": "y"})
    problems = _check_draft(run, home / "drafts" / "new-visit.json", f"resumed, prompt {k + 1}")
    assert not problems, "\n".join(problems) + "\n" + run.output
    assert _saved(home) == saved


def test_resumed_walk_finishes(home_with_a_draft, tmp_path):
    home = _fresh(tmp_path, "h", home_with_a_draft)
    run = drive(home, ["new-visit"], enters=None, answers={"draft": "y"})
    assert run.exitstatus == 0, run.output
    assert "Traceback" not in run.output
    assert len(list((home / "visits").glob("*.md"))) == 2
    assert not (home / "drafts" / "new-visit.json").exists()


# ------------------------------------------------------------------------------------------------ after-visit


@pytest.fixture(scope="module")
def home_with_a_visit(tmp_path_factory):
    home = tmp_path_factory.mktemp("visit") / "home"
    answers = home.parent / "a.yaml"
    answers.write_text(
        "visit:\n  date: 2026-12-03\n  with: Dr. Rivera\nmy_questions: [Can I travel in June?, Is it safe to swim?]\n"
    )
    import subprocess

    proc = subprocess.run(
        [str(CONSOLE_SCRIPT), "new-visit", "--answers", str(answers)],
        env=_env(home),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return home


@pytest.fixture(scope="module")
def after_visit_walk(home_with_a_visit, tmp_path_factory):
    home = tmp_path_factory.mktemp("after") / "home"
    shutil.copytree(home_with_a_visit, home)
    session = drive(home, ["after-visit"], enters=None)
    assert session.exitstatus == 0, session.output
    assert "Traceback" not in session.output
    return session


def sample(prompts: list[str], stop: str, before_save: int | None = None) -> list[int]:
    """Which prompts to stop at. Ctrl-C: every prompt, except that a prompt repeated many times in a row (one
    "Answer" per question in after-visit) is taken at its first, second and last time. End of input takes the
    same path through the code (ui.Interrupted), so it gets a spread of about six prompts: the first, the last
    before saving, and evenly between."""
    end = len(prompts) if before_save is None else before_save
    if stop == "ctrl-c":
        keep = []
        for i, text in enumerate(prompts):
            run_start = i
            while run_start > 0 and prompts[run_start - 1] == text:
                run_start -= 1
            run_end = i
            while run_end + 1 < len(prompts) and prompts[run_end + 1] == text:
                run_end += 1
            if i - run_start < 2 or i == run_end:
                keep.append(i)
        return keep
    step = max(1, (end - 1) // 5)
    return sorted({*range(0, end, step), end - 1, *range(end, len(prompts))})


@pytest.mark.parametrize("stop", ["ctrl-c", "eof"])
def test_after_visit_stopped_at_every_prompt_keeps_a_draft(
    stop, after_visit_walk, home_with_a_visit, tmp_path
):
    session = after_visit_walk
    visit_id = next((home_with_a_visit / "visits").glob("*.json")).stem
    saved = _saved(home_with_a_visit)
    problems: list[str] = []
    for k in sample(session.prompts, stop):
        home = _fresh(tmp_path, f"k{k}", home_with_a_visit)
        run = drive(home, ["after-visit"], enters=k, stop=stop)
        where = f"prompt {k + 1} ({session.prompts[k]!r})"
        problems += _check_draft(run, home / "drafts" / f"after-visit-{visit_id}.json", where)
        if _saved(home) != saved:
            problems.append(f"{where}: the visit record or summary changed")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stop", ["ctrl-c", "eof"])
def test_stopping_at_the_after_visit_resume_prompt(stop, home_with_a_visit, tmp_path):
    home = _fresh(tmp_path, "h", home_with_a_visit)
    first = drive(home, ["after-visit"], enters=2, stop="ctrl-c")
    assert first.exitstatus == 130, first.output
    draft = next((home / "drafts").glob("after-visit-*.json"))
    before = draft.read_bytes()
    run = drive(home, ["after-visit"], enters=0, stop=stop)
    assert "draft" in run.prompts[0].lower(), run.prompts
    assert "Traceback" not in run.output, run.output
    assert run.exitstatus == 130, f"exit {run.exitstatus}\n{run.output}"
    assert draft.read_bytes() == before


# ------------------------------------------------------------------------------------------------ forget


@pytest.mark.parametrize("stop", ["ctrl-c", "eof"])
@pytest.mark.parametrize(
    "args", [["forget", "2026-12-03"], ["forget", "--everything"]], ids=["one visit", "everything"]
)
def test_stopping_at_the_forget_confirmation_deletes_nothing(args, stop, home_with_a_visit, tmp_path):
    home = _fresh(tmp_path, "h", home_with_a_visit)
    before = _kept(home)
    saved = _saved(home)
    run = drive(home, args, enters=0, stop=stop)
    assert len(run.prompts) == 1 and "delete" in run.prompts[0].lower(), run.prompts
    assert "Traceback" not in run.output, run.output
    assert "Nothing was deleted" in run.output, run.output
    assert run.exitstatus in (0, 1, 130), run.output
    assert _saved(home) == saved
    assert _kept(home) == before


@pytest.mark.parametrize("typed", ["", "n", "no"], ids=["Enter", "n", "no"])
def test_forget_confirmation_defaults_to_no(typed, home_with_a_visit, tmp_path):
    home = _fresh(tmp_path, "h", home_with_a_visit)
    saved = _saved(home)
    run = drive(home, ["forget", "--everything"], enters=None, answers={"delete": typed} if typed else None)
    assert run.exitstatus == 0, run.output
    assert "Nothing was deleted" in run.output
    assert _saved(home) == saved


def test_forget_confirmed_in_the_terminal_deletes(home_with_a_visit, tmp_path):
    home = _fresh(tmp_path, "h", home_with_a_visit)
    run = drive(home, ["forget", "2026-12-03"], enters=None, answers={"delete": "y"})
    assert run.exitstatus == 0, run.output
    assert _saved(home) == {}
