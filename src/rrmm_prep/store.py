"""Where records live, and the only module that writes the person's files.

Layout under the data folder (platformdirs' user data folder, or $RRMM_PREP_HOME):

    visits/<id>.json     one structured record per visit (id = date + clinician, e.g. 2026-12-03-dr-rivera)
    visits/<id>.md       its Markdown summary
    drafts/<kind>.json   what was typed before Ctrl-C or end of input
    exports/             exports written without --output
    index.json           a cache of the visit list (rebuilt from the records when stale)

Every folder is 0700 and every file 0600, whatever the umask. Every write is atomic: a temp file in the same
folder, fsync, then rename (or a hard link for new visits, so two runs can never take the same name). A failed
write leaves the earlier file as it was and no temp file behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep.errors import NotFoundError, StoreError

ENV_HOME = "RRMM_PREP_HOME"
INDEX_VERSION = 1


def home() -> Path:
    """The data folder, created owner-only if missing."""
    env = os.environ.get(ENV_HOME)
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = platformdirs.user_data_path("rrmm-prep", appauthor=False)
    _ensure_dir(path)
    return path


def _ensure_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) owner-only, or say plainly why it cannot be used."""
    try:
        missing = []
        probe = path
        while not probe.exists() and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        for folder in reversed(missing):
            folder.mkdir(mode=0o700)
            os.chmod(folder, 0o700)  # whatever the umask
        if not path.is_dir():
            raise StoreError(
                f"{path} is a file, not a folder, so rrmm-prep cannot keep visits there. "
                f"Move that file away, or set {ENV_HOME} to another folder."
            )
        if path.stat().st_mode & 0o777 != 0o700:
            os.chmod(path, 0o700)
    except PermissionError:
        raise StoreError(
            f"Cannot write to the data folder {path}: permission denied. "
            f"Check its permissions, or set {ENV_HOME} to a folder you own."
        ) from None
    except OSError as err:
        raise StoreError(
            f"Cannot use the data folder {path} ({err.strerror or err}). "
            f"Set {ENV_HOME} to a folder you can write to, or fix that path."
        ) from None
    return path


def _folder(name: str) -> Path:
    return _ensure_dir(home() / name)


# ------------------------------------------------------------------------------------------------ writing


def _write_temp(folder: Path, data: bytes, mode: int = 0o600) -> Path:
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    except OSError as err:
        raise _write_error(folder, err) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise _write_error(folder, err) from None
        raise
    return Path(tmp)


