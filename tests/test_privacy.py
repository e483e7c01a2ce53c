"""Privacy: owner-only files whatever the umask, nothing written outside the data folder and the chosen output
(the content cache, which holds no health data, aside), no network, and no answers in tracebacks. Deleting
(``forget``) is tested in test_forget.py."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import textwrap
import warnings
from pathlib import Path

import pytest

from helpers import CONSOLE_SCRIPT, NO_DEBUG, Result, answers_file
from rrmm_prep.render import summary

SECRET = "Quetzal-7731 private words"


def visit_answers(
    tmp_path: Path, date="2026-12-03", clinician="Dr. Rivera", name="answers.yaml", **extra
) -> Path:
    return answers_file(
        tmp_path,
        name,
        visit={"date": date, "with": clinician},
        notes=f"notes {SECRET}",
        private_notes=f"private {SECRET}",
        my_questions=[f"Question about {SECRET}?"],
        **extra,
    )


def modes(root: Path) -> dict[str, int]:
    """Permission bits of every file and folder under root (root included)."""
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in sorted(root.rglob("*")):
        out[str(p.relative_to(root))] = stat.S_IMODE(p.lstat().st_mode)
    return out


class Umask:
    def __init__(self, value: int):
        self.value = value

    def __enter__(self):
        self.old = os.umask(self.value)

    def __exit__(self, *exc):
        os.umask(self.old)


# ------------------------------------------------------------------------------------------------ permissions


def _make_everything(run, tmp_path: Path) -> None:
    """Every kind of file the tool keeps: records, summaries, exports, drafts, index.json, the content cache."""
    from rrmm_prep import ui

    assert run("drugs", "bortezomib").exit_code == 0  # content cache
    assert run("new-visit", "--no-input").exit_code == 0
    result = run("new-visit", "--answers", visit_answers(tmp_path))
    assert result.exit_code == 0, result
    after = answers_file(
        tmp_path, "after.yaml", answers={"1": "Yes."}, decisions="Wait.", for_family="All fine."
    )
    assert run("after-visit", "--answers", after).exit_code == 0
    assert run("visits").exit_code == 0  # index.json
    for fmt in ("md", "txt", "html"):
        assert run("export", "--format", fmt).exit_code == 0
    assert run("export", "--all", "--for-family").exit_code == 0
    # Drafts: stop the walks at their first prompt.
    ui.set_prompter(ui.ScriptedPrompter(["^C"]))
    assert run("new-visit").exit_code == 130
    ui.set_prompter(ui.ScriptedPrompter(["^C"]))
    assert run("after-visit").exit_code == 130


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o002, 0o077], ids=lambda m: f"umask {m:03o}")
def test_everything_the_tool_keeps_is_owner_only(umask, run, tmp_path, home):
    with Umask(umask):
        _make_everything(run, tmp_path)
    found = modes(home)
    kinds = {name.split("/")[0] for name in found}
    assert {"visits", "drafts", "exports", "index.json"} <= kinds, sorted(found)
    assert len(list((home / "drafts").glob("*.json"))) == 2
    wrong = {
        name: f"{mode:04o}"
        for name, mode in found.items()
        if mode != (0o700 if (home / name).is_dir() else 0o600)
    }
    assert not wrong, f"not owner-only (files 0600, folders 0700): {wrong}"


@pytest.mark.parametrize("umask", [0o000, 0o022], ids=lambda m: f"umask {m:03o}")
def test_folders_made_above_the_data_folder_are_private(umask, run, tmp_path):
    """RRMM_PREP_HOME=.../new/deeper/home where new/ does not exist yet: every folder the tool makes is 0700."""
    home = tmp_path / "new" / "deeper" / "home"
    with Umask(umask):
        result = run("new-visit", "--no-input", env={"RRMM_PREP_HOME": str(home)})
    assert result.exit_code == 0, result
    made = {
        p: f"{stat.S_IMODE(p.stat().st_mode):04o}"
        for p in (tmp_path / "new", tmp_path / "new" / "deeper", home)
    }
    assert all(m == "0700" for m in made.values()), f"folders the tool created: {made}"


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077], ids=lambda m: f"umask {m:03o}")
@pytest.mark.parametrize("command", ["new-visit", "export", "print"])
def test_a_new_output_file_is_owner_only_whatever_the_umask(command, umask, run, tmp_path, home):
    """--output goes where the person chose, and it holds health data: a new file is readable by its owner
    only, whatever the umask (replacing a file keeps that file's permissions: the test below)."""
    out = tmp_path / "chosen" / "visit.md"
    out.parent.mkdir()
    with Umask(umask):
        if command == "new-visit":
            result = run("new-visit", "--no-input", "--output", out)
        else:
            assert run("new-visit", "--no-input").exit_code == 0
            result = run(command, "--output", out, *(["--no-open"] if command == "print" else []))
    assert result.exit_code == 0, result
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p for p in out.parent.iterdir() if p != out], "a temp file was left beside the output"


