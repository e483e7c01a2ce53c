"""loader.parse / loader.load: plain YAML only, every scalar stays text, every problem has a line."""

from __future__ import annotations

import sys
import time

import pytest

from rrmm_prep.content import loader


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def backend(request, monkeypatch):
    """Run every loader test with libyaml's parser and with PyYAML's pure-Python one (the fallback when PyYAML
    is built without libyaml): both must give the same values, lines and refusals."""
    import yaml
    import yaml.cyaml

    if request.param == "libyaml":
        if not getattr(yaml, "__with_libyaml__", False):
            pytest.skip("PyYAML is built without libyaml")
    else:
        monkeypatch.setitem(sys.modules, "yaml._yaml", None)
        monkeypatch.delattr(yaml.cyaml, "CParser", raising=False)
        monkeypatch.delattr(yaml, "CParser", raising=False)
    uses_c = issubclass(loader._loader_class(), getattr(yaml.cyaml, "CParser", ()))
    assert uses_c == (request.param == "libyaml"), f"the loader did not use the {request.param} parser"
    return request.param


def problems_of(text: str, name: str = "f.yaml") -> list:
    with pytest.raises(loader.YamlReadError) as info:
        loader.parse(text, name)
    return info.value.problems


# ------------------------------------------------------------------------------------ YAML 1.1 surprises


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("no", "no"),
        ("No", "No"),
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        ("true", "true"),
        ("False", "False"),
        ("3.10", "3.10"),
        ("1.0", "1.0"),
        ("10:30", "10:30"),
        ("1:30:00", "1:30:00"),
        ("2026-12-03", "2026-12-03"),
        ("2026-12-03 10:30:00", "2026-12-03 10:30:00"),
        ("0o17", "0o17"),
        ("017", "017"),
        ("0x1F", "0x1F"),
        ("0b101", "0b101"),
        ("1e3", "1e3"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        (".NaN", ".NaN"),
        ("'no'", "no"),
        ('"3.10"', "3.10"),
        ("'~'", "~"),
        ("''", ""),
        ("=", "="),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_scalars_stay_the_text_that_was_typed(typed, expected):
    value = loader.parse(f"key: {typed}\n", "f.yaml")
    assert value == {"key": expected}
    if expected is not None:
        assert type(value["key"]) is loader.YStr
        assert isinstance(value["key"], str)


@pytest.mark.parametrize("typed", ["no", "3.10", "10:30", "2026-12-03", "1e3", "0o17"])
def test_list_items_stay_text(typed):
    assert loader.parse(f"items: [{typed}, {typed}]\n", "f.yaml") == {"items": [typed, typed]}
    assert loader.parse(f"items:\n  - {typed}\n", "f.yaml") == {"items": [typed]}


def test_keys_stay_text():
    value = loader.parse("no: 1\n3.10: 2\n2026-12-03: 3\n", "f.yaml")
    assert list(value) == ["no", "3.10", "2026-12-03"]


def test_values_know_their_lines():
    text = "top: 1\nlist:\n  - a\n  - b\nmap:\n  inner: x\n"
    value = loader.parse(text, "f.yaml")
    assert value.line == 1
    assert value.key_lines == {"top": 1, "list": 2, "map": 5}
    assert value["top"].line == 1
    assert value["list"][1].line == 4
    assert value["map"].key_lines == {"inner": 6}
    assert value["map"]["inner"].line == 6


def test_block_text_keeps_its_lines():
    value = loader.parse("a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n", "f.yaml")
    assert value == {"a": "line one\nline two\n", "b": "folded text"}


# ------------------------------------------------------------------------------------ refused documents

DUPLICATE_CASES = [
    ("top level", "a: 1\nb: 2\na: 3\n", "a", 1, 3),
    ("nested", "outer:\n  x: 1\n  y: 2\n  x: 3\n", "x", 2, 4),
    ("in a list item", "items:\n  - id: one\n    name: n\n    id: two\n", "id", 2, 4),
    ("flow mapping", "m: {k: 1, k: 2}\n", "k", 1, 1),
]


@pytest.mark.parametrize(
    ("text", "key", "first", "second"), [c[1:] for c in DUPLICATE_CASES], ids=[c[0] for c in DUPLICATE_CASES]
)
def test_duplicate_keys_are_refused_naming_both_lines(text, key, first, second):
    problems = problems_of(text)
    assert len(problems) == 1
    p = problems[0]
    assert p.file == "f.yaml"
    assert p.line == second
    message = str(p)
    assert f"'{key}'" in message
    assert f"f.yaml:{second}" in message
    assert f"line {first}" in message


TAG_CASES = [
    ("python object", "a: !!python/object/apply:os.system ['echo hi']\n", 1),
    ("python name", "a: !!python/name:os.system\n", 1),
    ("python tuple", "a: !!python/tuple [1, 2]\n", 1),
    ("python module", "a: !!python/module:os\n", 1),
    ("unknown local tag", "a: 1\nb: !secret value\n", 2),
    ("unknown tag on a mapping", "a: !thing {x: 1}\n", 1),
    ("unknown tag on a list", "a: !thing [1]\n", 1),
    ("int tag", "a: !!int 3\n", 1),
    ("bool tag", "a: !!bool yes\n", 1),
    ("binary tag", "a: !!binary aGVsbG8=\n", 1),
    ("set tag", "a: !!set {x}\n", 1),
    ("full tag", "a: !<tag:example.com,2026:thing> x\n", 1),
]


@pytest.mark.parametrize(("text", "line"), [c[1:] for c in TAG_CASES], ids=[c[0] for c in TAG_CASES])
def test_tags_are_refused(text, line):
    problems = problems_of(text)
    assert [p.line for p in problems] == [line]
    assert "tag" in str(problems[0])


def test_python_tag_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n"
    with pytest.raises(loader.YamlReadError):
        loader.parse(text, "f.yaml")
    assert not marker.exists()


ALIAS_CASES = [
    ("scalar alias", "a: &x hello\nb: *x\n"),
    ("list alias", "a: &x [1, 2]\nb: *x\n"),
    ("mapping alias", "a: &x {k: v}\nb: *x\n"),
    ("merge key", "base: &b {x: 1}\nc:\n  <<: *b\n"),
]


@pytest.mark.parametrize("text", [c[1] for c in ALIAS_CASES], ids=[c[0] for c in ALIAS_CASES])
def test_aliases_are_refused(text):
    problems = problems_of(text)
    assert problems
    assert all(p.line is not None for p in problems)
    assert any("alias" in str(p) or "merge" in str(p) for p in problems)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 20])
