"""Bad input files, through every command that reads one: each gets a clear message naming the file (and the
line, where there is one), exit code 2, no traceback, and nothing written.

Four ways in, two loaders:

- the answers loader: ``new-visit --answers FILE`` and ``after-visit --answers FILE``;
- the content loader: ``content check DIR`` and ``--content DIR drugs`` (the bad file is one of the content files).

Most cases run in-process through ``run`` (fast); the deep-nesting cases run the installed script in a subprocess,
because a parser that recurses in C can take the whole process down with it (a segfault would kill pytest too).
"""

from __future__ import annotations

import json
import re
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import (
    BASE,
    HOSTILE,
    NO_DEBUG,
    Result,
    answers_file,
    build_tree,
    line_no,
    raw_controls,
    read_record,
    save_visit,
    saved_id,
    write_record,
)
from rrmm_prep import ui

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
    from rrmm_prep.content import loader

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


# ------------------------------------------------------------------------------------------------ numbers

# A lab value in an answers file -> words the message must hold. Each is refused (exit 2) naming its line.
BAD_NUMBERS = {
    "NaN": "not a number",
    "nan": "not a number",
    ".nan": "not a number",
    "inf": "not a lab value",
    "Infinity": "not a lab value",
    "-inf": "not a lab value",
    ".inf": "not a lab value",
    "1e309": "too large",
    "1" + "0" * 309: "too large",
    "9" * 400: "too large",
    "2e3": "Type the number in full as on the report: 2000",
    "-1": "below zero",
    "0x10": "not a number",
    "1_000": "no number to read|not a number",
    "1,200": r"Is '1,200' 1\.200 or 1200\? Write 1\.200 \(with a point\) for the decimal, or 1200 \(without",
    "10,500": r"Write 10\.500 \(with a point\) for the decimal, or 10500",
    "1.234,5": "mixes commas and points",
}


@pytest.mark.parametrize("shape", ["test, value and unit", "one line"])
@pytest.mark.parametrize(("value", "words"), BAD_NUMBERS.items(), ids=[k[:12] for k in BAD_NUMBERS])
def test_an_impossible_lab_value_is_refused_naming_its_line(value, words, shape, tmp_path, home, run):
    if shape == "one line":
        text = f'visit:\n  date: 2026-12-03\nlabs:\n  - "M-protein {value} g/dL"\n'
        line = 4
    else:
        text = (
            f'visit:\n  date: 2026-12-03\nlabs:\n  - test: M-protein\n    value: "{value}"\n    unit: g/dL\n'
        )
        line = line_no(text, "value:")
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("new-visit", "--answers", path)
    assert result.exit_code == 2, result
    assert f"{path}:{line}: entry 'labs'" in result.stderr, result
    assert re.search(words, result.stderr), result
    assert "Traceback" not in result.output
    assert not (home / "visits").exists() or not any((home / "visits").iterdir())


# What is typed -> what is stored (and the number trends reads from it).
GOOD_NUMBERS = {
    "0,850": ("0.850", 0.85),  # a decimal comma is a decimal
    "1,2": ("1.2", 1.2),
    "12,50": ("12.50", 12.5),
    "0.850": ("0.850", 0.85),
    "<0,1": ("<0.1", 0.1),
    "١٫٢": None,  # an Arabic decimal separator: not read (the digits alone are), so refused below
    "١٢": ("12", 12.0),  # Arabic-Indic digits are digits
    "１２": ("12", 12.0),  # full-width digits
}


@pytest.mark.parametrize(("typed", "stored"), GOOD_NUMBERS.items(), ids=list(GOOD_NUMBERS))
def test_a_decimal_comma_is_a_decimal(typed, stored, tmp_path, home, run):
    path = answers_file(
        tmp_path, visit={"date": "2026-12-03"}, labs=[{"test": "M-protein", "value": typed, "unit": "g/dL"}]
    )
    result = run("new-visit", "--answers", path)
    if stored is None:
        assert result.exit_code == 2, result
        return
    assert result.exit_code == 0, result
    (lab,) = read_record(home, saved_id(result))["labs"]
    assert lab["value"] == stored[0]
    data = json.loads(run("trends", "--format", "json").stdout)
    assert [p["number"] for p in data["M-protein"]] == [stored[1]]


def test_a_decimal_comma_makes_a_fall_a_fall(tmp_path, home, run):
    """Issue 12: 1,2 then 0,850 g/dL is a fall from 1.2 to 0.85, not a rise to 850."""
    save_visit(
        run, tmp_path, "2026-10-01", "Dr. A", labs=[{"test": "M-protein", "value": "1,2", "unit": "g/dL"}]
    )
    save_visit(
        run, tmp_path, "2026-11-01", "Dr. A", labs=[{"test": "M-protein", "value": "0,850", "unit": "g/dL"}]
    )
    data = json.loads(run("trends", "--format", "json").stdout)
    assert [p["number"] for p in data["M-protein"]] == [1.2, 0.85]
    text = run("trends", "--format", "text").stdout
    assert "-0.35" in text and "850" not in text.replace("0.850", "")