def test_output_over_a_private_file_stays_private(run, tmp_path, home):
    """Exporting again over a file the person made owner-only must not make it readable by others."""
    assert run("new-visit", "--answers", visit_answers(tmp_path)).exit_code == 0
    out = tmp_path / "mine.html"
    out.write_text("old")
    out.chmod(0o600)
    with Umask(0o022):
        result = run("export", "--format", "html", "--output", out)
    assert result.exit_code == 0, result
    assert stat.S_IMODE(out.stat().st_mode) == 0o600, f"now {stat.S_IMODE(out.stat().st_mode):04o}"


# ------------------------------------------------------------------------------------------------ where it writes


def _tree(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[int, int]]:
    out = {}
    for p in root.rglob("*"):
        if any(p == s or s in p.parents for s in skip):
            continue
        st = p.lstat()
        out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns) if p.is_file() else (0, 0)
    return out


def test_nothing_is_written_outside_the_data_folder_and_the_output(tmp_path, script):
    """Each command as a real process, with HOME, the XDG folders, TMPDIR and the working folder all pointing
    into one watched tree: afterwards, only the data folder and the chosen output file have changed."""
    watched = tmp_path / "watched"
    home = watched / "data"
    out = watched / "outputs" / "chosen.md"
    places = {
        "HOME": watched / "userhome",
        "XDG_DATA_HOME": watched / "xdg-data",
        "XDG_CONFIG_HOME": watched / "xdg-config",
        "XDG_CACHE_HOME": watched / "xdg-cache",
        "XDG_STATE_HOME": watched / "xdg-state",
        "XDG_RUNTIME_DIR": watched / "xdg-runtime",
        "TMPDIR": watched / "tmp",
    }
    for place in [*places.values(), out.parent, watched / "cwd"]:
        place.mkdir(parents=True)
    answers = visit_answers(watched / "cwd")
    after = answers_file(watched / "cwd", "after.yaml", decisions="Wait and see.")
    env = {**{k: str(v) for k, v in places.items()}, "RRMM_PREP_HOME": str(home), "RRMM_PREP_DEBUG": None}
    before = _tree(watched, skip=(home, out))
    commands = [
        ["new-visit", "--no-input"],
        ["new-visit", "--answers", answers, "--output", out],
        ["after-visit", "--answers", after],
        ["visits"],
        ["visits", "show"],
        ["export", "--format", "html"],
        ["export", "--all", "--format", "txt", "--output", out],
        ["drugs", "bortezomib"],
        ["drugs"],
        ["questions"],
        ["explain", "refractory"],
        ["trends"],
        ["new-visit", "--answers-template"],
        ["--help"],
    ]
    for argv in commands:
        result = script(*map(str, argv), env=env, cwd=watched / "cwd")
        assert result.exit_code == 0, (argv, result)
    assert home.is_dir() and out.is_file()
    cache = places["XDG_CACHE_HOME"] / "rrmm-prep"
    assert [p.name for p in cache.iterdir()] == ["content.json"], "the content cache holds one file"
    assert SECRET.encode() not in (cache / "content.json").read_bytes(), (
        "the content cache holds what was typed"
    )
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    after_tree = _tree(watched, skip=(home, out, cache))
    changed = sorted(k for k in {*before, *after_tree} if before.get(k) != after_tree.get(k))
    assert not changed, f"written outside the data folder, the content cache and the chosen output: {changed}"


