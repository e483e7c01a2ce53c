"""The installed `rrmm-prep` in a real pseudo-terminal (pexpect): new-visit and after-visit, Enter through every
prompt, Ctrl-C and end of input half way, drafts and resuming.

Every prompt the tool writes ends in ": " (``label [default]: `` or ``label: ``) and then waits. A prompt is
taken as reached when the output ends that way and nothing more arrives for a moment, so a ": " that happens
to end a chunk of ordinary output is not mistaken for one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.terminal

TIMEOUT = 10
SETTLE = 0.1  # seconds of silence after ": " that make it a prompt
PROMPT_END = r": $"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def console_script() -> str:
    here = Path(sys.executable).parent / "rrmm-prep"
    if here.exists():
        return str(here)
    found = shutil.which("rrmm-prep")
    assert found, "the rrmm-prep console script is not installed"
    return found


class Session:
    """One run of the console script in a pseudo-terminal."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("RRMM_PREP", "FORCE_COLOR", "PYTEST"))
        }
        env.update(RRMM_PREP_HOME=str(home), TERM="xterm", NO_COLOR="1", COLUMNS="100", LINES="40")
        self.child = pexpect.spawn(
            console_script(),
            list(args),
            env=env,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(40, 100),
        )
        self.transcript = ""
        self.prompts: list[str] = []

    def prompt(self) -> str | None:
        """Wait for the next prompt and return its last line (without ANSI codes); None at the end."""
        seen = ""
        while True:
            i = self.child.expect([PROMPT_END, pexpect.EOF])
            seen += self.child.before + (self.child.after if i == 0 else "")
            if i == 1:
                self.transcript += seen
                return None
            # Settle: a real prompt is followed by silence (the tool is waiting for us).
            j = self.child.expect([r"[\s\S]+", pexpect.TIMEOUT, pexpect.EOF], timeout=SETTLE)
            if j == 0:  # more output came: what looked like a prompt was not one
                seen += self.child.after
                if re.search(PROMPT_END, self.child.after):
                    j = self.child.expect([r"[\s\S]+", pexpect.TIMEOUT, pexpect.EOF], timeout=SETTLE)
                    if j == 0:
                        seen += self.child.after
                        continue
                else:
                    continue
            self.transcript += seen
            line = ANSI.sub("", seen).replace("\r", "").rstrip("\n").split("\n")[-1].strip()
            self.prompts.append(line)
            return line

    def enter(self, text: str = "") -> None:
        self.child.send(text + "\r")

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.transcript += self.child.before
        self.child.close()
        return self.child.exitstatus

    @property
    def text(self) -> str:
        return ANSI.sub("", self.transcript).replace("\r", "")


def enter_through(session: Session, show: bool = True) -> int:
    """Press Enter at every prompt until 'Show the summary here now?'; answer it; return the prompt count."""
    count = 0
    while True:
        line = session.prompt()
        count += 1
        assert count <= 60, session.prompts
        if line.startswith("Show the summary here now?"):
            session.enter("y" if show else "n")
            return count
        session.enter()


def summaries(home: Path) -> list[Path]:
    folder = home / "visits"
    return sorted(folder.glob("*.md")) if folder.exists() else []


@pytest.fixture
def homes(tmp_path):
    return tmp_path / "home-a", tmp_path / "home-b"


def test_enter_through_new_visit_gives_a_complete_summary(homes, shipped):
    home, _ = homes
    s = Session(home, "new-visit")
    count = enter_through(s)
    assert s.finish() == 0, s.text
    assert count <= 40
    assert s.prompts[0].startswith("Visit date")
    [md] = summaries(home)
    text = md.read_text(encoding="utf-8")
    for section in ("## The visit", "## Ask these first", "## Before you go", "## Before you leave"):
        assert section in text
    shown = s.text.split("Show the summary here now?")[-1]
    assert "Visit on" in shown and "The visit" in shown and "Before you leave" in shown
    assert f"Saved your visit summary: {md}" in s.text
    assert "Traceback" not in s.text
    assert not (home / "drafts" / "new-visit.json").exists()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """(summary, prompt count) of an uninterrupted Enter-through run today."""
    home = tmp_path_factory.mktemp("reference") / "home"
    session = Session(home, "new-visit")
    total = enter_through(session, show=False)
    assert session.finish() == 0, session.text
    [md] = summaries(home)
    return md.read_text(encoding="utf-8"), total


