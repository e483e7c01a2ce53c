"""Drafts on disk: one file per walk, set aside (never deleted) when it cannot be read."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
from pathlib import Path

from rrmm_prep.store import files


def new_draft_name(kind: str) -> str:
    """A name for one walk's draft: two stopped walks never share one."""
    return f"{kind}-{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def save_draft(name: str, data: dict) -> Path:
    path = files._folder("drafts") / f"{name}.json"
    files.atomic_write(
        path,
        files.dumps({"name": name, "saved": dt.datetime.now().isoformat(timespec="seconds"), **data}),
    )
    return path


def load_draft(name: str) -> dict | None:
    """A saved draft, or None. A draft that cannot be read is set aside (renamed), not lost."""
    path = files.home() / "drafts" / f"{name}.json"
    if not path.exists():
        return None
    try:
        data = files.loads(path.read_text(encoding="utf-8", errors="replace"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError, RecursionError):
        return {"unreadable": str(set_aside_draft(name))}


def set_aside_draft(name: str) -> Path:
    """Keep a draft that cannot be used under another name, so nothing typed is lost."""
    path = files.home() / "drafts" / f"{name}.json"
    aside = path.with_name(f"{name}.unusable-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
    try:
        os.replace(path, aside)
    except OSError as err:
        raise files._write_error(path, err) from None
    return aside


DRAFT_STAMP = r"-\d{8}-\d{6}-[0-9a-f]{4}"  # what new_draft_name adds to the kind


def list_drafts(prefix: str = "") -> list[str]:
    """The names of drafts waiting, oldest first. ``prefix``: one kind ("new-visit", "after-visit-<id>"), whose
    drafts are that name or that name and a stamp; so the drafts of visit 2026-12-03-dr-a-2 are not offered
    for visit 2026-12-03-dr-a."""
    folder = files.home(create=False) / "drafts"
    if not folder.is_dir():
        return []
    names = [p.stem for p in folder.glob("*.json") if ".unusable-" not in p.name]
    if prefix:
        kind = re.compile(re.escape(prefix) + f"(?:{DRAFT_STAMP})?")
        names = [n for n in names if kind.fullmatch(n)]

    def age(name: str) -> float:
        try:
            return (folder / f"{name}.json").stat().st_mtime
        except OSError:
            return 0.0

    return sorted(names, key=lambda n: (age(n), n))


def discard_draft(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        (files.home() / "drafts" / f"{name}.json").unlink()