def test_the_default_data_folder_is_the_platform_one(tmp_path, script):
    """Without RRMM_PREP_HOME the data goes to the platform's user data folder (XDG_DATA_HOME/rrmm-prep)."""
    xdg = tmp_path / "xdg-data"
    userhome = tmp_path / "userhome"
    xdg.mkdir()
    userhome.mkdir()
    env = {"RRMM_PREP_HOME": None, "XDG_DATA_HOME": str(xdg), "HOME": str(userhome), "RRMM_PREP_DEBUG": None}
    result = script("new-visit", "--no-input", env=env, cwd=tmp_path)
    assert result.exit_code == 0, result
    assert len(list((xdg / "rrmm-prep" / "visits").glob("*.md"))) == 1
    assert stat.S_IMODE((xdg / "rrmm-prep").stat().st_mode) == 0o700
    assert not any(userhome.rglob("*"))


# ------------------------------------------------------------------------------------------------ network


def test_the_suite_runs_with_sockets_blocked():
    from pytest_socket import SocketBlockedError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pytest-socket also warns; the suite turns warnings into errors
        with pytest.raises(SocketBlockedError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(SocketBlockedError):
            socket.getaddrinfo("example.org", 443)


ALL_COMMANDS = [
    ["--help"],
    ["--version"],
    ["drugs"],
    ["drugs", "bortezomib"],
    ["drugs", "Velcade", "--format", "json"],
    ["questions"],
    ["explain"],
    ["explain", "MRD"],
    ["new-visit", "--answers-template"],
    ["new-visit", "--no-input"],
    ["new-visit", "--answers", "{answers}"],
    ["visits"],
    ["visits", "show"],
    ["questions", "--for", "latest"],
    ["after-visit", "--answers", "{after}"],
    ["export", "--format", "html"],
    ["export", "--all", "--format", "txt"],
    ["export", "--for-family", "--output", "{tmp}/family.md"],
    ["trends"],
    ["content", "check", "{content}"],
    ["forget", "2026-12-03", "--yes"],
]


def test_no_command_opens_a_socket(run, tmp_path, home, monkeypatch, build_tree):
    """Every command, in-process, with every way to reach the network replaced by a recorder."""
    from helpers import BASE

    calls: list[str] = []

    class RecordingSocket(socket.socket):
        def __new__(cls, *args, **kwargs):
            calls.append(f"socket{args}")
            raise OSError("network use recorded by the test")

    def recorder(name):
        def record(*args, **kwargs):
            calls.append(f"{name}{args}")
            raise OSError("network use recorded by the test")

        return record

    monkeypatch.setattr(socket, "socket", RecordingSocket)
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "socketpair",
        "fromfd",
    ):
        monkeypatch.setattr(socket, name, recorder(name))
    places = {
        "{answers}": str(visit_answers(tmp_path)),
        "{after}": str(answers_file(tmp_path, "after.yaml", decisions="Wait.")),
        "{tmp}": str(tmp_path),
        "{content}": str(build_tree(tmp_path, BASE)),
    }
    for argv in ALL_COMMANDS:
        args = []
        for a in argv:
            for key, value in places.items():
                a = a.replace(key, value)
            args.append(a)
        result = run(*args)
        assert result.exit_code == 0, (args, result)
    assert calls == [], f"network calls: {calls}"


SITECUSTOMIZE = """
import os, socket, sys

_log = os.environ.get("NET_LOG")
if _log:
    def _record(what):
        with open(_log, "a") as f:
            f.write(what + "\\n")

    _Socket = socket.socket

    class _Recording(_Socket):
        def __init__(self, family=-1, *a, **k):
            if family in (socket.AF_INET, socket.AF_INET6, -1):
                _record(f"socket family={family}")
            super().__init__(family, *a, **k)

    socket.socket = _Recording
    for _name in ("create_connection", "getaddrinfo", "gethostbyname"):
        _real = getattr(socket, _name)
        def _wrap(*a, _real=_real, _name=_name, **k):
            _record(f"{_name}{a}")
            return _real(*a, **k)
        setattr(socket, _name, _wrap)

if os.environ.get("BREAK_SUMMARY"):
    # An unexpected bug inside summary building, to see what a user (and a developer) would see.
    from rrmm_prep.render import summary

    def _broken(*a, **k):
        raise RuntimeError(os.environ["BREAK_SUMMARY"])

    summary.build = _broken
"""


