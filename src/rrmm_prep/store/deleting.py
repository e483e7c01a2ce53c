"""Forgetting: delete one visit's files, or everything rrmm-prep wrote, and say exactly what was deleted."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rrmm_prep.errors import NotFoundError, StoreError
from rrmm_prep.messages import command
from rrmm_prep.store import files, visit_files
from rrmm_prep.store import written as written_files


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


def delete_visit(visit_id: str) -> Deleted:
    """Delete a visit: its exports and printed pages, its after-visit drafts, its summary, and its record last.
    When anything could not be deleted, the record stays, so the same command finds the visit again and
    finishes the job. Works on damaged records too."""
    folder = visit_files._visits()
    record, md = folder / f"{visit_id}.json", folder / f"{visit_id}.md"
    if not record.exists() and not md.exists():
        raise NotFoundError(f"No visit '{visit_id}'. Run '{command('visits')}' to see them.")
    result = Deleted()
    exports = files.home() / "exports"
    if exports.is_dir():
        names = {f"{visit_id}{family}.{ext}" for family in ("", "-family") for ext in ("md", "txt", "html")}
        for path in sorted(exports.iterdir()):
            if path.name in names and written_files._ours(path):
                result.remove(path)
    for path in written_files._written_for(visit_id):
        result.remove(path)
    written_files._forget_written(visit_id)
    drafts = files.home() / "drafts"
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
        (
            files.home() / "index.json"
        ).unlink()  # it lists the visit; rebuilt from the records on the next listing
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
        f"delete. Set {files.ENV_HOME} to the folder that holds your visits."
    )


def delete_everything() -> Deleted:
    """Delete everything rrmm-prep wrote: records, summaries, drafts, its exports and printed pages, about me,
    its temp files and caches; the records last. Files that are not rrmm-prep's stay and are listed, and so do
    the folders holding them; a data folder the person chose stays, with its permissions. Running it again
    finishes what a failure left."""
    root = files.home(create=False)
    result = Deleted()
    if not root.is_dir():
        problem = _unusable_folder(root)
        if problem is not None:
            raise problem
        return result
    for path in written_files._written_paths():
        result.remove(path)
    drafts = root / "drafts"
    if drafts.is_dir():
        for path in sorted(drafts.iterdir()):
            if path.is_file() and (path.suffix == ".json" or files._is_temp(path)):
                result.remove(path)
    exports = root / "exports"
    if exports.is_dir():
        for path in sorted(exports.iterdir()):
            if path.is_file() and (written_files._ours(path) or files._is_temp(path)):
                result.remove(path)
    visits = root / "visits"
    if visits.is_dir():
        for path in sorted(visits.iterdir()):
            if path.is_file() and (path.suffix in (".md", ".lock") or files._is_temp(path)):
                result.remove(path)
    old_cache = root / "cache"
    if (old_cache / "content.json").is_file():  # written by rrmm-prep before the cache moved out
        result.remove(old_cache / "content.json")
        result.remove(old_cache)
    cache = files.cache_dir()
    if (cache / "content.json").is_file():
        result.remove(cache / "content.json")
        result.remove(cache)
    for path in sorted(root.iterdir()):
        if path.is_file() and (
            path.name in OWN_FILES
            or files._is_temp(path)
            or re.fullmatch(r"about\.unusable-[\d-]+\.json", path.name)
        ):
            result.remove(path)
    if not [p for p in written_files._written_paths() if os.path.lexists(p)]:
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
    if not os.environ.get(files.ENV_HOME):
        result.remove(root)  # the tool's own folder; a folder the person chose stays
    return result
