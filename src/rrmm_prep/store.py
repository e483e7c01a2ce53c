"""Where records live, and the only module that writes the person's files.

Layout under the data folder (platformdirs' user data folder, or $RRMM_PREP_HOME):

    about.json           about me: name, date of birth, myeloma type, allergies, the after-hours number
    visits/<id>.json     one structured record per visit (id = date + clinician, e.g. 2026-12-03-dr-rivera)
    visits/<id>.md       its Markdown summary
    drafts/<name>.json   what was typed before Ctrl-C, end of input or a closed terminal (one file per walk)
    exports/             exports written without --output
    written.json         every file rrmm-prep wrote outside these folders (printed pages), so forget finds them
    index.json           a cache of the visit list (rebuilt from the records when stale)

The content cache lives in the user cache folder; it holds only content, no health data.

Folders rrmm-prep creates are 0700 and every file it writes 0600, whatever the umask; a folder the person chose
keeps its own mode. Every write is atomic: a temp file in the same folder, fsync, then rename (new visits take
their name by a hard link, or an exclusive create where the disk has no hard links, so two runs never take the
same name). A failed write leaves the earlier file as it was and no temp file behind. A record carries a
revision: an update checks that the record on disk is still the one it started from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rrmm_prep.errors import NotFoundError, RrmmPrepError, StoreError
from rrmm_prep.program import command

ENV_HOME = "RRMM_PREP_HOME"
INDEX_VERSION = 1
TEMP_PREFIX, TEMP_SUFFIX = ".tmp-", ".part"
STALE_TEMP_SECONDS = 3600
STALE_LOCK_SECONDS = 60


def home(create: bool = True) -> Path:
    """The data folder; created owner-only if missing (a folder the person chose keeps its mode)."""
    env = os.environ.get(ENV_HOME)
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = platformdirs.user_data_path("rrmm-prep", appauthor=False)
    if create:
        _ensure_dir(path)
    return path


def _ensure_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) owner-only, or say plainly why it cannot be used. Folders that
    exist already are left with their own permissions."""
    try:
        missing = []
        probe = path
        while not probe.exists() and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                continue
            _chmod(folder, 0o700)  # whatever the umask
        if not path.is_dir():
            raise StoreError(
                f"{path} is a file, not a folder, so rrmm-prep cannot keep visits there. "
                f"Move that file away, or set {ENV_HOME} to another folder."
            )
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


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError, NotImplementedError):
        os.chmod(path, mode)


def _folder(name: str) -> Path:
    return _ensure_dir(home() / name)


# ------------------------------------------------------------------------------------------------ writing


def _write_temp(folder: Path, data: bytes, mode: int = 0o600) -> Path:
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    except OSError as err:
        raise _write_error(folder, err) from None
    try:
        fchmod = getattr(os, "fchmod", None)  # missing on Windows before Python 3.13
        if fchmod is None:
            _chmod(Path(tmp), mode)
        else:
            # A disk without permissions (vfat, exFAT, some network mounts) refuses chmod: the file is still
            # written (mkstemp made it owner-only where the disk has owners at all).
            with contextlib.suppress(OSError, NotImplementedError):
                fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _fsync(handle.fileno())
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise _write_error(folder, err) from None
        raise
    return Path(tmp)


NO_FSYNC = {errno.EINVAL, *(getattr(errno, n) for n in ("ENOTSUP", "EOPNOTSUPP") if hasattr(errno, n))}


def _fsync(fd: int) -> None:
    """Flush to the disk; a disk that cannot (some FUSE and network mounts say EINVAL) is written without it.
    Any other failure (EIO) is a failed write."""
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in NO_FSYNC:
            raise


class DiskFull(StoreError):
    """A write failed for want of room (or quota): freeing space and trying again can work."""


def _write_error(where: Path, err: OSError) -> StoreError:
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "your disk quota is used up",
        errno.EFBIG: "the file is larger than this system allows",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "the folder is gone",
    }.get(err.errno, err.strerror or str(err))
    cls = DiskFull if err.errno in (errno.ENOSPC, errno.EDQUOT) else StoreError
    return cls(
        f"Could not save to {where}: {reason}. Nothing saved before was changed. "
        "Free some space or fix the folder, then try again."
    )


