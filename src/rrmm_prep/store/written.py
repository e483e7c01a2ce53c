"""Files written outside the visits folder: exports, printed pages (remembered in written.json so forget finds
them), and ``--output`` files."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep.errors import StoreError
from rrmm_prep.store import files


def written() -> dict[str, str]:
    """Files rrmm-prep wrote outside its folders (printed pages): path -> the visit id it holds (or "")."""
    try:
        data = files.loads((files.home(create=False) / "written.json").read_text(encoding="utf-8"))
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
            files.atomic_write(files.home() / "written.json", files.dumps(keep))


def remember_written(path: Path, visit_id: str) -> None:
    data = written()
    data[str(Path(path).resolve())] = visit_id
    with contextlib.suppress(StoreError):
        files.atomic_write(files.home() / "written.json", files.dumps(data))


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
    files.atomic_write(path, text, mode=mode)
    return Output(path, note)


def write_export(name: str, text: str) -> Path:
    """Write an export inside the data folder (owner-only)."""
    folder = files._folder("exports")
    files._sweep_temps(folder)
    path = folder / name
    files.atomic_write(path, text)
    return path


def write_printable(folder: Path, name: str, text: str, visit_id: str) -> Path:
    """Write a page to print into a folder the person can find (their Documents folder), private to them, and
    remember it so forget can find it."""
    files._ensure_dir(folder)
    path = folder / name
    files.atomic_write(path, text)
    remember_written(path, visit_id)
    return path


def journal_exports() -> list[tuple[Path, bool]]:
    """The treatment journals in the exports folder: (path, made for family)."""
    folder = files.home(create=False) / "exports"
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
        raise files._write_error(path, err) from None