def test_billion_laughs_is_refused_fast(levels):
    started = time.perf_counter()
    problems = problems_of(billion_laughs(levels))
    took = time.perf_counter() - started
    assert any("alias" in str(p) for p in problems)
    assert took < 1.0, f"took {took:.2f} s"


def test_billion_laughs_file_is_refused_fast(tmp_path):
    path = tmp_path / "lol.yaml"
    path.write_text(billion_laughs(12), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(loader.YamlReadError):
        loader.load(path)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\n---\nb: 2\n", 2),
        ("---\na: 1\n---\nb: 2\n", 3),
        ("a: 1\n...\n---\nb: 2\n", 3),
    ],
    ids=["two documents", "two documents with start marker", "end marker then another"],
)
def test_more_than_one_document_is_refused(text, line):
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].line == line
    assert "document" in str(problems[0])


def test_one_document_with_markers_is_fine():
    assert loader.parse("---\na: 1\n...\n", "f.yaml") == {"a": "1"}


SYNTAX_CASES = [
    ("unclosed flow list", "a: 1\nb: [1, 2\nc: 3\n", {2, 3}),
    ("bad indentation", "a:\n  - b\n c: d\n", {3}),
    ("tab indentation", "a:\n\tb: 1\n", {2}),
    ("unclosed quote", "a: 1\nb: 'open\n", {2, 3}),
    ("stray colon mapping", "a: b: c\n", {1}),
    ("unclosed flow mapping", "x: 1\ny: 2\nz: {a: 1\n", {3, 4}),
]


@pytest.mark.parametrize(("text", "lines"), [c[1:] for c in SYNTAX_CASES], ids=[c[0] for c in SYNTAX_CASES])
def test_syntax_errors_name_the_line(text, lines):
    problems = problems_of(text, "my.yaml")
    assert len(problems) == 1
    p = problems[0]
    assert p.file == "my.yaml"
    assert p.line in lines, f"line {p.line}, expected one of {sorted(lines)}: {p}"
    assert str(p).startswith(f"my.yaml:{p.line}: ")
    assert "YAML syntax" in str(p)