_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


def _encode(text: str) -> bytes:
    """Text as UTF-8, whatever it holds: a byte that was not valid where it was read (kept by Python as a
    surrogate escape, like the \\xfc of "J\\xfcrgen" typed on a Latin-1 terminal) or a lone surrogate (from a
    JSON \\ud800 written by another program) becomes the replacement character U+FFFD, never a crash."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode("utf-8")


def dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def _float_or_text(text: str) -> float | str:
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else text


def _int_or_text(text: str) -> int | str:
    return int(text) if len(text) <= 1000 else text  # Python refuses to read ints of more than 4300 digits


def loads(text: str):
    """JSON as rrmm-prep reads its own files. ``NaN``, ``Infinity`` and numbers too large for a float (1e999) or
    too long to read (an int of 5000 digits), which another program may have written, are kept as the text they
    were written as: nothing read can make a later save (strict JSON) or a --format json output fail."""
    return json.loads(
        text, parse_constant=lambda name: name, parse_float=_float_or_text, parse_int=_int_or_text
    )


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` atomically; the old file stays whole if anything fails."""
    folder = path.parent
    tmp = _write_temp(folder, _encode(text), mode)
    try:
        os.replace(tmp, path)
        _fsync_dir(folder)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _write_error(path, err) from None


NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EACCES}
for _name in ("ENOTSUP", "EOPNOTSUPP"):
    if hasattr(errno, _name):
        NO_HARD_LINKS.add(getattr(errno, _name))


def _create_new(path: Path, text: str) -> bool:
    """Write a new file atomically; False (and nothing written) if the name is taken. Uses a hard link, which
    fails when the name exists; where the disk has none (vfat, exFAT, many network and cloud mounts), an
    exclusive create takes the name and a rename fills it."""
    tmp = _write_temp(path.parent, _encode(text))
    try:
        try:
            os.link(tmp, path)
            return True
        except FileExistsError:
            return False
        except (OSError, NotImplementedError) as err:
            if (
                isinstance(err, OSError)
                and err.errno not in NO_HARD_LINKS
                and not isinstance(err, PermissionError)
            ):
                raise _write_error(path, err) from None
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return False
        except OSError as err:
            raise _write_error(path, err) from None
        os.close(fd)
        try:
            os.replace(tmp, path)
        except OSError as err:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise _write_error(path, err) from None
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sweep_temps(folder: Path) -> None:
    """Temp files left by a save that was killed, older than an hour: nothing needs them."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > STALE_TEMP_SECONDS:
                        os.unlink(entry.path)


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
    """Save a new visit and its Markdown summary under a name no other visit has. The record is written
    first, by a create that fails if the name exists; so two runs at once get two names."""
    folder = _visits()
    _sweep_temps(folder)
    for n in range(1, 1000):
        visit_id = base_id if n == 1 else f"{base_id}-{n}"
        if (folder / f"{visit_id}.md").exists() or (folder / f"{visit_id}.json").exists():
            continue
        data = {**record, "id": visit_id, "revision": 1}
        if _create_new(folder / f"{visit_id}.json", dumps(data)):
            try:
                atomic_write(folder / f"{visit_id}.md", summary)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(folder / f"{visit_id}.json")
                raise
            return Saved(visit_id, folder / f"{visit_id}.json", folder / f"{visit_id}.md")
    raise StoreError(f"Too many visits named {base_id} in {folder}.")


class Changed(RrmmPrepError):
    """The record changed on disk since it was read (someone else saved it). ``current`` is what is there now."""

    def __init__(self, current: dict) -> None:
        super().__init__("The visit was changed meanwhile.")
        self.current = current


LOCK_TRIES, LOCK_PAUSE = 100, 0.05  # wait up to five seconds for another save of the same record


class Busy(StoreError):
    """Another run holds the record's lock: nothing was changed, and the same save can be tried again."""


