"""Visit records and their summaries on disk: a new visit under a name no other has, an update that checks the
revision under a lock, the visit list (cached in index.json)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep.errors import Changed, Newer, NotFoundError, StoreError
from rrmm_prep.messages import command
from rrmm_prep.store import files

INDEX_VERSION = 1


@dataclass(frozen=True)
class Saved:
    id: str
    record: Path
    summary: Path


def _visits() -> Path:
    return files._folder("visits")


def new_visit_id(date: str, clinician: str) -> str:
    parts = [date or dt.date.today().isoformat()]
    name = files.slug(clinician.split(",")[0]) if clinician else ""
    return "-".join(p for p in [*parts, name] if p)


def save_new(base_id: str, record: dict, summary: str) -> Saved:
    """Save a new visit and its Markdown summary under a name no other visit has. The record is written
    first, by a create that fails if the name exists; so two runs at once get two names."""
    folder = _visits()
    files._sweep_temps(folder)
    for n in range(1, 1000):
        visit_id = base_id if n == 1 else f"{base_id}-{n}"
        if (folder / f"{visit_id}.md").exists() or (folder / f"{visit_id}.json").exists():
            continue
        data = {**record, "id": visit_id, "revision": 1}
        if files._create_new(folder / f"{visit_id}.json", files.dumps(data)):
            try:
                files.atomic_write(folder / f"{visit_id}.md", summary)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(folder / f"{visit_id}.json")
                raise
            return Saved(visit_id, folder / f"{visit_id}.json", folder / f"{visit_id}.md")
    raise StoreError(f"Too many visits named {base_id} in {folder}.")


def update(visit_id: str, record: dict, summary: str, base_revision: int | None = None) -> Saved:
    """Replace a visit's record and summary. With ``base_revision``, raise Changed (with the record on disk)
    when the record is no longer that revision. Both new files are written in full first; the summary goes into
    place first and the record last: the record is what rrmm-prep reads, and a summary can be made again."""
    folder = _visits()
    path, md = folder / f"{visit_id}.json", folder / f"{visit_id}.md"
    if not path.exists():
        raise NotFoundError(f"No visit '{visit_id}'. Run '{command('visits')}' to see them.")
    with files._locked(path):
        current = read_record(visit_id)
        _refuse_newer(path, current)
        revision = current.get("revision", 0) if isinstance(current.get("revision", 0), int) else 0
        if base_revision is not None and revision != base_revision:
            raise Changed(current)
        record = {**record, "revision": revision + 1}
        temps: list[Path] = []
        try:
            temps.append(files._write_temp(folder, files._encode(files.dumps(record))))
            temps.append(files._write_temp(folder, files._encode(summary)))
            old_summary = md.read_bytes() if md.exists() else None
            os.replace(temps[1], md)
            try:
                os.replace(temps[0], path)
            except OSError as err:
                try:
                    if old_summary is not None:
                        files.atomic_write(md, old_summary.decode("utf-8", "replace"))
                except StoreError:
                    raise StoreError(
                        f"Could not save the record {path} ({err.strerror or err}); the record is as it was, but "
                        f"its summary {md} already shows the new answers. Fix the disk, then run the same "
                        "command again."
                    ) from None
                raise files._write_error(path, err) from None
            files._fsync_dir(folder)
        except OSError as err:
            raise files._write_error(path, err) from None
        finally:
            for tmp in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    return Saved(visit_id, path, md)


def _refuse_newer(path: Path, current: dict) -> None:
    """A record a newer rrmm-prep wrote (on a shared folder, meanwhile) is never written over by this one."""
    from rrmm_prep.model.visit import SCHEMA

    schema = current.get("schema", 1)
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise Newer(
            f"The visit record {path} was saved meanwhile by a newer rrmm-prep (record version {schema}), so this "
            "version will not write over it. Nothing was changed: update rrmm-prep, then run the same command "
            "again."
        )


def rewrite_summary(visit_id: str, summary: str) -> None:
    files.atomic_write(_visits() / f"{visit_id}.md", summary)


def read_record(visit_id: str) -> dict:
    path = _visits() / f"{visit_id}.json"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise NotFoundError(f"No visit '{visit_id}'. Run '{command('visits')}' to see them.") from None
    except OSError as err:
        raise StoreError(f"The visit record {path} cannot be read ({err}).") from None
    try:
        data = files.loads(text)
    except RecursionError:
        raise StoreError(
            f"The visit record {path} is damaged (nested too deeply). The other visits are fine."
        ) from None
    except json.JSONDecodeError as err:
        raise StoreError(
            f"The visit record {path} is damaged (line {err.lineno}). The other visits are fine."
        ) from None
    if not isinstance(data, dict):
        raise StoreError(f"The visit record {path} is damaged. The other visits are fine.")
    return data


def ids_from(base_id: str) -> list[str]:
    """The visits saved under ``base_id`` (``base_id`` itself and ``base_id-2``, ``-3`` ...); creates nothing."""
    import re

    folder = files.home(create=False) / "visits"
    if not folder.is_dir():
        return []
    same = re.compile(re.escape(base_id) + r"(?:-\d+)?")
    return sorted(p.stem for p in folder.glob("*.json") if same.fullmatch(p.stem))


def record_path(visit_id: str) -> Path:
    return _visits() / f"{visit_id}.json"


@dataclass(frozen=True)
class Listing:
    """One line of the visit list: what ``visits`` shows without loading whole records."""

    id: str
    date: str
    time: str
    clinician: str
    reason: str
    asked: int
    answered: int
    created: str
    damaged: str = ""  # the problem, for a record that cannot be read
    path: str = ""


def _checked(listing: Listing) -> Listing | None:
    """A listing from index.json with the types it should have, or None (then the record is read again): a
    date that is a number would make the list impossible to sort."""
    import dataclasses

    for f in dataclasses.fields(listing):
        value = getattr(listing, f.name)
        wanted = int if f.type == "int" else str
        if not isinstance(value, wanted) or isinstance(value, bool):
            return None
    return listing


def list_visits(describe) -> list[Listing]:
    """All visits, newest first. ``describe(dict) -> Listing`` reads one record; damaged ones are listed too.

    Listings are cached in index.json by file name, size and modification time, so 500 visits list fast.
    """
    folder = _visits()
    try:
        index = json.loads((files.home() / "index.json").read_text(encoding="utf-8"))
        if (
            not isinstance(index, dict)
            or index.get("version") != INDEX_VERSION
            or not isinstance(index.get("visits"), dict)
        ):
            index = {}
    except (OSError, ValueError, RecursionError):
        index = {}
    cached = index.get("visits", {}) if index else {}
    fresh: dict[str, dict] = {}
    out: list[Listing] = []
    changed = False
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.endswith(".json") or entry.name.startswith("."):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            stamp = [st.st_size, st.st_mtime_ns]
            hit = cached.get(entry.name)
            listing = None
            if isinstance(hit, dict) and hit.get("stamp") == stamp and isinstance(hit.get("listing"), dict):
                with contextlib.suppress(TypeError, ValueError):
                    listing = _checked(Listing(**hit["listing"]))
            if listing is None:
                changed = True
                visit_id = entry.name[:-5]
                try:
                    listing = describe(read_record(visit_id))
                    listing = Listing(**{**listing.__dict__, "id": visit_id, "path": entry.path})
                except (StoreError, ValueError, TypeError, KeyError) as err:
                    listing = Listing(visit_id, "", "", "", "", 0, 0, "", damaged=str(err), path=entry.path)
            fresh[entry.name] = {"stamp": stamp, "listing": listing.__dict__}
            out.append(listing)
    if changed or len(fresh) != len(cached):
        with contextlib.suppress(StoreError, OSError, ValueError):
            files.atomic_write(
                files.home() / "index.json", json.dumps({"version": INDEX_VERSION, "visits": fresh})
            )
    out.sort(key=lambda v: (v.damaged == "", v.date, v.time, v.created, v.id), reverse=True)
    return out
