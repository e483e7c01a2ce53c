"""Drafts on disk: one file per walk, set aside (never deleted) when it cannot be read.

A draft lives in the data folder's drafts/. When the data folder cannot take it (a full or read-only disk),
it is kept in a second place the person can find: the user cache folder, else an owner-only folder in the temp
folder. Reading, listing and deleting look in every place."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import stat
from pathlib import Path

from rrmm_prep.errors import StoreError
from rrmm_prep.store import files


def new_draft_name(kind: str) -> str:
    """A name for one walk's draft: two stopped walks never share one."""
    return f"{kind}-{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def _home_drafts(create: bool = False) -> Path:
    return files._folder("drafts") if create else files.home(create=False) / "drafts"


def second_places() -> list[Path]:
    """Where a draft goes when the data folder cannot take it: the user cache folder, then the temp folder."""
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [files.cache_dir() / "drafts", Path(tempfile.gettempdir()) / f"rrmm-prep-{uid}" / "drafts"]


def _own_folder(path: Path) -> bool:
    """True when ``path`` and its parent are real folders of this user that no one else can open (a folder in
    the shared temp folder could have been made by someone else)."""
    if not hasattr(os, "getuid"):
        return path.is_dir()
    for folder in (path.parent, path):
        try:
            st = os.lstat(folder)
        except OSError:
            return False
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
            return False
    return True


def _places() -> list[Path]:
    return [_home_drafts(), *second_places()]


def save_draft(name: str, data: dict) -> Path:
    """Write the draft where it can go: the data folder, else a second place. Raises StoreError (the data
    folder's reason) only when no place can take it. Once written, a copy of it elsewhere is removed."""
    text = files.dumps({"name": name, "saved": dt.datetime.now().isoformat(timespec="seconds"), **data})
    first_error: StoreError | None = None
    written: Path | None = None
    for i, place in enumerate(_places()):
        try:
            folder = _home_drafts(create=True) if i == 0 else files._ensure_dir(place)
            if i and not _own_folder(folder):
                continue
            path = folder / f"{name}.json"
            files.atomic_write(path, text)
            written = path
            break
        except StoreError as err:
            first_error = first_error or err
    if written is None:
        raise first_error or StoreError("No folder could take the draft.")
    for place in _places():
        other = place / f"{name}.json"
        if other != written:
            with contextlib.suppress(OSError):
                if other.exists():
                    other.unlink()
    return written


def draft_path(name: str) -> Path | None:
    """Where the draft ``name`` is, newest copy first; None if nowhere."""
    found = []
    for place in _places():
        path = place / f"{name}.json"
        with contextlib.suppress(OSError):
            found.append((path.stat().st_mtime, path))
    return max(found)[1] if found else None


def load_draft(name: str) -> dict | None:
    """A saved draft, or None. A draft that cannot be read is set aside (renamed), not lost."""
    path = draft_path(name)
    if path is None:
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
    path = draft_path(name) or _home_drafts() / f"{name}.json"
    aside = path.with_name(f"{name}.unusable-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
    try:
        os.replace(path, aside)
    except OSError as err:
        raise files._write_error(path, err) from None
    return aside


DRAFT_STAMP = r"-\d{8}-\d{6}-[0-9a-f]{4}"  # what new_draft_name adds to the kind


def list_drafts(prefix: str = "") -> list[str]:
    """The names of drafts waiting (in any place), oldest first. ``prefix``: one kind ("new-visit",
    "after-visit-<id>"), whose drafts are that name or that name and a stamp; so the drafts of visit
    2026-12-03-dr-a-2 are not offered for visit 2026-12-03-dr-a."""
    ages: dict[str, float] = {}
    for place in _places():
        if not place.is_dir() or (place != _home_drafts() and not _own_folder(place)):
            continue
        for p in place.glob("*.json"):
            if ".unusable-" in p.name or p.name.startswith(files.TEMP_PREFIX):
                continue
            with contextlib.suppress(OSError):
                ages[p.stem] = max(ages.get(p.stem, 0.0), p.stat().st_mtime)
    names = list(ages)
    if prefix:
        kind = re.compile(re.escape(prefix) + f"(?:{DRAFT_STAMP})?")
        names = [n for n in names if kind.fullmatch(n)]
    return sorted(names, key=lambda n: (ages[n], n))


def discard_draft(name: str) -> None:
    """Delete a draft in every place it is. Raises StoreError when one cannot be deleted."""
    for place in _places():
        try:
            (place / f"{name}.json").unlink()
        except FileNotFoundError:
            continue
        except OSError as err:
            raise files._write_error(place / f"{name}.json", err) from None