def test_an_impossible_value_typed_in_the_walk_is_refused(run, home, prompter, pinned_day):
    p = prompter({"A result": "M-protein 1e309 g/dL", "Add another result": ""})
    result = run("new-visit")
    assert result.exit_code == 0, result
    assert "'1e309' is too large to be a lab value" in result.stdout  # said, and asked again
    assert read_record(home, saved_id(result))["labs"] == []
    assert not any("Keep it as you typed it" in label for label in p.labels)


# Impossible values as they may sit in a record (another program, an older version, a hand edit).
ODD_STORED = {
    "1 and 309 zeros": "1" + "0" * 309,
    "NaN": "NaN",
    "Infinity": "Infinity",
    "1e309": "1e309",
    "-1": "-1",
    "1,200": "1,200",
    "empty": "",
    "tiny": "0." + "0" * 300 + "1",
    # Not text, and not JSON either (Python's json writes them): read as the text they were written as.
    "JSON NaN": float("nan"),
    "JSON 1e999": 1e999,
}


def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(params=list(ODD_STORED))
def odd_value(request, run, home, tmp_path):
    """Three visits with M-protein values; the middle one's value replaced on disk by an impossible one."""
    ids = [
        save_visit(run, tmp_path, day, "Dr. A", labs=[{"test": "M-protein", "value": v, "unit": "g/dL"}])
        for day, v in (("2026-09-01", "1.2"), ("2026-10-01", "1.0"), ("2026-11-01", "0.9"))
    ]
    rec = read_record(home, ids[1])
    rec["labs"][0]["value"] = ODD_STORED[request.param]
    rec["unknown_number"] = ODD_STORED[request.param]  # an unknown field with it too
    write_record(home, ids[1], rec)
    return ids, request.param


