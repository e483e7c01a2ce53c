"""Startup stays light: `rrmm-prep --help` and `--version` import neither YAML, rich.markdown, the export code
nor markdown-it (DESIGN.md; Typer's own test_rich_import.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import GLOSSARY

HEAVY = ("yaml", "rich.markdown", "rrmm_prep.render.html", "markdown_it")

PROBE = """
import json, sys
out = sys.argv[1]
sys.argv = ["rrmm-prep", *sys.argv[2:]]
from rrmm_prep.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""


def modules_after(tmp_path, *args: str) -> tuple[int, list[str], str]:
    out = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.exists(), proc.stderr
    data = json.loads(out.read_text())
    return data["code"], data["modules"], proc.stdout


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["drugs", "--help"], ["-h"]], ids=" ".join)
def test_help_and_version_stay_light(tmp_path, args):
    code, modules, stdout = modules_after(tmp_path, *args)
    assert code in (0, None), stdout
    assert stdout.strip(), "the probe printed nothing: it did not run the command"
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert not heavy, f"'rrmm-prep {' '.join(args)}' imported {heavy}"


def test_the_probe_sees_heavy_imports(tmp_path, build_tree):
    """The probe can fail: checking a content folder has to parse YAML, so yaml shows up."""
    folder = build_tree(tmp_path, {"glossary.yaml": GLOSSARY})
    code, modules, stdout = modules_after(tmp_path, "content", "check", str(folder))
    assert code in (0, None), stdout
    assert "yaml" in modules


def test_drug_lookup_does_not_import_the_export_code(tmp_path):
    code, modules, stdout = modules_after(tmp_path, "drugs", "bortezomib")
    assert code in (0, None), stdout
    assert "bortezomib" in stdout.lower()
    assert not [m for m in modules if m in ("rrmm_prep.render.html", "markdown_it", "rich.markdown")]