def _write_error(where: Path, err: OSError) -> StoreError:
    import errno

    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "your disk quota is used up",
        errno.EFBIG: "the file is larger than this system allows",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "the folder is gone",
    }.get(err.errno, err.strerror or str(err))
    return StoreError(
        f"Could not save to {where}: {reason}. Nothing saved before was changed. Free some space or fix the folder, then try again."
    )


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` atomically; the old file stays whole if anything fails."""
    folder = path.parent
    tmp = _write_temp(folder, text.encode("utf-8"), mode)
    try:
        os.replace(tmp, path)
        _fsync_dir(folder)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _write_error(path, err) from None


def _create_new(path: Path, text: str) -> bool:
    """Write a new file atomically; False (and nothing written) if the name is taken."""
    tmp = _write_temp(path.parent, text.encode("utf-8"))
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    except OSError as err:
        raise _write_error(path, err) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-")


# ------------------------------------------------------------------------------------------------ visits


@dataclass(frozen=True)
class Saved:
    id: str
    record: Path
    summary: Path


def _visits() -> Path:
    return _folder("visits")


def new_visit_id(date: str, clinician: str) -> str:
    parts = [date or dt.date.today().isoformat()]
    name = slug(clinician.split(",")[0]) if clinician else ""
    return "-".join(p for p in [*parts, name] if p)


def save_new(base_id: str, record: dict, summary: str) -> Saved:
    """Save a new visit and its Markdown summary under a name no other visit has.

    The record is written first, by a hard link that fails if the name exists; so two runs at once get
    two names and neither overwrites the other.
    """
    folder = _visits()
    for n in range(1, 1000):
        visit_id = base_id if n == 1 else f"{base_id}-{n}"
        if (folder / f"{visit_id}.md").exists():
            continue
        record = {**record, "id": visit_id}
        if _create_new(folder / f"{visit_id}.json", json.dumps(record, indent=2, ensure_ascii=False)):
            try:
                atomic_write(folder / f"{visit_id}.md", summary)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(folder / f"{visit_id}.json")
                raise
            return Saved(visit_id, folder / f"{visit_id}.json", folder / f"{visit_id}.md")
    raise StoreError(f"Too many visits named {base_id} in {folder}.")


def update(visit_id: str, record: dict, summary: str) -> Saved:
    """Replace a visit's record and summary. Both new files are written in full first; only then are they
    renamed into place, so a failed write leaves the earlier version whole and no temp file behind."""
    folder = _visits()
    path, md = folder / f"{visit_id}.json", folder / f"{visit_id}.md"
    if not path.exists():
        raise NotFoundError(f"No visit '{visit_id}'. Run 'rrmm-prep visits' to see them.")
    temps: list[Path] = []
    try:
        temps.append(_write_temp(folder, json.dumps(record, indent=2, ensure_ascii=False).encode("utf-8")))
        temps.append(_write_temp(folder, summary.encode("utf-8")))
        # The summary goes first and the record last: the record is what rrmm-prep reads, and a summary can
        # always be made again from it.
        old_summary = md.read_bytes() if md.exists() else None
        os.replace(temps[1], md)
        try:
            os.replace(temps[0], path)
        except OSError as err:
            try:
                if old_summary is not None:
                    atomic_write(md, old_summary.decode("utf-8"))
            except StoreError:
                raise StoreError(
                    f"Could not save the record {path} ({err.strerror or err}); the record is as it was, but its "
                    f"summary {md} already shows the new answers. Fix the disk, then run the same command again."
                ) from None
            raise _write_error(path, err) from None
        _fsync_dir(folder)
    except OSError as err:
        raise _write_error(path, err) from None
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return Saved(visit_id, path, md)


def read_record(visit_id: str) -> dict:
    path = _visits() / f"{visit_id}.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"No visit '{visit_id}'. Run 'rrmm-prep visits' to see them.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise StoreError(f"The visit record {path} cannot be read ({err}).") from None
    try:
        data = json.loads(text)
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


def list_visits(describe) -> list[Listing]:
    """All visits, newest first. ``describe(dict) -> Listing`` reads one record; damaged ones are listed too.

    Listings are cached in index.json by file name, size and modification time, so 500 visits list fast.
    """
    folder = _visits()
    try:
        index = json.loads((home() / "index.json").read_text(encoding="utf-8"))
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
                    listing = Listing(**hit["listing"])
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
        with contextlib.suppress(StoreError, OSError):
            atomic_write(home() / "index.json", json.dumps({"version": INDEX_VERSION, "visits": fresh}))
    out.sort(key=lambda v: (v.damaged == "", v.date, v.time, v.created, v.id), reverse=True)
    return out


def delete_visit(visit_id: str) -> list[Path]:
    """Delete a visit: its record, summary, drafts and exports, and its line in the visit list."""
    folder = _visits()
    paths = [folder / f"{visit_id}.json", folder / f"{visit_id}.md"]
    if not any(p.exists() for p in paths):
        raise NotFoundError(f"No visit '{visit_id}'. Run 'rrmm-prep visits' to see them.")
    paths += [home() / "drafts" / f"after-visit-{visit_id}.json"]
    exports = home() / "exports"
    if exports.is_dir():
        paths += [p for p in exports.iterdir() if p.name.split(".")[0] in (visit_id, f"{visit_id}-family")]
    removed = []
    try:
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
        with contextlib.suppress(FileNotFoundError):
            (home() / "index.json").unlink()  # rebuilt from the records on the next listing
    except OSError as err:
        raise _delete_error(err) from None
    return removed


def _delete_error(err: OSError) -> StoreError:
    return StoreError(
        f"Could not delete {err.filename or 'a file'}: {err.strerror or err}. "
        "Check that the data folder is writable, then try again."
    )


OWN = ("visits", "drafts", "exports", "cache", "index.json")


def delete_everything() -> Path:
    """Delete everything rrmm-prep keeps. Files that are not the tool's stay; the folder goes if it is empty."""
    import shutil

    path = home()
    try:
        for name in OWN:
            target = path / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
    except OSError as err:
        raise _delete_error(err) from None
    with contextlib.suppress(OSError):
        path.rmdir()
    return path


# ------------------------------------------------------------------------------------------------ drafts


def save_draft(kind: str, data: dict) -> Path:
    path = _folder("drafts") / f"{kind}.json"
    atomic_write(
        path,
        json.dumps(
            {"kind": kind, "saved": dt.datetime.now().isoformat(timespec="seconds"), **data},
            indent=2,
            ensure_ascii=False,
        ),
    )
    return path


def load_draft(kind: str) -> dict | None:
    """The saved draft, or None. A draft that cannot be read is set aside (renamed), not lost."""
    path = home() / "drafts" / f"{kind}.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError, RecursionError):
        return {"unreadable": str(set_aside_draft(kind))}


def set_aside_draft(kind: str) -> Path:
    """Keep a draft that cannot be used under another name, so nothing typed is lost."""
    path = home() / "drafts" / f"{kind}.json"
    aside = path.with_name(f"{kind}.unusable-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
    try:
        os.replace(path, aside)
    except OSError as err:
        raise _write_error(path, err) from None
    return aside


def list_drafts() -> list[str]:
    """The kinds of drafts waiting (new-visit, after-visit-<visit id>)."""
    folder = home() / "drafts"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if ".unusable-" not in p.name)


def discard_draft(kind: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        (home() / "drafts" / f"{kind}.json").unlink()


# ------------------------------------------------------------------------------------------------ cache


def read_cache(name: str) -> str | None:
    """A cached text, or None. Reading never creates the data folder."""
    try:
        return (_cache_base() / f"{name}.json").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_cache(name: str, text: str) -> None:
    """Keep a cached text; a failed write is ignored (the cache only saves time)."""
    try:
        home()
        atomic_write(_ensure_dir(_cache_base()) / f"{name}.json", text)
    except (StoreError, OSError):
        pass


def _cache_base() -> Path:
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser() / "cache"
    import platformdirs

    return platformdirs.user_data_path("rrmm-prep", appauthor=False) / "cache"


# ------------------------------------------------------------------------------------------------ outputs


def write_output(path: Path, text: str) -> Path:
    """Write a file where the person asked (--output). Atomic; permissions follow their umask."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder. Give a file name, such as {path / 'visit.md'}.")
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"The folder {folder} does not exist. Create it first or choose another place.")
    if path.exists():
        mode = path.stat().st_mode & 0o777  # replacing a file keeps its permissions
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    atomic_write(path, text, mode=mode)
    return path


def write_export(name: str, text: str) -> Path:
    """Write an export inside the data folder (owner-only)."""
    path = _folder("exports") / name
    atomic_write(path, text)
    return path
