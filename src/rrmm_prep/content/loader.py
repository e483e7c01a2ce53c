"""Safe YAML reading with locations, and a small checker that turns a loaded mapping into checked values.

Content files and answers files both come through here. What it guarantees:

- Only plain YAML: mappings, lists and text. No tags (``!!python/...`` or any other), no anchors or aliases
  (so no "billion laughs"), one document per file, no duplicate keys, at most ``MAX_BYTES`` of UTF-8 text.
- No YAML 1.1 surprises: every scalar stays the text that was typed (``no`` stays "no", ``3.10`` stays "3.10",
  ``10:30`` stays "10:30"). The checker decides what a field means.
- Every value knows its line, so every problem names the file, the line, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from rrmm_prep.errors import Problem

MAX_BYTES = 1_000_000


MAX_DEPTH = 40


NULLS = {"", "~", "null", "Null", "NULL"}


TRUE_WORDS = {"true", "yes", "y", "on"}


FALSE_WORDS = {"false", "no", "n", "off"}


class YStr(str):
    """Text read from YAML, with the line it stands on."""

    line: int | None = None


class YMap(dict):
    """A mapping read from YAML: its own line and the line of each key."""

    line: int | None = None
    key_lines: dict[str, int]


class YList(list):
    """A list read from YAML, with its line."""

    line: int | None = None


def line_of(value: object, default: int | None = None) -> int | None:
    return getattr(value, "line", None) or default


class YamlReadError(Exception):
    """Raised with the list of problems when a file cannot be read as plain YAML."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _loader_class():
    from yaml.constructor import BaseConstructor
    from yaml.resolver import BaseResolver

    # BaseResolver has no implicit resolvers: every plain scalar is tagged as text, so nothing is guessed.
    try:
        from yaml.cyaml import CParser  # libyaml: fast, and composes aliases without expanding them

        class PlainLoader(CParser, BaseConstructor, BaseResolver):
            def __init__(self, stream):
                CParser.__init__(self, stream)
                BaseConstructor.__init__(self)
                BaseResolver.__init__(self)

    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        from yaml.composer import Composer
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class PlainLoader(Reader, Scanner, Parser, Composer, BaseConstructor, BaseResolver):
            def __init__(self, stream):
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)
                Composer.__init__(self)
                BaseConstructor.__init__(self)
                BaseResolver.__init__(self)

    return PlainLoader


