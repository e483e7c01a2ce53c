"""The wheel ships the content and works from any folder, and every command documents itself (the README is
checked in test_docs.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from helpers import REPO, cli_commands

CONTENT_FILES = ("drug_classes.yaml", "questions.yaml", "glossary.yaml")


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(c) for c in cmd],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", 300),
        check=False,
        **kwargs,
    )
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    import importlib.util

    out = tmp_path_factory.mktemp("dist")
    # Offline when the build backend is installed here; otherwise build lets pip fetch hatchling.
    offline = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
    _run([sys.executable, "-m", "build", "--wheel", *offline, "--outdir", out, REPO], cwd=REPO)
    [built] = out.glob("rrmm_prep-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(tmp_path_factory, wheel) -> Path:
    """A fresh venv with only the wheel installed (no network: --no-index --no-deps). Its dependencies come from
    this test environment's site-packages through a .pth file placed after the venv's own site-packages."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            "--no-cache-dir",
            wheel,
        ]
    )
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(site, "_deps_from_test_env.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return venv


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RRMM_PREP_CONTENT", "VIRTUAL_ENV")}
    env["RRMM_PREP_HOME"] = str(tmp_path / "home")
    return env


def test_wheel_contains_the_content(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for name in CONTENT_FILES:
            assert f"rrmm_prep/data/{name}" in names, sorted(names)
            shipped = (REPO / "data" / name).read_bytes()
            assert zf.read(f"rrmm_prep/data/{name}") == shipped
        assert "rrmm_prep/cli.py" in names
        assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "src/"))]
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "rrmm-prep = rrmm_prep.cli:main" in zf.read(entry_points).decode()


def test_installed_wheel_works_from_another_folder(installed, tmp_path):
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = _clean_env(tmp_path)
    where = _run(
        [installed / "bin" / "python", "-c", "import rrmm_prep; print(rrmm_prep.__file__)"], cwd=cwd, env=env
    )
    assert Path(where.stdout.strip()).is_relative_to(installed), "the wheel's copy was not the one imported"

    proc = _run([installed / "bin" / "rrmm-prep", "drugs", "Velcade"], cwd=cwd, env=env)
    assert "bortezomib" in proc.stdout.lower()
    assert proc.stderr == ""


def test_installed_wheel_loads_every_shipped_file(installed, tmp_path, shipped):
    code = (
        "from rrmm_prep.content import load as content\n"
        "c = content.load()\n"
        "print(content.shipped_dir())\n"
        "print(len(c.drugs), len(c.regimens), sum(len(t.questions) for t in c.topics), len(c.terms))\n"
    )
    proc = _run([installed / "bin" / "python", "-c", code], cwd=tmp_path, env=_clean_env(tmp_path))
    folder, counts = proc.stdout.strip().splitlines()
    assert Path(folder).is_relative_to(installed)
    expected = (len(shipped.drugs), len(shipped.regimens), len(shipped.question_by_id), len(shipped.terms))
    assert tuple(map(int, counts.split())) == expected


def test_python_dash_m_version(tmp_path):
    from rrmm_prep import __version__

    proc = _run([sys.executable, "-m", "rrmm_prep", "--version"], cwd=tmp_path)
    assert proc.stdout.strip() == f"rrmm-prep {__version__}"


def test_installed_wheel_python_dash_m(installed, tmp_path):
    proc = _run(
        [installed / "bin" / "python", "-m", "rrmm_prep", "--version"], cwd=tmp_path, env=_clean_env(tmp_path)
    )
    assert proc.stdout.startswith("rrmm-prep ")


# ------------------------------------------------------------------------------------ help and README


def test_the_commands_the_issues_ask_for_exist():
    names = {" ".join(path) for path, _ in cli_commands()}
    assert {"drugs", "questions", "explain", "content check", "print", "about", "visits show"} <= names


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in cli_commands()])
def test_every_command_has_help_text(run, path):
    command = {" ".join(p): c for p, c in cli_commands()}[path]
    assert (command.help or "").strip(), f"'{path}' has no help text"
    result = run(*path.split(), "--help")
    assert result.exit_code == 0, result
    assert command.help.strip().split("\n")[0][:30] in " ".join(result.stdout.split())
    for param in command.params:
        if getattr(param, "hidden", False) or param.name == "help":
            continue
        assert (getattr(param, "help", None) or "").strip(), f"'{path}': {param.name} has no help text"
