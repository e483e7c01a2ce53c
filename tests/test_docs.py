"""The README stays true: its samples are the tool's real output, and every command is documented."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from helpers import REPO, cli_commands

ROOT = REPO
README = ROOT / "README.md"


def _block(text: str, name: str) -> str:
    m = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert m, f"README has no {name} block"
    return m.group(1)


def _replace(text: str, name: str, body: str) -> str:
    return re.sub(
        rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)",
        lambda m: m.group(1) + body + m.group(2),
        text,
        flags=re.S,
    )


def _fenced(body: str, lang: str) -> str:
    return f"````{lang}\n{body.rstrip()}\n````\n"


@pytest.fixture
def samples(run, home: Path, shipped, pinned_day) -> dict[str, str]:
    from rrmm_prep.render import summary as summaries
    from rrmm_prep.render.text import render_text
    from rrmm_prep.store import find

    result = run("about", "--answers", ROOT / "docs" / "sample-about.yaml")
    assert result.exit_code == 0, result.stderr
    result = run("new-visit", "--answers", ROOT / "docs" / "sample-answers.yaml")
    assert result.exit_code == 0, result.stderr
    summary = next((home / "visits").glob("*.md")).read_text(encoding="utf-8")
    visit = find.resolve(None)
    sheet = render_text(summaries.doctor_sheet(shipped, visit, find.earlier(visit)), 80)
    result = run("after-visit", "--answers", ROOT / "docs" / "sample-after.yaml")
    assert result.exit_code == 0, result.stderr
    out = home / "family.txt"
    result = run("export", "--for-family", "--format", "txt", "--output", out)
    assert result.exit_code == 0, result.stderr
    return {
        "sample-summary": _fenced(summary, "markdown"),
        "doctor-sheet": _fenced(sheet, "text"),
        "family-sample": _fenced(out.read_text(), "text"),
    }


def test_readme_samples_are_the_tools_output(samples: dict[str, str]) -> None:
    text = README.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        for name, body in samples.items():
            text = _replace(text, name, body)
        README.write_text(text, encoding="utf-8")
    for name, body in samples.items():
        assert _block(text, name) == body, (
            f"README's {name} is out of date: run UPDATE_GOLDEN=1 pytest tests/test_docs.py"
        )


LEAF_COMMANDS = [" ".join(path) for path, command in cli_commands() if not hasattr(command, "commands")]


@pytest.mark.parametrize("name", LEAF_COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"rrmm-prep {name}" in README.read_text(encoding="utf-8"), (
        f"README does not mention 'rrmm-prep {name}'"
    )


def test_help_says_it_does_not_advise(run) -> None:
    result = run("--help")
    assert result.exit_code == 0, result
    assert "does not give medical advice" in " ".join(result.stdout.split())


def test_readme_shows_the_test_command():
    assert ".venv/bin/python -m pytest" in README.read_text(encoding="utf-8")
