"""The answers-file driver: a questionnaire filled in from YAML (``--answers FILE``).

A file is checked whole before anything is kept: every problem is reported with its line and field. Each field
is read by its kind (``kind.load``), with the same readers and the same compound parts the walk uses; what a file
leaves out keeps its default, exactly as pressing Enter does (defaults.start, then the questionnaire's finish).
``--no-input`` is this driver with nothing given. What a value was read as, when it differs from its text
("9/12" -> Saturday 12 September 2027), is kept in ``ctx.read_as`` to be said once after saving. The template is
in template.py, made from the same definitions.
"""

from __future__ import annotations

from pathlib import Path

from rrmm_prep.content import loader
from rrmm_prep.errors import AnswersError, Problem
from rrmm_prep.form import kinds


def read(path: Path) -> loader.YMap:
    name = str(path)
    try:
        doc = loader.load(path, name)
    except loader.YamlReadError as err:
        raise AnswersError(err.problems) from None
    if doc is None:
        raise AnswersError(
            [Problem(name, None, "is empty; fill it in (see --answers-template), or use --no-input")]
        )
    if not isinstance(doc, loader.YMap):
        raise AnswersError(
            [Problem(name, loader.line_of(doc, 1), "should be a mapping of fields at the top, like 'visit:'")]
        )
    return doc


def file_fields(q: kinds.Questionnaire) -> list[kinds.Field]:
    return [f for f in q.fields if f.file]


def extra_keys(f: kinds.Field) -> tuple[str, ...]:
    """Top-level keys a field reads besides its own (the questions: ``my_questions``)."""
    return getattr(f.kind, "extra_keys", ())


def apply(
    q: kinds.Questionnaire, ctx: kinds.Ctx, doc: loader.YMap | None, name: str = "answers file"
) -> None:
    """Put a file's answers into ``ctx.visit``, then fill in what depends on them. Raises AnswersError with
    every problem found; the caller keeps nothing then."""
    check = loader.Checker(name)
    doc = doc if doc is not None else _empty()
    _check_keys(q, doc, check)
    for f in file_fields(q):
        node, parent, key = _locate(doc, f.key)
        extra_given = any(k in doc for k in extra_keys(f))
        if parent is None or (parent.get(key) is None and not extra_given):
            continue  # left out, or left empty: the default, as Enter gives
        f.kind.load(ctx, kinds.Given(check, parent, key, doc, f))
    if q.finish is not None:
        q.finish(ctx)
    if check.problems:
        raise AnswersError(check.problems)


def _empty() -> loader.YMap:
    doc = loader.YMap()
    doc.line, doc.key_lines = 1, {}
    return doc


def _locate(doc: loader.YMap, key: str):
    """(value, the mapping that holds it, its key there) for a dotted key; (None, None, key) when a mapping on
    the way is missing or not a mapping (that is reported by _check_keys)."""
    parts = key.split(".")
    parent = doc
    for part in parts[:-1]:
        value = parent.get(part)
        if value is None:
            return None, None, parts[-1]
        if not isinstance(value, loader.YMap):
            return None, None, parts[-1]
        parent = value
    return parent.get(parts[-1]), parent, parts[-1]


def _check_keys(q: kinds.Questionnaire, doc: loader.YMap, check: loader.Checker) -> None:
    tree: dict = {}
    for f in file_fields(q):
        parts = f.key.split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = None
        for extra in extra_keys(f):
            tree[extra] = None

    def walk(mapping: loader.YMap, node: dict, entry: str | None, line: int | None) -> None:
        checked = check.mapping(mapping, entry=entry, optional=tuple(node), line=line)
        if checked is None:
            return
        for key, sub in node.items():
            if isinstance(sub, dict) and key in checked and checked[key] is not None:
                walk(checked[key], sub, key, checked.key_lines.get(key))

    walk(doc, tree, None, 1)
