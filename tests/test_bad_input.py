"""Bad input files, through every command that reads one: each gets a clear message naming the file (and the
line, where there is one), exit code 2, no traceback, and nothing written.

Four ways in, two loaders:

- the answers loader: ``new-visit --answers FILE`` and ``after-visit --answers FILE``;
- the content loader: ``content check DIR`` and ``--content DIR drugs`` (the bad file is one of the content files).

Most cases run in-process through ``run`` (fast); the deep-nesting cases run the installed script in a subprocess,
because a parser that recurses in C can take the whole process down with it (a segfault would kill pytest too).
"""

from __future__ import annotations

import re
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import Result, build_tree

# ------------------------------------------------------------------------------------------------ the cases

MARKER = "{MARKER}"  # replaced by a path under the test's tmp_path: if it ever exists, something ran


def _bomb(levels: int = 9) -> bytes:
    """The classic "billion laughs": 9 levels of 9 aliases = 9**9 (387 million) strings if expanded."""
    names = "abcdefghijklmnop"
    lines = [f'{names[0]}: &{names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        prev = names[i - 1]
        lines.append(f"{names[i]}: &{names[i]} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Bad:
    id: str
    data: bytes
    words: tuple[str, ...]  # each must appear in the message (case-insensitive regexes)
    line: int | None  # the line the message must name, or None when the file has no meaningful line


CASES = [
    Bad("yaml syntax: mapping in a value", b"notes: hello\nmedicines: a: b\n", ("YAML",), 2),
    Bad("yaml syntax: unclosed bracket", b"goals: [walk my dog\nnotes: x\n", ("YAML",), 2),
    Bad("yaml syntax: tab indent", b"visit:\n\tdate: 2026-12-03\n", ("YAML",), 2),
    Bad("yaml syntax: unclosed quote", b'notes: "unclosed\nmedicines: [a]\n', ("YAML",), 3),
    Bad("yaml syntax: control character", b"notes: one\nmedicines: [a\x07b]\n", ("control|character",), 2),
    Bad(
        "python tag: os.system",
        b'notes: ok\nmedicines: !!python/object/apply:os.system ["touch ' + MARKER.encode() + b'"]\n',
        ("tag",),
        2,
    ),
    Bad(
        "python tag: subprocess",
        b"notes: !!python/object/apply:subprocess.check_call [[touch, " + MARKER.encode() + b"]]\n",
        ("tag",),
        1,
    ),
    Bad("python tag: name", b"notes: ok\ngoals: !!python/name:os.system\n", ("tag",), 2),
    Bad("python tag: object/new", b"notes: !!python/object/new:builtins.dict {}\n", ("tag",), 1),
    Bad("unknown local tag", b"notes: ok\nmedicines: !secret value\n", ("tag",), 2),
    Bad("unknown full tag", b"notes: !<tag:example.com,2026:thing> x\n", ("tag",), 1),
    Bad("binary tag", b"notes: !!binary aGVsbG8=\n", ("tag",), 1),
    Bad("set tag", b"goals: !!set {a, b}\n", ("tag",), 1),
    Bad("timestamp tag", b"notes: !!timestamp 2026-12-03\n", ("tag",), 1),
    Bad("billion laughs", _bomb(9), ("alias",), 1),
    Bad("one alias", b"notes: &x hello\nmedicines: [*x]\n", ("alias",), 1),
    Bad("merge key", b"base: &b {x: 1}\nvisit:\n  <<: *b\n", ("alias|merge",), None),
    Bad("huge file (> 1 MB)", b"notes: " + b"x" * 1_100_000 + b"\n", ("MB|large",), None),
    Bad("huge file of many lines", b"medicines:\n" + b"  - aspirin 81 mg\n" * 70_000, ("MB|large",), None),
    Bad("binary: png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", ("binary",), None),
    Bad("binary: elf", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, ("binary",), None),
    Bad("binary: nul in text", b"notes: hello\x00world\n", ("binary",), None),
    Bad("utf-16 with BOM", "notes: café crème\ngoals: [être bien]\n".encode("utf-16"), ("UTF-8",), None),
    Bad("utf-16-be with BOM", "\ufeffnotes: naïve\n".encode("utf-16-be"), ("UTF-8",), None),
    Bad("latin-1", "notes: fine\nmedicines: [café crème]\n".encode("latin-1"), ("UTF-8",), 2),
    Bad("cp1252 smart quotes", "goals: [walk]\n\n notes: \u201chi\u201d\n".encode("cp1252"), ("UTF-8",), 3),
    Bad("duplicate key", b"notes: one\ngoals: [walk]\nnotes: two\n", ("twice",), 3),
    Bad("duplicate nested key", b"visit:\n  with: Dr. A\n  place: here\n  with: Dr. B\n", ("twice",), 4),
    Bad("document is a list", b"- visit\n- notes\n", ("mapping",), 1),
    Bad("document is a bare string", b"just some text\n", ("mapping",), 1),
    Bad("document is a number", b"42\n", ("mapping",), 1),
    Bad("several documents", b"notes: a\n---\nnotes: b\n", ("document",), 2),
    Bad("several documents (explicit)", b"---\nnotes: a\n...\n---\nnotes: b\n", ("document",), None),
    Bad("empty file", b"", ("empty",), None),
    Bad("deep brackets (within limits)", b"notes: " + b"[" * 500 + b"]" * 500 + b"\n", ("nested",), 1),
    Bad(
        "deep mappings (within limits)",
        b"notes: " + b"{a: " * 300 + b"x" + b"}" * 300 + b"\n",
        ("nested",),
        1,
    ),
]
assert len({c.id for c in CASES}) == len(CASES)

# Nesting deep enough to overflow a recursive parser's C stack. Run only in a subprocess.
DEEP_CASES = [
    Bad("deep brackets 5k", b"notes: " + b"[" * 5_000 + b"]" * 5_000 + b"\n", ("nested",), 1),
    Bad("deep brackets 100k", b"notes: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", ("nested",), 1),
    Bad("deep braces 100k", b"notes: " + b"{a: " * 100_000 + b"x" + b"}" * 100_000 + b"\n", ("nested",), 1),
    Bad("deep block list 200k", b"notes:\n" + b"- " * 200_000 + b"x\n", ("nested",), 2),
]

WAYS = ["new-visit --answers", "after-visit --answers", "content check", "--content drugs"]
CONTENT_FILES = ("drug_classes.yaml", "questions.yaml", "glossary.yaml")


# ------------------------------------------------------------------------------------------------ helpers


def _snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Setup:
    argv: list[str]
    bad_file: Path
    before: dict[str, bytes]  # the visits folder before the command


def _setup(way: str, case: Bad, tmp_path: Path, home: Path, run, index: int = 0) -> Setup:
    marker = tmp_path / "pwned"
    data = case.data.replace(MARKER.encode(), str(marker).encode())
    if way.endswith("--answers"):
        if way.startswith("after-visit"):
            made = run("new-visit", "--no-input")
            assert made.exit_code == 0, made
        bad = tmp_path / "answers.yaml"
        bad.write_bytes(data)
        argv = [*way.split(), str(bad)]
    else:
        # The bad file is one of the content files (a different one from case to case), alone in its folder:
        # a valid override file next to it could only add problems of its own (references into the bad one).
        name = CONTENT_FILES[index % len(CONTENT_FILES)]
        folder = build_tree(tmp_path, {name: data})
        bad = folder / name
        argv = (
            ["content", "check", str(folder)]
            if way == "content check"
            else ["--content", str(folder), "drugs"]
        )
    return Setup(argv, bad, _snapshot(home / "visits"))


def _check_refused(result: Result, case: Bad, setup: Setup, home: Path, tmp_path: Path) -> None:
    out = result.output
    assert result.exit_code == 2, result
    assert "Traceback" not in out, result
    assert str(setup.bad_file) in result.stderr, (
        f"the message should name the file {setup.bad_file}\n{result!r}"
    )
    if case.line is not None:
        assert f"{setup.bad_file}:{case.line}" in result.stderr, (
            f"the message should name line {case.line}\n{result!r}"
        )
    for word in case.words:
        assert re.search(word, result.stderr, re.IGNORECASE), f"the message should say {word!r}\n{result!r}"
    # Nothing written: the visits folder is exactly as before, and no draft was left.
    assert _snapshot(home / "visits") == setup.before, "the visits folder changed"
    assert not (home / "drafts").exists() or not any((home / "drafts").iterdir())
    assert not (tmp_path / "pwned").exists(), "a YAML tag ran code"


# ------------------------------------------------------------------------------------------------ tests


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_file_is_refused(way, case, tmp_path, home, run):
    setup = _setup(way, case, tmp_path, home, run, CASES.index(case))
    result = run(*setup.argv)
    _check_refused(result, case, setup, home, tmp_path)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", DEEP_CASES, ids=[c.id for c in DEEP_CASES])
def test_deep_nesting_is_refused_by_the_installed_script(way, case, tmp_path, home, run, script):
    """In a subprocess: a parser that recurses in C crashes the process (SIGSEGV) instead of raising."""
    setup = _setup(way, case, tmp_path, home, run, DEEP_CASES.index(case))
    result = script(*setup.argv, env={"RRMM_PREP_HOME": str(home)})
    assert result.exit_code >= 0, f"the process was killed by signal {-result.exit_code}\n{result!r}"
    _check_refused(result, case, setup, home, tmp_path)


TAG_WAYS = [c for c in CASES if c.id.startswith("python tag: ") and MARKER.encode() in c.data]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", TAG_WAYS, ids=[c.id for c in TAG_WAYS])
def test_python_tags_never_run_in_the_installed_script(way, case, tmp_path, home, run, script):
    marker = tmp_path / "pwned"
    assert not marker.exists()
    setup = _setup(way, case, tmp_path, home, run)
    assert str(marker) in setup.bad_file.read_text(encoding="utf-8")
    result = script(*setup.argv, env={"RRMM_PREP_HOME": str(home)})
    assert not marker.exists(), "the YAML tag ran a command"
    _check_refused(result, case, setup, home, tmp_path)


BOMBS = [
    ("9 levels", _bomb(9)),
    ("16 levels", _bomb(16)),
    # Many aliases to one big string: quadratic if expanded (60k aliases x 10 kB = 600 MB).
    ("wide", b"a: &a " + b"x" * 10_000 + b"\nb: [" + b"*a, " * 60_000 + b"*a]\n"),
    # An alias nested inside an ordinary answers file.
    ("inside answers", b"visit:\n  with: &who Dr. Rivera\nnotes: [*who, *who]\n" + _bomb(9)),
]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(("label", "data"), BOMBS, ids=[b[0] for b in BOMBS])
def test_alias_bomb_is_refused_fast_and_small(way, label, data, tmp_path, home, run):
    """Refused within a second, with little memory: the aliases are never expanded."""
    case = Bad(label, data, ("alias",), None)
    assert len(data) < 1_000_000, "test bug: the bomb must fit under the size limit"
    setup = _setup(way, case, tmp_path, home, run)
    run("drugs", "bortezomib")  # warm up: imports and the shipped content, so only the bad file is measured
    started = time.perf_counter()
    result = run(*setup.argv)
    elapsed = time.perf_counter() - started
    _check_refused(result, case, setup, home, tmp_path)
    assert elapsed < 1.0, f"took {elapsed:.2f} s"

    tracemalloc.start()
    try:
        result = run(*setup.argv)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 2
    # Expanded, the 9-level bomb alone is hundreds of millions of strings (gigabytes).
    assert peak < 64 * 2**20, f"peak memory {peak / 2**20:.1f} MB"


def test_loader_refuses_a_bomb_in_little_memory():
    """The loader itself, without the command around it."""
    from rrmm_prep import loader

    text = _bomb(12).decode()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(loader.YamlReadError) as info:
            loader.parse(text, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 8 * 2**20, f"peak memory {peak / 2**20:.1f} MB"
    assert "alias" in str(info.value)


@pytest.mark.parametrize("way", ["new-visit --answers", "after-visit --answers"])
@pytest.mark.parametrize(
    "name", ["missing.yaml", "a folder"], ids=["missing file", "a folder instead of a file"]
)
def test_answers_path_that_is_not_a_file(way, name, tmp_path, home, run):
    if way.startswith("after-visit"):
        assert run("new-visit", "--no-input").exit_code == 0
    path = tmp_path / name
    if name == "a folder":
        path.mkdir()
    before = _snapshot(home / "visits")
    result = run(*way.split(), path)
    assert result.exit_code == 2, result
    assert str(path) in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(home / "visits") == before


def test_every_problem_in_one_file_is_listed(tmp_path, home, run):
    """Several problems: all are reported at once, each with its line, so one edit fixes the file."""
    path = tmp_path / "answers.yaml"
    path.write_text(
        "notes: one\ngoals: !x [walk]\nnotes: two\nmedicines: !!python/name:os.system\n", encoding="utf-8"
    )
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2, result
    for line in (2, 3, 4):
        assert f"{path}:{line}" in result.stderr, result
    assert _snapshot(home / "visits") == {}
