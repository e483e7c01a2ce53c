"""Check-ins on disk: one owner-only JSON file per check-in in the data folder's ``check-ins`` folder, written
atomically under a name no other check-in has (files._create_new); read back oldest first. A file that cannot
be read is named, never half-read; ``delete_all`` is forget --everything's part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rrmm_prep.errors import StoreError
from rrmm_prep.store import files

FOLDER = "check-ins"


@dataclass(frozen=True)
class Stored:
    id: str
    path: Path


def _folder() -> Path:
    return files._folder(FOLDER)


def save_new(date: str, record: dict) -> Stored:
    folder = _folder()
    files._sweep_temps(folder)
    base = f"check-in-{date}"
    for n in range(1, 1000):
        name = base if n == 1 else f"{base}-{n}"
        if files._create_new(folder / f"{name}.json", files.dumps({**record, "id": name})):
            return Stored(name, folder / f"{name}.json")
    raise StoreError(f"Too many check-ins for {date} in {folder}.")


def read_all() -> tuple[list[dict], list[str]]:
    """Every check-in record (oldest first, by date then name), and the names of files that cannot be read."""
    folder = files.home(create=False) / FOLDER
    if not folder.is_dir():
        return [], []
    records, bad = [], []
    for path in sorted(folder.glob("check-in-*.json")):
        if files._is_temp(path):
            continue
        try:
            data = files.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (OSError, ValueError, RecursionError):
            bad.append(path.name)
            continue
        records.append(data)
    records.sort(key=lambda d: (str(d.get("date", "")), str(d.get("id", ""))))
    return records, bad


def delete_all(result) -> None:
    """Delete every check-in file and its folder (into ``result``, a deleting.Deleted); others stay, listed."""
    folder = files.home(create=False) / FOLDER
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and (
            path.name.startswith("check-in-")
            and path.suffix == ".json"
            or path.name == REMINDER
            or files._is_temp(path)
        ):
            result.remove(path)
    result.remove(folder)
    if folder.is_dir():
        result.left += sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


REMINDER = "weekly-check-in.ics"


def write_calendar(text: str, path: Path | None = None) -> Path:
    """Write a calendar file, owner-only and atomically: ``path``, or the weekly reminder in the check-ins folder."""
    target = path if path is not None else _folder() / REMINDER
    files.atomic_write(target, text)
    return target
