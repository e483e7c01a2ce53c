"""Where the person's files live, and how every one is written: atomically, privately, under a lock when two runs
could write one file. The store package is the only code that writes the person's files.

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
import errno
import json
import os
import re
import time
import unicodedata
from pathlib import Path

from rrmm_prep.errors import Busy, DiskFull, StoreError

ENV_HOME = "RRMM_PREP_HOME"


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


LOCK_TRIES, LOCK_PAUSE = 100, 0.05  # wait up to five seconds for another save of the same record


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


def _is_temp(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


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