def test_non_text_keys_are_refused():
    problems = problems_of("? [a, b]\n: 1\n")
    assert [p.line for p in problems] == [1]


def test_very_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    problems = problems_of(text)
    assert any("nested" in str(p) or "YAML" in str(p) for p in problems)


def test_every_problem_is_reported_not_just_the_first():
    text = "a: 1\na: 2\nb: !x 3\nc: 1\nc: 2\n"
    problems = problems_of(text)
    assert sorted(p.line for p in problems) == [2, 3, 5]


# ------------------------------------------------------------------------------------ files


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("a: no\nb: [3.10]\n", encoding="utf-8")
    assert loader.load(path) == {"a": "no", "b": ["3.10"]}


def test_load_accepts_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: café\n".encode())
    assert loader.load(path) == {"a": "café"}


@pytest.mark.parametrize(
    "data", [b"", b"\n\n", b"# only a comment\n"], ids=["empty", "blank lines", "comment"]
)
def test_empty_file_is_none(tmp_path, data):
    path = tmp_path / "empty.yaml"
    path.write_bytes(data)
    assert loader.load(path) is None


FILE_CASES = [
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
    ("nul in text", b"a: 1\nb: \x002\n", "binary", None),
    ("latin-1", "a: 1\nb: caf\u00e9\n".encode("latin-1"), "UTF-8", 2),
    ("utf-16", "a: 1\n".encode("utf-16"), None, None),
    ("oversize", b"a: " + b"x" * (loader.MAX_BYTES + 10) + b"\n", "larger", None),
]


@pytest.mark.parametrize(
    ("data", "word", "line"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_bad_files_are_refused_with_a_plain_message(tmp_path, data, word, line):
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with pytest.raises(loader.YamlReadError) as info:
        loader.load(path, "bad.yaml")
    problems = info.value.problems
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("bad.yaml")
    if word:
        assert word in message
    if line is not None:
        assert problems[0].line == line


def test_file_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    body = "a: " + "x" * (loader.MAX_BYTES - 10) + "\n"
    path.write_text(body, encoding="utf-8")
    assert len(loader.load(path)["a"]) == loader.MAX_BYTES - 10


def test_oversize_file_is_refused_fast(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (50 * loader.MAX_BYTES) + b"\n")
    started = time.perf_counter()
    with pytest.raises(loader.YamlReadError):
        loader.load(path)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_missing_file_or_folder(tmp_path, kind):
    path = tmp_path / "thing.yaml"
    if kind == "folder":
        path.mkdir()
    with pytest.raises(loader.YamlReadError) as info:
        loader.load(path, "thing.yaml")
    assert str(info.value.problems[0]).startswith("thing.yaml")


DEEP_PROBE = """
import sys
if sys.argv[1] == "pure-python":
    sys.modules["yaml._yaml"] = None
from rrmm_prep.content import loader
depth = int(sys.argv[3])
shapes = {  # only the shape asked for is built: the block shape of 100,000 levels would be 5 GB of text
    "brackets": lambda: "a: " + "[" * depth + "]" * depth,
    "braces": lambda: "a: " + "{b: " * depth + "}" * depth,
    "block": lambda: "".join(" " * i + "- \\n" for i in range(depth)),
}
text = shapes[sys.argv[2]]() + "\\n"
try:
    loader.parse(text, "deep.yaml")
except loader.YamlReadError as err:
    print("refused:", err)
else:
    print("accepted")
"""


@pytest.mark.parametrize(("shape", "depth"), [("brackets", 100_000), ("braces", 100_000), ("block", 5_000)])
def test_pathological_nesting_is_refused_without_crashing(backend, shape, depth):
    """Runs in a child process: a C stack overflow would kill the whole test run. (PyYAML's pure-Python parser
    takes about 30 s on 100,000 levels, so that fallback is tried on 10,000.)"""
    import subprocess

    if backend == "pure-python":
        depth = min(depth, 10_000)

    proc = subprocess.run(
        [sys.executable, "-c", DEEP_PROBE, backend, shape, str(depth)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, f"the loader crashed (exit {proc.returncode}): {proc.stderr[-2000:]}"
    assert proc.stdout.startswith("refused:"), proc.stdout
    assert "deep.yaml" in proc.stdout
