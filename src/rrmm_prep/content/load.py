"""``load()``: the shipped content with any override folder laid on top, memoised in the process and cached in the
user cache folder; ``check_dir()`` for ``content check``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rrmm_prep.content.records import ENV_CONTENT, FILES, RECORDS, Content
from rrmm_prep.errors import UsageError
from rrmm_prep.model import serial


def shipped_dir() -> Path:
    """The content that ships inside the package: rrmm_prep/data in a wheel; in a checkout or an editable
    install, src/rrmm_prep/data is a link to the top-level data/. One path for all three."""
    return Path(__file__).parent.parent / "data"


def load(extra_dir: str | os.PathLike | None = None) -> Content:
    """Load the shipped content, with ``extra_dir`` (or $RRMM_PREP_CONTENT) laid on top. Raises ContentError.

    Content that checked out is cached (as JSON, in the user cache folder) under a key made from every file's
    path, size and modification time, so later commands skip parsing and checking until a file changes; in one
    process it is loaded once.
    """
    if extra_dir is None:
        extra_dir = os.environ.get(ENV_CONTENT) or None
    layers = [(shipped_dir(), False)]
    if extra_dir is not None:
        extra = Path(extra_dir).expanduser()
        if not extra.is_dir():
            raise UsageError(f"The content folder '{extra}' does not exist or is not a folder.")
        layers.append((extra, True))
    key = _cache_key(layers)
    if key in _LOADED:
        return _LOADED[key]
    content = _load(layers, key)
    _LOADED.clear()
    _LOADED[key] = content
    return content


_LOADED: dict[str, Content] = {}  # in this process: the content for a key, loaded once


def _load(layers: list[tuple[Path, bool]], key: str) -> Content:
    from rrmm_prep.store import files

    cached = files.read_cache("content")
    if cached is not None:
        try:
            data = json.loads(cached)
            if data.get("key") == key:
                return serial.record(Content, data["content"])
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # a cache from another version: build afresh
    from rrmm_prep.content import schema

    content = schema.build(layers)
    files.write_cache(
        "content", json.dumps({"key": key, "content": serial.plain(content)}, separators=(",", ":"))
    )
    return content


def _cache_key(layers: list[tuple[Path, bool]]) -> str:
    """Every content file's path, size and modification time, and the version: any change makes a new key."""
    from rrmm_prep import __version__

    parts = [__version__, repr([r._fields for r in RECORDS])]
    for folder, _ in layers:
        for name in FILES:
            try:
                st = (folder / name).stat()
                parts.append(f"{(folder / name).resolve()}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{folder / name}:-")
    return "\n".join(parts)


def check_dir(folder: str | os.PathLike) -> tuple[Content, list[str], list[str]]:
    """Check a folder of content files on top of the shipped content; return it, the files that were read and
    warnings (control characters, which are shown as visible escapes and never sent to a terminal)."""
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise UsageError(f"'{path}' is not a folder. Give the folder that holds your content files.")
    found = [name for name in FILES if (path / name).is_file()]
    strays = sorted(p.name for p in path.glob("*.y*ml") if p.name not in FILES)
    if not found:
        raise UsageError(
            f"No content files in '{path}'. Name them {', '.join(FILES)}"
            + (f" (found {', '.join(strays)})." if strays else ".")
        )
    from rrmm_prep.content import schema

    merged = schema.build([(shipped_dir(), False), (path, True)])
    return merged, found, control_warnings(path, found)


def control_warnings(folder: Path, names: list[str]) -> list[str]:
    """A warning for every text in these files that holds a control character (ESC, BEL, a C1 control). YAML
    refuses them raw, so they come in as escapes in quoted text ("\\e]52;...", "\\x9b"): the texts are checked as
    read, not as written."""
    from rrmm_prep.content import loader
    from rrmm_prep.control_chars import CONTROL, visible

    out = []
    for name in names:
        path = folder / name
        try:
            doc = loader.load(path, str(path))
        except (loader.YamlReadError, OSError):
            continue  # the schema check reports it
        seen = set()
        for line, text in _texts(doc, None):
            m = CONTROL.search(text)
            if m is None or (line, text) in seen:
                continue
            seen.add((line, text))
            start = max(0, m.start() - 20)
            shown = ("..." if start else "") + visible(text[start : m.start() + 40]).replace("\n", " ")
            out.append(
                f"{path}:{line or '?'}: holds a control character ({shown}). rrmm-prep shows it as a visible "
                "escape and never sends it to a terminal; remove it."
            )
    return out


def _texts(value, line: int | None):
    """(line, text) for every key and text in a file read by loader."""
    if isinstance(value, dict):
        key_lines = getattr(value, "key_lines", {})
        for key, item in value.items():
            at = key_lines.get(key, line)
            yield at, key
            yield from _texts(item, at)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, getattr(item, "line", None) or line)
    elif isinstance(value, str):
        yield getattr(value, "line", None) or line, value