@contextlib.contextmanager
def _locked(path: Path):
    """Hold ``<record>.lock`` while reading and replacing a record, so two saves on one machine take turns.
    A lock older than a minute is left from a killed run and is taken over. A lock another run holds for longer
    than the wait is never taken or deleted: the save stops with Busy, changing nothing. Only a lock this run
    made is deleted."""
    lock = path.with_suffix(".lock")
    held = False
    for _ in range(LOCK_TRIES):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            held = True
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                    os.unlink(lock)
                    continue
            time.sleep(LOCK_PAUSE)
        except OSError:
            break  # a disk that cannot hold a lock file: go on without (the revision check still holds)
    else:
        raise Busy(
            f"Another rrmm-prep is saving {path} right now. Nothing was changed; try again in a moment. "
            f"(If no other rrmm-prep is running, delete {lock}.)"
        )
    try:
        yield
    finally:
        if held:
            with contextlib.suppress(OSError):
                os.unlink(lock)


def update(visit_id: str, record: dict, summary: str, base_revision: int | None = None) -> Saved:
    """Replace a visit's record and summary. With ``base_revision``, raise Changed (with the record on disk)
    when the record is no longer that revision. Both new files are written in full first; the summary goes into
    place first and the record last: the record is what rrmm-prep reads, and a summary can be made again."""
    folder = _visits()
    path, md = folder / f"{visit_id}.json", folder / f"{visit_id}.md"
    if not path.exists():
        raise NotFoundError(f"No visit '{visit_id}'. Run '{command('visits')}' to see them.")
    with _locked(path):
        current = read_record(visit_id)
        _refuse_newer(path, current)
        revision = current.get("revision", 0) if isinstance(current.get("revision", 0), int) else 0
        if base_revision is not None and revision != base_revision:
            raise Changed(current)
        record = {**record, "revision": revision + 1}
        temps: list[Path] = []
        try:
            temps.append(_write_temp(folder, _encode(dumps(record))))
            temps.append(_write_temp(folder, _encode(summary)))
            old_summary = md.read_bytes() if md.exists() else None
            os.replace(temps[1], md)
            try:
                os.replace(temps[0], path)
            except OSError as err:
                try:
                    if old_summary is not None:
                        atomic_write(md, old_summary.decode("utf-8", "replace"))
                except StoreError:
                    raise StoreError(
                        f"Could not save the record {path} ({err.strerror or err}); the record is as it was, but "
                        f"its summary {md} already shows the new answers. Fix the disk, then run the same "
                        "command again."
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


class Newer(StoreError):
    """The record was saved by a newer rrmm-prep: this version never writes over it, so trying again cannot help."""


def _refuse_newer(path: Path, current: dict) -> None:
    """A record a newer rrmm-prep wrote (on a shared folder, meanwhile) is never written over by this one."""
    from rrmm_prep.visit import SCHEMA

    schema = current.get("schema", 1)
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise Newer(
            f"The visit record {path} was saved meanwhile by a newer rrmm-prep (record version {schema}), so this "
            "version will not write over it. Nothing was changed: update rrmm-prep, then run the same command "
            "again."
        )


def rewrite_summary(visit_id: str, summary: str) -> None:
    atomic_write(_visits() / f"{visit_id}.md", summary)


def read_record(visit_id: str) -> dict:
    path = _visits() / f"{visit_id}.json"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise NotFoundError(f"No visit '{visit_id}'. Run '{command('visits')}' to see them.") from None
    except OSError as err:
        raise StoreError(f"The visit record {path} cannot be read ({err}).") from None
    try:
        data = loads(text)
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
            atomic_write(home() / "index.json", json.dumps({"version": INDEX_VERSION, "visits": fresh}))
    out.sort(key=lambda v: (v.damaged == "", v.date, v.time, v.created, v.id), reverse=True)
    return out


# ------------------------------------------------------------------------------------------------ forgetting


@dataclass
class Deleted:
    """What a delete did, exactly: files deleted, folders removed (apart, so a count of files is one), files
    that could not be deleted (with why), and files left because they are not rrmm-prep's."""

    deleted: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def remove(self, path: Path) -> None:
        """Delete a file, or a folder when it is empty. What is not there is not counted; a folder that still
        holds something stays, quietly (what it holds is listed as left)."""
        if not os.path.lexists(path):
            return
        is_folder = path.is_dir() and not path.is_symlink()
        try:
            if is_folder:
                if any(path.iterdir()):
                    return
                path.rmdir()
                self.folders.append(path)
            else:
                path.unlink()
                self.deleted.append(path)
        except FileNotFoundError:
            pass
        except OSError as err:
            if is_folder and err.errno in (errno.ENOTEMPTY, errno.EEXIST):
                return
            self.failed.append((path, err.strerror or str(err)))


EXPORT_NAME = re.compile(
    r"^(?P<stem>journal|\d{4}-\d{2}-\d{2}(?:-[a-z0-9-]+)?)(?P<family>-family)?\.(md|txt|html)$"
)


def _ours(path: Path) -> bool:
    """An export written by rrmm-prep: in the list it keeps, or named as it names exports and saying so."""
    if str(path) in written() or path.name in written():
        return True
    if not EXPORT_NAME.match(path.name):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(1_000_000)
    except OSError:
        return False
    return b"rrmm-prep" in head


def _is_temp(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def delete_visit(visit_id: str) -> Deleted:
    """Delete a visit: its exports and printed pages, its after-visit drafts, its summary, and its record last.
    When anything could not be deleted, the record stays, so the same command finds the visit again and
    finishes the job. Works on damaged records too."""
    folder = _visits()
    record, md = folder / f"{visit_id}.json", folder / f"{visit_id}.md"
    if not record.exists() and not md.exists():
        raise NotFoundError(f"No visit '{visit_id}'. Run '{command('visits')}' to see them.")
    result = Deleted()
    exports = home() / "exports"
    if exports.is_dir():
        names = {f"{visit_id}{family}.{ext}" for family in ("", "-family") for ext in ("md", "txt", "html")}
        for path in sorted(exports.iterdir()):
            if path.name in names and _ours(path):
                result.remove(path)
    for path in _written_for(visit_id):
        result.remove(path)
    _forget_written(visit_id)
    drafts = home() / "drafts"
    if drafts.is_dir():
        mine = re.compile(
            rf"after-visit-{re.escape(visit_id)}(?:-\d{{8}}-\d{{6}}-[0-9a-f]{{4}})?(?:\.unusable-[\d-]+)?\.json"
        )
        for path in sorted(drafts.iterdir()):
            if mine.fullmatch(
                path.name
            ):  # its drafts, not those of 2026-12-03-dr-a-2 when it is 2026-12-03-dr-a
                result.remove(path)
    for path in (md, folder / f"{visit_id}.lock"):
        result.remove(path)
    with contextlib.suppress(OSError):
        (home() / "index.json").unlink()  # it lists the visit; rebuilt from the records on the next listing
    if not result.failed:
        result.remove(record)  # last, and only when all else is gone: so a failure can be finished
    return result


OWN_FILES = ("index.json", "about.json")
TOOL_FOLDERS = ("visits", "drafts", "exports")


def _unusable_folder(root: Path) -> StoreError | None:
    """Why the data folder path cannot be a folder (it is a file, or lies under one), or None."""
    probe = root
    while not os.path.lexists(probe) and probe != probe.parent:
        probe = probe.parent
    if probe.is_dir():
        return None
    return StoreError(
        f"{root} cannot be a data folder: {probe} is a file, not a folder, so nothing of rrmm-prep's is there to "
        f"delete. Set {ENV_HOME} to the folder that holds your visits."
    )


def delete_everything() -> Deleted:
    """Delete everything rrmm-prep wrote: records, summaries, drafts, its exports and printed pages, about me,
    its temp files and caches; the records last. Files that are not rrmm-prep's stay and are listed, and so do
    the folders holding them; a data folder the person chose stays, with its permissions. Running it again
    finishes what a failure left."""
    root = home(create=False)
    result = Deleted()
    if not root.is_dir():
        problem = _unusable_folder(root)
        if problem is not None:
            raise problem
        return result
    for path in _written_paths():
        result.remove(path)
    drafts = root / "drafts"
    if drafts.is_dir():
        for path in sorted(drafts.iterdir()):
            if path.is_file() and (path.suffix == ".json" or _is_temp(path)):
                result.remove(path)
    exports = root / "exports"
    if exports.is_dir():
        for path in sorted(exports.iterdir()):
            if path.is_file() and (_ours(path) or _is_temp(path)):
                result.remove(path)
    visits = root / "visits"
    if visits.is_dir():
        for path in sorted(visits.iterdir()):
            if path.is_file() and (path.suffix in (".md", ".lock") or _is_temp(path)):
                result.remove(path)
    old_cache = root / "cache"
    if (old_cache / "content.json").is_file():  # written by rrmm-prep before the cache moved out
        result.remove(old_cache / "content.json")
        result.remove(old_cache)
    cache = cache_dir()
    if (cache / "content.json").is_file():
        result.remove(cache / "content.json")
        result.remove(cache)
    for path in sorted(root.iterdir()):
        if path.is_file() and (
            path.name in OWN_FILES
            or _is_temp(path)
            or re.fullmatch(r"about\.unusable-[\d-]+\.json", path.name)
        ):
            result.remove(path)
    if not [p for p in _written_paths() if os.path.lexists(p)]:
        result.remove(root / "written.json")  # kept while a printed page it lists could not be deleted
    if visits.is_dir():
        for path in sorted(visits.glob("*.json")):  # the records last
            if path.is_file():
                result.remove(path)
    for name in TOOL_FOLDERS:
        result.remove(root / name)  # only if empty
    for folder in (*(root / name for name in TOOL_FOLDERS), old_cache):
        if folder.is_dir():
            result.left += sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    result.left += sorted(p for p in root.iterdir() if p.is_file() and p not in result.left)
    failed = {p for p, _ in result.failed}
    result.left = [p for p in dict.fromkeys(result.left) if p not in failed]
    if not os.environ.get(ENV_HOME):
        result.remove(root)  # the tool's own folder; a folder the person chose stays
    return result


# ------------------------------------------------------------------------------------------------ files written elsewhere


def written() -> dict[str, str]:
    """Files rrmm-prep wrote outside its folders (printed pages): path -> the visit id it holds (or "")."""
    try:
        data = loads((home(create=False) / "written.json").read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):
        return {}


def _written_paths() -> list[Path]:
    return [Path(p) for p in written()]


def _written_for(visit_id: str) -> list[Path]:
    return [Path(p) for p, v in written().items() if v == visit_id]


def _forget_written(visit_id: str) -> None:
    """Take the printed pages of a visit that are gone out of written.json (those that remain stay listed)."""
    keep = {p: v for p, v in written().items() if v != visit_id or os.path.lexists(p)}
    if keep != written():
        with contextlib.suppress(StoreError):
            atomic_write(home() / "written.json", dumps(keep))


def remember_written(path: Path, visit_id: str) -> None:
    data = written()
    data[str(Path(path).resolve())] = visit_id
    with contextlib.suppress(StoreError):
        atomic_write(home() / "written.json", dumps(data))


# ------------------------------------------------------------------------------------------------ about me


def read_about() -> dict | None:
    """About me as saved, or None. A file that cannot be read is set aside, never lost."""
    path = home(create=False) / "about.json"
    if not path.exists():
        return None
    try:
        data = loads(path.read_text(encoding="utf-8", errors="replace"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError, RecursionError):
        aside = path.with_name(f"about.unusable-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        return None


def write_about(data: dict) -> Path:
    path = home() / "about.json"
    atomic_write(path, dumps(data))
    return path


# ------------------------------------------------------------------------------------------------ drafts


def new_draft_name(kind: str) -> str:
    """A name for one walk's draft: two stopped walks never share one."""
    return f"{kind}-{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def save_draft(name: str, data: dict) -> Path:
    path = _folder("drafts") / f"{name}.json"
    atomic_write(
        path,
        dumps({"name": name, "saved": dt.datetime.now().isoformat(timespec="seconds"), **data}),
    )
    return path


def load_draft(name: str) -> dict | None:
    """A saved draft, or None. A draft that cannot be read is set aside (renamed), not lost."""
    path = home() / "drafts" / f"{name}.json"
    if not path.exists():
        return None
    try:
        data = loads(path.read_text(encoding="utf-8", errors="replace"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError, RecursionError):
        return {"unreadable": str(set_aside_draft(name))}


def set_aside_draft(name: str) -> Path:
    """Keep a draft that cannot be used under another name, so nothing typed is lost."""
    path = home() / "drafts" / f"{name}.json"
    aside = path.with_name(f"{name}.unusable-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
    try:
        os.replace(path, aside)
    except OSError as err:
        raise _write_error(path, err) from None
    return aside


DRAFT_STAMP = r"-\d{8}-\d{6}-[0-9a-f]{4}"  # what new_draft_name adds to the kind


def list_drafts(prefix: str = "") -> list[str]:
    """The names of drafts waiting, oldest first. ``prefix``: one kind ("new-visit", "after-visit-<id>"), whose
    drafts are that name or that name and a stamp; so the drafts of visit 2026-12-03-dr-a-2 are not offered
    for visit 2026-12-03-dr-a."""
    folder = home(create=False) / "drafts"
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
        (home() / "drafts" / f"{name}.json").unlink()


# ------------------------------------------------------------------------------------------------ cache


def cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("rrmm-prep", appauthor=False)


def read_cache(name: str) -> str | None:
    """A cached text, or None. Reading never creates a folder."""
    try:
        return (cache_dir() / f"{name}.json").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_cache(name: str, text: str) -> None:
    """Keep a cached text; a failed write is ignored (the cache only saves time)."""
    with contextlib.suppress(StoreError, OSError):
        atomic_write(_ensure_dir(cache_dir()) / f"{name}.json", text)


# ------------------------------------------------------------------------------------------------ outputs


@dataclass(frozen=True)
class Output:
    path: Path  # where it was written (the target, for a link)
    note: str = ""  # something the person should know ("out.md is a link to ...")


def write_output(path: Path | str, text: str) -> Output:
    """Write a file where the person asked (--output). Devices, pipes (FIFOs) and other special files are
    refused, never replaced; a link is written through to its target, and said so. Atomic. A new file is
    readable by its owner only (it holds health data); replacing a file keeps its permissions. ``-`` (standard
    output) is the caller's, through ui: see flows.output."""
    import stat

    path = Path(path).expanduser()
    note = ""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        note = f"{path} is a link to {target}; writing there."
        path = target
    if path.is_dir():
        raise StoreError(f"{path} is a folder. Give a file name, such as {path / 'visit.md'}.")
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise StoreError(f"Cannot write to {path} ({err.strerror or err}).") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise StoreError(
            f"{path} is not an ordinary file (a device, a pipe or a socket), so rrmm-prep will not write over "
            "it. Give a file name instead, or - to write to the screen."
        )
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"The folder {folder} does not exist. Create it first or choose another place.")
    mode = st.st_mode & 0o777 if st is not None else 0o600  # replacing a file keeps its permissions
    atomic_write(path, text, mode=mode)
    return Output(path, note)


def write_export(name: str, text: str) -> Path:
    """Write an export inside the data folder (owner-only)."""
    folder = _folder("exports")
    _sweep_temps(folder)
    path = folder / name
    atomic_write(path, text)
    return path


def write_printable(folder: Path, name: str, text: str, visit_id: str) -> Path:
    """Write a page to print into a folder the person can find (their Documents folder), private to them, and
    remember it so forget can find it."""
    _ensure_dir(folder)
    path = folder / name
    atomic_write(path, text)
    remember_written(path, visit_id)
    return path


def journal_exports() -> list[tuple[Path, bool]]:
    """The treatment journals in the exports folder: (path, made for family)."""
    folder = home(create=False) / "exports"
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        m = EXPORT_NAME.match(path.name)
        if m and m.group("stem") == "journal" and _ours(path):
            out.append((path, bool(m.group("family"))))
    return out


def remove_export(path: Path) -> None:
    """Delete one export rrmm-prep wrote (a journal with no visit left in it)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        raise _write_error(path, err) from None