@pytest.fixture
def hooks(tmp_path):
    """A folder with a sitecustomize.py (put on PYTHONPATH) that records network use and can break the summary."""
    folder = tmp_path / "hooks"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE))
    return folder


def test_installed_script_opens_no_socket(hooks, tmp_path, home, script):
    log = tmp_path / "net.log"
    env = {
        "PYTHONPATH": str(hooks),
        "NET_LOG": str(log),
        "RRMM_PREP_HOME": str(home),
        "RRMM_PREP_DEBUG": None,
    }
    # The hook works: a socket opened by Python under the same hook is recorded.
    probe = subprocess.run(
        [
            str(Path(CONSOLE_SCRIPT).parent / "python"),
            "-c",
            "import socket; socket.socket(socket.AF_INET).close()",
        ],
        env={**os.environ, **{k: v for k, v in env.items() if v is not None}},
        check=False,
    )
    assert probe.returncode == 0 and log.read_text().startswith("socket"), (
        "test bug: the hook does not record"
    )
    log.unlink()
    answers = visit_answers(tmp_path)
    for argv in (
        ["drugs", "bortezomib"],
        ["new-visit", "--answers", answers],
        ["visits"],
        ["export", "--format", "html"],
    ):
        result = script(*map(str, argv), env=env)
        assert result.exit_code == 0, (argv, result)
    assert not log.exists(), f"network use: {log.read_text()}"


# ------------------------------------------------------------------------------------------------ tracebacks


def test_a_bug_does_not_print_the_answers(run, tmp_path, home, monkeypatch):
    """An unexpected exception while building the summary (its message even holding a secret): the user sees a
    plain message with exit 70 and a pointer to --debug; no traceback, no secret."""

    def broken(*args, **kwargs):
        raise RuntimeError(f"could not render {SECRET}")

    monkeypatch.setattr(summary, "build", broken)
    result = run("new-visit", "--answers", visit_answers(tmp_path), env=NO_DEBUG)
    assert result.exit_code == 70, result
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    assert "--debug" in result.stderr
    assert not (home / "visits").exists() or not any((home / "visits").iterdir())


def _script_with_hooks(hooks, home, *args, debug=False, secret_in_message=False):
    env = {
        "PYTHONPATH": str(hooks),
        "BREAK_SUMMARY": f"boom {SECRET}" if secret_in_message else "boom",
        "RRMM_PREP_HOME": str(home),
        "RRMM_PREP_DEBUG": None,
        "_TYPER_STANDARD_TRACEBACK": None,
    }
    argv = ["--debug", *args] if debug else list(args)
    full = {**os.environ}
    for k, v in env.items():
        if v is None:
            full.pop(k, None)
        else:
            full[k] = v
    proc = subprocess.run(
        [str(CONSOLE_SCRIPT), *map(str, argv)], capture_output=True, text=True, env=full, check=False
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("secret_in_message", [False, True], ids=["plain message", "secret in the message"])
def test_installed_script_hides_a_bug_without_debug(secret_in_message, hooks, tmp_path, home):
    result = _script_with_hooks(
        hooks, home, "new-visit", "--answers", visit_answers(tmp_path), secret_in_message=secret_in_message
    )
    assert result.exit_code == 70, result
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    assert "--debug" in result.stderr


def test_debug_shows_the_traceback_without_locals(hooks, tmp_path, home):
    """--debug is for a developer: the traceback is shown, as a plain Python traceback with no local values (so
    the answers, held in local variables all the way down, are not printed)."""
    result = _script_with_hooks(hooks, home, "new-visit", "--answers", visit_answers(tmp_path), debug=True)
    assert result.exit_code != 0
    assert "Traceback (most recent call last)" in result.stderr, result
    assert "RuntimeError: boom" in result.stderr
    assert SECRET not in result.output, "the traceback printed local values (the answers)"
    assert "locals" not in result.stderr.lower() and "╭" not in result.stderr


def test_expected_errors_show_no_traceback_even_with_debug_env(run, tmp_path):
    """RRMM_PREP_DEBUG shows bugs; an expected error (a bad answers file) is still just a message."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("notes: [unclosed\n")
    result = run("new-visit", "--answers", bad, env={"RRMM_PREP_DEBUG": "1"})
    assert result.exit_code == 2
    assert "Traceback" not in result.output