def read_text(path: Path, label: str | None = None) -> str:
    """Read a small UTF-8 text file, refusing binary, oversize and wrongly encoded files."""
    name = label or str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise YamlReadError([Problem(name, None, "no such file")]) from None
    except IsADirectoryError:
        raise YamlReadError([Problem(name, None, "this is a folder, not a file")]) from None
    except OSError as err:
        raise YamlReadError([Problem(name, None, f"cannot be read ({err.strerror or err})")]) from None
    if len(raw) > MAX_BYTES:
        raise YamlReadError(
            [Problem(name, None, f"is larger than {MAX_BYTES // 1_000_000} MB; is it the right file?")]
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise YamlReadError(
            [Problem(name, None, "is saved as UTF-16 or UTF-32; save it as UTF-8 text and try again")]
        )
    if b"\x00" in raw:
        message = "looks like a binary file, not YAML text (or text that is not UTF-8); save it as UTF-8 text"
        raise YamlReadError([Problem(name, None, message)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlReadError(
            [Problem(name, line, f"is not UTF-8 text (byte {err.start + 1}); save it as UTF-8 and try again")]
        ) from None


def parse(text: str, name: str) -> object:
    """Parse YAML text into YMap / YList / YStr / None values, or raise YamlReadError."""
    import yaml

    _check_nesting(text, name)
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        what = err.problem or "not valid YAML"
        if "expected a single document" in str(err):
            what = "holds more than one YAML document (a line with only '---' starts another); keep one"
        raise YamlReadError([Problem(name, line, f"YAML syntax: {what}")]) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1 if isinstance(err.position, int) else None
        what = f"has a character YAML does not allow ({err.reason}, code {err.character!r})"
        raise YamlReadError([Problem(name, line, what)]) from None
    except yaml.YAMLError as err:
        raise YamlReadError([Problem(name, None, f"YAML syntax: {err}")]) from None
    except RecursionError:
        raise YamlReadError([Problem(name, None, "is nested too deeply")]) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    if node is None:
        return None
    problems: list[Problem] = []
    value = _convert(node, name, problems, set(), 0)
    if problems:
        raise YamlReadError(problems)
    return value


def _check_nesting(text: str, name: str) -> None:
    """Refuse text nested deeper than MAX_DEPTH before a parser sees it: libyaml recurses on the C stack, and a
    file of 100,000 "[" would crash it. Counts flow brackets and block indentation; quotes are not special,
    so a note with more than MAX_DEPTH unclosed brackets is refused too (no real answer has one)."""
    depth = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, m.start()) + 1
            raise YamlReadError([Problem(name, line, f"is nested too deeply (more than {MAX_DEPTH} levels)")])
    for number, line_text in enumerate(text.splitlines(), 1):
        lead = re.match(r"[ \t]*(?:-[ \t]+)*", line_text).group()
        if lead.count("-") > MAX_DEPTH or len(lead) > 4 * MAX_DEPTH:
            raise YamlReadError(
                [Problem(name, number, f"is nested too deeply (more than {MAX_DEPTH} levels)")]
            )


def load(path: Path, label: str | None = None) -> object:
    name = label or str(path)
    return parse(read_text(path, name), name)


def _convert(node, name: str, problems: list[Problem], seen: set[int], depth: int):
    import yaml

    line = node.start_mark.line + 1
    if id(node) in seen:
        message = (
            f"anchors and aliases (&name, *name) are not allowed (the anchor is on line {line}); write it out"
        )
        raise YamlReadError([Problem(name, line, message)])
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(Problem(name, line, "is nested too deeply"))
        return None
    default_tags = {
        yaml.ScalarNode: BaseTags.STR,
        yaml.SequenceNode: BaseTags.SEQ,
        yaml.MappingNode: BaseTags.MAP,
    }
    if node.tag != default_tags.get(type(node)):
        problems.append(
            Problem(name, line, f"the tag '{node.tag}' is not allowed; write plain text, lists and mappings")
        )
        return None
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in NULLS:  # plain (libyaml says "", PyYAML None)
            return None
        text = YStr(node.value)
        text.line = line
        return text
    if isinstance(node, yaml.SequenceNode):
        items = YList(_convert(child, name, problems, seen, depth + 1) for child in node.value)
        items.line = line
        return items
    mapping = YMap()
    mapping.line = line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != BaseTags.STR:
            problems.append(Problem(name, key_line, "a key must be plain text"))
            continue
        key = key_node.value
        if key == "<<":
            problems.append(
                Problem(name, key_line, "merge keys ('<<') are not allowed; write the values out")
            )
            continue
        if key in mapping.key_lines:
            entry = mapping.get("id") if isinstance(mapping.get("id"), str) else None
            message = f"the key '{key}' appears twice (first on line {mapping.key_lines[key]})"
            problems.append(Problem(name, key_line, message, entry, key))
            continue
        mapping.key_lines[key] = key_line
        mapping[key] = _convert(value_node, name, problems, seen, depth + 1)
    return mapping


class BaseTags:
    STR = "tag:yaml.org,2002:str"
    SEQ = "tag:yaml.org,2002:seq"
    MAP = "tag:yaml.org,2002:map"


class Checker:
    """Checks loaded YAML against what a field should hold, collecting every problem found.

    Each method takes the mapping, the key and the entry name (for messages) and returns the checked value,
    or ``None`` (after recording a problem) when the value is missing or wrong.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(
        self, line: int | None, message: str, entry: str | None = None, field: str | None = None
    ) -> None:
        self.problems.append(Problem(self.file, line, message, entry, field))

    def mapping(
        self,
        value: object,
        *,
        entry: str | None,
        field: str | None = None,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        line: int | None = None,
    ) -> YMap | None:
        if value is None:
            value = YMap()
            value.line, value.key_lines = line, {}
        if not isinstance(value, YMap):
            self.problem(line_of(value, line), "should be a mapping (key: value lines)", entry, field)
            return None
        required, optional = set(required), set(optional)
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join(sorted(required | optional))
                hint = did_you_mean(key, required | optional)
                self.problem(
                    value.key_lines.get(key),
                    f"unknown field '{key}'"
                    + (f"; did you mean '{hint}'?" if hint else f" (known: {known})"),
                    entry,
                    key,
                )
        for key in sorted(required):
            if key not in value or value[key] is None or value[key] == "" or value[key] == []:
                self.problem(
                    value.key_lines.get(key, value.line), "is required and missing or empty", entry, key
                )
        return value

    def items(self, m: YMap, key: str, entry: str | None, *, required: bool = False) -> list:
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, YList):
            self.problem(m.key_lines.get(key), "should be a list (lines starting with '- ')", entry, key)
            return []
        if required and not value:
            self.problem(m.key_lines.get(key), "should list at least one item", entry, key)
        return value

    def text(
        self, m: YMap, key: str, entry: str | None, *, required: bool = True, default: str | None = None
    ):
        value = m.get(key)
        if value is None:
            return default if not required else None
        if not isinstance(value, str):
            self.problem(m.key_lines.get(key), "should be text, not a list or mapping", entry, key)
            return None
        text = " ".join(value.split()) if "\n" not in value.strip() else value.strip()
        if required and not text:
            self.problem(m.key_lines.get(key), "is required and empty", entry, key)
            return None
        return text

    def texts(self, m: YMap, key: str, entry: str | None, *, required: bool = False, one_ok: bool = False):
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.key_lines.get(key, m.line), "is required and missing or empty", entry, key)
            return ()
        if one_ok and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(m.key_lines.get(key), "should be a list of text items", entry, key)
            return ()
        out = []
        for item in value:
            if item is None:
                continue
            if not isinstance(item, str):
                self.problem(line_of(item, m.key_lines.get(key)), "each item should be text", entry, key)
                continue
            out.append(" ".join(item.split()))
        if required and not out:
            self.problem(m.key_lines.get(key), "should list at least one item", entry, key)
        return tuple(out)

    def boolean(self, m: YMap, key: str, entry: str | None, *, default: bool, lenient: bool = False) -> bool:
        value = m.get(key)
        if value is None:
            return default
        word = str(value).strip().lower() if isinstance(value, str) else None
        if word == "true" or (lenient and word in TRUE_WORDS):
            return True
        if word == "false" or (lenient and word in FALSE_WORDS):
            return False
        allowed = "true or false" + (" (or yes / no)" if lenient else "")
        self.problem(m.key_lines.get(key), f"should be {allowed}, not '{value}'", entry, key)
        return default

    def date(self, m: YMap, key: str, entry: str | None, *, required: bool = False) -> str | None:
        """An ISO date (YYYY-MM-DD), kept as text."""
        value = self.text(m, key, entry, required=required)
        if value is None:
            return None
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            self.problem(m.key_lines.get(key), f"should be a date like 2026-12-03, not '{value}'", entry, key)
            return None
        return value

    def choice(
        self, m: YMap, key: str, entry: str | None, choices: Iterable[str], *, default: str | None = None
    ):
        value = self.text(m, key, entry, required=False)
        if value is None:
            return default
        options = list(choices)
        lowered = value.lower()
        if lowered in options:
            return lowered
        hint = did_you_mean(lowered, options)
        self.problem(
            m.key_lines.get(key),
            f"'{value}' is not one of: {', '.join(options)}" + (f"; did you mean '{hint}'?" if hint else ""),
            entry,
            key,
        )
        return default


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    options = list(choices)
    lowered = {c.lower(): c for c in options}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[found[0]] if found else None
