"""The one serialiser between rrmm-prep's records and plain JSON values, for visit records, drafts, the content
cache and ``--format json``.

- ``plain(obj)``: a dataclass or a content NamedTuple as dicts and lists; a dataclass's ``extra`` (the fields it
  did not know when it was read) goes back in place, so a rewrite keeps what a newer rrmm-prep wrote.
- ``build(cls, data)``: a dataclass from a dict, strictly: a wrong type raises ValueError naming the field;
  unknown keys are kept in ``extra``. Nested types are found by name in the module that defines ``cls``.
- ``record(cls, data)``: a content NamedTuple from the content cache, which only ever holds what was checked.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import sys


def plain(obj):
    """``obj`` as plain JSON values: dicts, lists, text, numbers, true/false and null."""
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a content record (NamedTuple)
        return {name: plain(item) for name, item in zip(obj._fields, obj, strict=True)}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name != "extra"}
        for key, value in getattr(obj, "extra", {}).items():
            out.setdefault(key, copy.deepcopy(value))
        return out
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


def build(cls, data):
    """Build a dataclass from a dict, strictly: wrong types raise ValueError; unknown keys go to ``extra``."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for {cls.__name__}")
    kwargs = {}
    known = set()
    for f in dataclasses.fields(cls):
        known.add(f.name)
        if f.name == "extra" or f.name not in data:
            continue
        kwargs[f.name] = _coerce(cls, str(f.type), data[f.name], f.name)
    if "extra" in known:
        kwargs["extra"] = {k: v for k, v in data.items() if k not in known and k != "schema"}
    return cls(**kwargs)


def _nested(cls, name: str):
    """The dataclass called ``name`` in the module that defines ``cls``, or None."""
    found = getattr(sys.modules[cls.__module__], name, None)
    return found if isinstance(found, type) and dataclasses.is_dataclass(found) else None


_SCALARS = {"str": (str, "text"), "bool": (bool, "true or false"), "int": (int, "a number")}


def _scalar(kind: str, value, name: str):
    want, said = _SCALARS[kind]
    if not isinstance(value, want) or (want is int and isinstance(value, bool)):
        raise ValueError(f"'{name}' should be {said}")
    return value


def _coerce(cls, type_name: str, value, name: str):
    optional = type_name.endswith(" | None")
    base = type_name.removesuffix(" | None")
    if optional and value is None:
        return None
    if base in _SCALARS:
        return _scalar(base, value, name)
    if base == "list[dict]":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ValueError(f"'{name}' should be a list of objects")
        return [dict(v) for v in value]
    inner = base[5:-1] if base.startswith("list[") else None
    if inner in _SCALARS:
        if not isinstance(value, list):
            raise ValueError(f"'{name}' should be a list of {'text' if inner == 'str' else 'numbers'}")
        try:
            return [_scalar(inner, v, name) for v in value]
        except ValueError:
            raise ValueError(
                f"'{name}' should be a list of {'text' if inner == 'str' else 'numbers'}"
            ) from None
    nested = _nested(cls, inner if inner is not None else base)
    if nested is not None and inner is not None:
        if not isinstance(value, list):
            raise ValueError(f"'{name}' should be a list")
        return [build(nested, v) for v in value]
    if nested is not None:
        return build(nested, value)
    raise ValueError(f"'{name}' has an unexpected type")  # pragma: no cover - a field type not handled above


def record(cls, data: dict):
    """A content record (NamedTuple, or the Content dataclass) from its plain form in the content cache."""
    return cls(**{name: convert(data[name]) for name, convert in _converters(cls)})


@functools.cache
def _converters(cls) -> tuple:
    """(field name, function turning its JSON value back into the field's type) for a content record.

    Reads the field types as written (``str``, ``tuple[str, ...]``, ``tuple[Topic, ...]``), which is all the
    content records use; cheaper at startup than typing.get_type_hints."""
    module = sys.modules[cls.__module__]

    def converter(type_text: str):
        inner = re.fullmatch(r"tuple\[(\w+), \.\.\.\]", type_text)
        item = getattr(module, inner.group(1), None) if inner else None
        if item is not None and isinstance(item, type) and issubclass(item, tuple):
            return lambda value: tuple(record(item, v) for v in value)
        if inner:
            return tuple
        return lambda value: value

    if hasattr(cls, "_fields"):
        hints = cls.__annotations__  # NamedTuple keeps postponed annotations as ForwardRef("...")
        return tuple(
            (name, converter(str(getattr(hints[name], "__forward_arg__", hints[name]))))
            for name in cls._fields
        )
    return tuple((f.name, converter(str(f.type))) for f in dataclasses.fields(cls))
