"""About me on disk (about.json): set aside, never lost, when it cannot be read."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from rrmm_prep.store import files


def read_about() -> dict | None:
    """About me as saved, or None. A file that cannot be read is set aside, never lost."""
    path = files.home(create=False) / "about.json"
    if not path.exists():
        return None
    try:
        data = files.loads(path.read_text(encoding="utf-8", errors="replace"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError, RecursionError):
        aside = path.with_name(f"about.unusable-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        return None


def write_about(data: dict) -> Path:
    path = files.home() / "about.json"
    files.atomic_write(path, files.dumps(data))
    return path