@pytest.mark.parametrize(
    "argv",
    [
        ["trends"],
        ["trends", "M-protein", "--format", "text"],
        ["visits", "show", "--format", "text"],
        ["visits", "show", "2026-10-01", "--format", "text"],
        ["export", "--format", "txt"],
        ["export", "--format", "md"],
        ["export", "--format", "html"],
        ["export", "--all", "--format", "txt"],
        ["questions", "--for", "latest"],
    ],
    ids=lambda a: " ".join(a),
)
def test_an_impossible_stored_value_crashes_nothing(argv, odd_value, run, home):
    ids, kind = odd_value
    result = run(*argv, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 0, result
    assert "Traceback" not in result.output
    if argv[0] == "trends":
        assert "0.9" in result.stdout and "1.2" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["trends", "--format", "json"],
        ["visits", "--format", "json"],
        ["visits", "show", "--format", "json"],
        ["visits", "show", "2026-10-01", "--format", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_json_output_is_strict_json_whatever_is_stored(argv, odd_value, run):
    ids, kind = odd_value
    result = run(*argv, env={"RRMM_PREP_DEBUG": None})
    assert result.exit_code == 0, result
    data = _strict(result.stdout)
    if argv[0] == "trends":
        numbers = [p["number"] for p in data["M-protein"]]
        assert numbers[0] == 1.2 and numbers[-1] == 0.9
        assert all(n is None or isinstance(n, float) for n in numbers)
        assert isinstance(data["M-protein"][1]["value"], str)  # kept as the text it was written as


# ------------------------------------------------------------------------------------------------ control characters


def _yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted string, its control characters as escapes (YAML refuses them raw)."""
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _hostile_pack(tmp_path: Path) -> Path:
    """BASE with HOSTILE (as YAML escapes) in a drug's description and things to know, a glossary meaning, a
    question, and the urgent symptom's label and call-now words."""
    h = _yaml_string(HOSTILE)
    drugs = BASE["drug_classes.yaml"].replace("what_it_does: It does a test thing.", f"what_it_does: {h}")
    drugs = drugs.replace("- Two things to know.", f"- {h}")
    label = _yaml_string("zz made-up \x1b[2J\x07symptom")  # a listed label has at most 35 characters
    questions = BASE["questions.yaml"].replace("label: zz made-up symptom", f"label: {label}")
    questions = questions.replace(
        "call_now: Call the test team now.\n    sources", f"call_now: {h}\n    sources", 1
    )
    questions = questions.replace("text: Is this the first test question?", f"text: {h}")
    glossary = BASE["glossary.yaml"].replace("meaning: A made-up word used in tests.", f"meaning: {h}")
    for name, text in (("drugs", drugs), ("questions", questions), ("glossary", glossary)):
        assert h in text, f"test bug: nothing replaced in {name}"
    return build_tree(
        tmp_path, {"drug_classes.yaml": drugs, "questions.yaml": questions, "glossary.yaml": glossary}, "pack"
    )


def _assert_shown_not_sent(text: str, where: str, visible: bool = True) -> None:
    assert raw_controls(text) == [], f"{where}: control characters written live: {raw_controls(text)}"
    assert "start" in text and "end" in text, f"{where}: the text around them is gone"
    if visible:  # (Markdown escapes the brackets of ^[ with a backslash)
        shown = "".join(text.split()).replace("\\", "")
        assert "^[]52;c;SGVsbG8=^G" in shown, f"{where}: OSC 52 not shown as a visible escape"


PACK_VIEWS = [
    ["drugs", "zztestdrug", "--format", "text"],
    ["drugs", "zztestdrug"],
    ["drugs", "zztestdrug", "--format", "markdown"],
    ["drugs", "--format", "text"],
    ["explain", "zzterm", "--format", "text"],
    ["explain", "zzterm", "--format", "markdown"],
    ["questions", "zz-topic", "--format", "text"],
]


@pytest.mark.parametrize("argv", PACK_VIEWS, ids=lambda a: " ".join(a))
def test_control_characters_in_a_content_pack_are_shown_not_sent(argv, tmp_path, home, run):
    pack = _hostile_pack(tmp_path)
    result = run("--content", pack, *argv)
    assert result.exit_code == 0, result
    if argv == ["drugs", "--format", "text"]:  # the overview lists names only: nothing hostile in them
        assert raw_controls(result.output) == []
        return
    _assert_shown_not_sent(result.stdout, " ".join(argv))


@pytest.mark.parametrize("argv", [["drugs", "zztestdrug"], ["explain", "zzterm"]], ids=["drugs", "explain"])
def test_control_characters_in_a_content_pack_are_shown_not_sent_on_a_terminal(
    argv, tmp_path, home, run, monkeypatch
):
    """The Rich path (a terminal): the same visible escapes."""

    monkeypatch.setattr(ui, "is_terminal", lambda stream=None: stream is None or stream is sys.stdout)
    pack = _hostile_pack(tmp_path)
    result = run("--content", pack, *argv, "--no-pager")
    assert result.exit_code == 0, result
    _assert_shown_not_sent(strip_ansi_sgr(result.stdout), " ".join(argv))


def strip_ansi_sgr(text: str) -> str:
    """Rich's own colour codes (SGR) are fine on a terminal; take them out to look for anything else."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_json_output_escapes_control_characters(tmp_path, home, run):
    pack = _hostile_pack(tmp_path)
    for argv in (["drugs", "zztestdrug", "--format", "json"], ["explain", "zzterm", "--format", "json"]):
        result = run("--content", pack, *argv)
        assert result.exit_code == 0, result
        assert raw_controls(result.stdout) == [], argv
        assert HOSTILE in _strings(json.loads(result.stdout)), (
            f"{argv}: the text did not survive as JSON escapes"
        )


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def test_control_characters_in_a_visit_made_with_a_pack_are_shown_not_sent(tmp_path, home, run):
    from rrmm_prep.content import load as loading

    pack = _hostile_pack(tmp_path)
    listed = [s.id for s in loading.load(str(pack)).symptoms if s.listed]
    number = str(listed.index("zz-symptom") + 1)  # its label holds control characters: pick it by its number
    visit_id = save_visit(
        run,
        tmp_path,
        "2026-12-03",
        "Dr. A",
        "--content",
        str(pack),
        symptoms=[{"name": number, "severity": "severe"}],
    )
    assert [f["sign"] for f in read_record(home, visit_id)["call_now"]] == ["zz-symptom"]
    outputs = {"summary": (home / "visits" / f"{visit_id}.md").read_text()}
    for argv in (["visits", "show", "--format", "text"], ["visits"]):
        outputs[" ".join(argv)] = run(*argv).stdout
    for fmt in ("txt", "md"):
        assert run("export", "--format", fmt).exit_code == 0
        outputs[f".{fmt} export"] = (home / "exports" / f"{visit_id}.{fmt}").read_text()
    for where, text in outputs.items():
        if where == "visits":
            assert raw_controls(text) == [], where
            continue
        _assert_shown_not_sent(text, where)


def test_content_check_warns_about_control_characters(tmp_path, run):
    meaning = f"meaning: {_yaml_string('A made-up ' + CLEAR_SCREEN + ' word.')}"
    glossary = BASE["glossary.yaml"].replace("meaning: A made-up word used in tests.", meaning)
    pack = build_tree(tmp_path, {**BASE, "glossary.yaml": glossary}, "pack")
    result = run("content", "check", pack)
    assert result.exit_code == 0, result
    assert raw_controls(result.output) == []
    assert re.search(
        rf"Warning: {re.escape(str(pack / 'glossary.yaml'))}:5: .*control character", result.stderr
    ), result
    assert "1 warning above" in result.stdout


CLEAR_SCREEN = "\x1b[2J"


def test_control_characters_typed_in_an_answers_file_are_removed(tmp_path, home, run):
    path = answers_file(
        tmp_path,
        visit={"date": "2026-12-03", "with": f"Dr. {HOSTILE}"},
        notes=HOSTILE,
        my_questions=[f"Can I {HOSTILE}?"],
        medicines=[HOSTILE],
    )
    made = run("new-visit", "--answers", path)
    assert made.exit_code == 0, made
    visit_id = saved_id(made)
    after = answers_file(
        tmp_path, "after.yaml", answers={"1": HOSTILE}, decisions=HOSTILE, for_family=HOSTILE
    )
    assert run("after-visit", visit_id, "--answers", after).exit_code == 0
    rec = read_record(home, visit_id)
    assert raw_controls(json.dumps(rec, ensure_ascii=False)) == [], "kept with its control characters"
    assert rec["notes"].startswith("start") and rec["notes"].endswith("end")
    assert "SGVsbG8" not in rec["notes"] and "evil.example" not in rec["notes"], (
        "a sequence's payload was kept"
    )
    outputs = [run("visits").output, run("visits", "show", "--format", "text").output]
    for fmt in ("txt", "md"):
        assert run("export", "--format", fmt).exit_code == 0
        outputs.append((home / "exports" / f"{visit_id}.{fmt}").read_text())
    assert run("export", "--for-family", "--format", "txt").exit_code == 0
    outputs.append((home / "exports" / f"{visit_id}-family.txt").read_text())
    for text in outputs:
        assert raw_controls(text) == []


def test_control_characters_in_a_stored_record_are_shown_not_sent(tmp_path, home, run):
    """A record written behind the tool's back (another program, a hand edit) holding control characters."""
    visit_id = save_visit(run, tmp_path, "2026-12-03", "Dr. A", my_questions=["Can I travel?"])
    rec = read_record(home, visit_id)
    rec["notes"] = HOSTILE
    rec["info"]["clinician"] = f"Dr. {HOSTILE}"
    rec["questions"][0]["answer"] = HOSTILE
    write_record(home, visit_id, rec)
    outputs = {
        "visits": run("visits", "--format", "text"),
        "visits show": run("visits", "show", "--format", "text"),
        "after-visit": run("after-visit", "--answers", answers_file(tmp_path, decisions="Wait.")),
    }
    for name, result in outputs.items():
        assert result.exit_code == 0, (name, result)
        _assert_shown_not_sent(result.output, name, visible=name != "visits")
    for fmt in ("txt", "md"):
        assert run("export", "--format", fmt).exit_code == 0
        _assert_shown_not_sent((home / "exports" / f"{visit_id}.{fmt}").read_text(), f".{fmt} export")


@pytest.mark.parametrize(
    "argv",
    [
        ["visits", "show", "{H}"],
        ["explain", "{H}"],
        ["drugs", "{H}"],
        ["questions", "{H}"],
        ["after-visit", "{H}", "--no-input"],
        ["export", "{H}"],
        ["forget", "{H}", "--yes"],
        ["trends", "{H}"],
    ],
    ids=lambda a: a[0] if a[0] != "visits" else "visits show",
)
def test_control_characters_in_an_error_message_are_shown_not_sent(argv, tmp_path, home, run):
    assert run("new-visit", "--no-input").exit_code == 0
    result = run(*[a.replace("{H}", HOSTILE) for a in argv], env=NO_DEBUG)
    assert result.exit_code in (1, 2), result
    _assert_shown_not_sent(result.stderr, " ".join(argv))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lab value", {"labs": [{"test": "M-protein", "value": "{H}", "unit": "g/dL"}]}),
        ("visit date", {"visit": {"date": "{H}"}}),
        ("unknown field", {"{H}": "x"}),
        ("symptom severity", {"symptoms": [{"name": "fever", "severity": "{H}"}]}),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_control_characters_quoted_from_an_answers_file_are_shown_not_sent(field, value, tmp_path, home, run):
    data = json.loads(json.dumps(value).replace("{H}", json.dumps(HOSTILE)[1:-1]))
    result = run("new-visit", "--answers", answers_file(tmp_path, **data))
    assert result.exit_code == 2, result
    assert raw_controls(result.stderr) == [], result
