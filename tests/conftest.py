"""Shared fixtures.

- Every test runs with RRMM_PREP_HOME in its own temporary folder, no RRMM_PREP_CONTENT, no colour forcing and
  an 80-column terminal size, so nothing a developer has set leaks in and nothing the tests write leaks out.
- ``run`` drives the real entry point (``rrmm_prep.cli.main``, the console script's target) in-process inside
  ``typer.testing.CliRunner``'s isolation: stdout and stderr are captured apart, the exit code is the one a
  shell would see, and errors go through the same message-and-exit-code path a user meets.
- ``script`` runs the installed console script as a real process (pipes, no terminal).
- ``build_tree(tmp_path, {"drug_classes.yaml": "..."})`` writes a small content folder.

The network is blocked for the whole suite by pytest-socket (``--disable-socket`` in pyproject).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import FIXED_DAY_ISO, DictPrompter, Result, load_shipped, run_script
from helpers import build_tree as _build_tree
from rrmm_prep.read import dates

_CLEARED_ENV = (
    "RRMM_PREP_CONTENT",
    "RRMM_PREP_DEBUG",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "CLICOLOR_FORCE",
    "LINES",
)


@pytest.fixture(scope="session")
def _content_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One content cache for the whole session, warmed once: content is never health data, so tests can share
    it, and no test pays for parsing the YAML again (the cache key still changes with any content file)."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        load_shipped(keep_cache=True)
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    return folder


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _content_cache: Path) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("RRMM_PREP_HOME", str(home))
    # Belt and braces: should something ignore RRMM_PREP_HOME, platformdirs still lands in the temporary folder.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(_content_cache))
    # A page to print "opens in the browser" by running `true`: nothing starts, nothing reaches the network.
    monkeypatch.setenv("BROWSER", "true")
    for name in _CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    # Module-level state the CLI keeps between calls in one process: start each test clean.
    from rrmm_prep import cli, ui

    if hasattr(cli, "state"):
        monkeypatch.setattr(cli.state, "debug", False, raising=False)
        monkeypatch.setattr(cli.state, "content_dir", None, raising=False)
    if hasattr(ui, "_prompter") and hasattr(ui, "TerminalPrompter"):
        monkeypatch.setattr(ui, "_prompter", ui.TerminalPrompter())
    return home


@pytest.fixture
def home(_isolated: Path) -> Path:
    """The RRMM_PREP_HOME folder of this test (not created until the tool writes to it)."""
    return _isolated


@pytest.fixture
def run():
    """Call the console script's entry point in-process: ``run("drugs", "Velcade") -> Result``.

    ``env`` adds (or, with None, removes) environment variables for this call only. RRMM_PREP_DEBUG=1 is set
    so that a bug (an unexpected exception) fails the test with its traceback instead of exit code 70; expected
    errors (RrmmPrepError) still take the user's path: a message on stderr and an exit code.
    """
    runner = CliRunner()

    def _run(*args: object, env: dict[str, str | None] | None = None, input: str | None = None) -> Result:
        from rrmm_prep.cli import main

        full_env: dict[str, str | None] = {"RRMM_PREP_DEBUG": "1"}
        full_env.update(env or {})
        exit_code = 0
        with runner.isolation(input=input, env=full_env) as (out, err, _mixed):
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code
                if code is None:
                    exit_code = 0
                elif isinstance(code, int):
                    exit_code = code
                else:
                    sys.stderr.write(str(code) + "\n")
                    exit_code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                stdout = out.getvalue().decode("utf-8")
                stderr = err.getvalue().decode("utf-8")
        return Result(exit_code, stdout, stderr)

    return _run


@pytest.fixture
def invoke():
    """``typer.testing.CliRunner().invoke`` on ``rrmm_prep.cli.app`` (the Typer app without main()'s wrapper)."""
    from rrmm_prep.cli import app

    runner = CliRunner()

    def _invoke(*args: object, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return _invoke


@pytest.fixture
def script():
    """Run the installed console script as a real process: ``script("drugs", "Velcade", env=..., cwd=...)``."""
    return run_script


@pytest.fixture
def build_tree():
    """``build_tree(tmp_path, {"drug_classes.yaml": "text"})`` -> the folder (tmp_path / "content")."""
    return _build_tree


@pytest.fixture
def prompter():
    """``prompter([...answers])`` installs a ScriptedPrompter (answers in order), ``prompter({...})`` a
    DictPrompter (answers by what the prompt asks); the earlier prompter comes back after the test."""
    from rrmm_prep import ui

    saved = ui._prompter

    def _set(answers):
        p = DictPrompter(answers) if isinstance(answers, dict) else ui.ScriptedPrompter(answers)
        ui.set_prompter(p)
        return p

    yield _set
    ui.set_prompter(saved)


@pytest.fixture
def pinned_day(monkeypatch):
    """Make today FIXED_DAY (a Monday) for the walks and answers files, whatever today is."""
    import datetime as dt

    day = dt.date.fromisoformat(FIXED_DAY_ISO)
    monkeypatch.setattr(dates, "current_date", lambda: day)
    return day


@pytest.fixture(scope="session")
def shipped():
    """The shipped content, loaded once (no override folder, no real data folder touched)."""
    return load_shipped()