@pytest.mark.parametrize("stop_at", [3, 9, 14])
def test_ctrl_c_keeps_a_draft_and_resuming_gives_the_same_summary(homes, reference, stop_at):
    home, _ = homes
    expected, total = reference
    assert stop_at < total

    s = Session(home, "new-visit")
    for _ in range(stop_at):
        s.prompt()
        s.enter()
    s.prompt()
    s.child.sendintr()
    assert s.finish() == 130, s.text
    draft = home / "drafts" / "new-visit.json"
    assert draft.exists()
    assert "saved as a draft" in " ".join(s.text.split())
    assert "Traceback" not in s.text
    assert summaries(home) == []

    s = Session(home, "new-visit")
    first = s.prompt()
    assert "Pick up where you left off?" in first
    s.enter()  # Enter = yes
    enter_through(s, show=False)
    assert s.finish() == 0, s.text
    [got] = summaries(home)
    assert got.read_text(encoding="utf-8") == expected
    assert not draft.exists()


@pytest.mark.parametrize("stop_at", [0, 6])
def test_end_of_input_keeps_a_draft(homes, stop_at):
    home, _ = homes
    s = Session(home, "new-visit")
    for _ in range(stop_at):
        s.prompt()
        s.enter()
    s.prompt()
    s.child.sendeof()
    assert s.finish() == 130, s.text
    assert (home / "drafts" / "new-visit.json").exists()
    assert "saved as a draft" in " ".join(s.text.split())
    assert summaries(home) == []
    s = Session(home, "new-visit")
    assert "Pick up where you left off?" in s.prompt()
    s.enter("n")
    assert s.prompt().startswith("Visit date")
    s.child.sendintr()
    assert s.finish() == 130


def test_urgent_symptom_is_shown_at_once_in_the_terminal(homes, shipped):
    home, _ = homes
    urgent = next(x for x in shipped.symptoms if x.urgent and not x.urgent_from)
    number = [x.id for x in shipped.symptoms].index(urgent.id) + 1
    s = Session(home, "new-visit")
    while True:
        line = s.prompt()
        if line.startswith("Which have you had?"):
            s.enter(str(number))
            break
        s.enter()
    assert s.prompt().startswith("1 mild")
    s.enter("2")
    s.prompt()  # the note about it: the call-now box is already on the screen
    last = s.text.split("1 mild, 2 moderate, 3 severe")[-1]
    assert "Call your care team now" in last
    s.child.sendintr()
    assert s.finish() == 130


def _visit(home: Path) -> str:
    from helpers import run_script

    result = run_script("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(home)})
    assert result.exit_code == 0, result
    [md] = summaries(home)
    return md.stem


def test_after_visit_enter_through(homes):
    home, _ = homes
    visit_id = _visit(home)
    before = json.loads((home / "visits" / f"{visit_id}.json").read_text(encoding="utf-8"))
    s = Session(home, "after-visit")
    count = 0
    while s.prompt() is not None:
        count += 1
        assert count <= len(before["questions"]) + 20
        s.enter()
    s.child.close()
    assert s.child.exitstatus == 0, s.text
    assert count == len(before["questions"]) + 6
    after = json.loads((home / "visits" / f"{visit_id}.json").read_text(encoding="utf-8"))
    assert after["after"]["recorded"]
    assert [q["answer"] for q in after["questions"]] == [""] * len(before["questions"])
    assert "After the visit" in (home / "visits" / f"{visit_id}.md").read_text(encoding="utf-8")


def test_after_visit_ctrl_c_keeps_a_draft_and_the_record(homes):
    home, _ = homes
    visit_id = _visit(home)
    record = home / "visits" / f"{visit_id}.json"
    before = record.read_bytes()
    s = Session(home, "after-visit")
    assert s.prompt().startswith("Answer")
    assert "1. " in s.text
    s.enter("We will decide next week.")
    s.prompt()
    s.child.sendintr()
    assert s.finish() == 130, s.text
    draft = home / "drafts" / f"after-visit-{visit_id}.json"
    assert draft.exists()
    assert "draft" in s.text
    assert record.read_bytes() == before
    # The next run offers the draft, and what was typed comes back as the default.
    s = Session(home, "after-visit")
    assert "Pick up where you left off?" in s.prompt()
    s.enter()
    assert "[We will decide next week.]" in s.prompt()
    s.child.sendeof()
    assert s.finish() == 130


def test_no_terminal_message(tmp_path):
    from helpers import run_script

    result = run_script("new-visit", env={"RRMM_PREP_HOME": str(tmp_path / "h")})
    assert result.exit_code != 0
    assert "--answers" in result.stderr and "--no-input" in result.stderr
