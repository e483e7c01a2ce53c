"""The guard around a walk and its save: the draft written after every answer (``Keeper``); signals (Ctrl-C, a
closed terminal, SIGTERM) stop the walk with its draft kept and wait while a save is under way; a save that fails
keeps the draft and offers to try again."""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path

from rrmm_prep import errors, ui
from rrmm_prep.app.resume import Draft
from rrmm_prep.errors import Stopped, StoreError
from rrmm_prep.store import draft_files


class Guard:
    """Turns SIGHUP (the terminal closed) and SIGTERM into ``errors.Interrupted``, like Ctrl-C, for the whole of a
    walk. Inside ``hold()`` (writing a draft or a record) a signal waits until the write is done."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: str | None = None
        self._old: dict[int, object] = {}

    def __enter__(self) -> Guard:
        for name, how in (("SIGINT", "ctrl-c"), ("SIGTERM", "terminate"), ("SIGHUP", "hangup")):
            number = getattr(signal, name, None)  # SIGHUP does not exist on Windows
            if number is None:
                continue
            try:
                self._old[number] = signal.signal(number, self._handler(how))
            except (ValueError, OSError):  # not the main thread: signals stay as they are
                continue
        return self

    def __exit__(self, *exc) -> None:
        for number, old in self._old.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, old)

    def _handler(self, how: str):
        def handle(signum, frame):
            if self.holding:
                self.pending = how
                return
            raise errors.Interrupted(how)

        return handle

    @contextlib.contextmanager
    def hold(self):
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            how, self.pending = self.pending, None
            raise errors.Interrupted(how)


class Keeper:
    """The draft of one walk, written after every answer (``Walk.checkpoint``), so any stop, ``kill -9``
    included, resumes at the last answer. Written only when what it holds changed, with signals held while it
    is written. ``where``: the file last written (a second place when the data folder could not take it)."""

    def __init__(self, draft: Draft, guard: Guard | None = None) -> None:
        self.draft = draft
        self.guard = guard
        self.walk = None
        self.ctx = None
        self.written = ""
        self.where: Path | None = None
        self.failed = ""

    def follow(self, walk, ctx) -> Keeper:
        """Keep the draft of ``walk`` after each of its answers."""
        self.walk, self.ctx = walk, ctx
        walk.checkpoint = self.checkpoint
        return self

    def take(self) -> None:
        """The walk's state, into the draft."""
        if self.walk is None:
            return
        d, w, c = self.draft, self.walk, self.ctx
        d.done, d.step, d.mode, d.chosen, d.visit = list(w.done), w.current, c.mode, set(c.chosen), c.visit

    def checkpoint(self) -> None:
        self.take()
        self.keep()

    def keep(self) -> Path | None:
        """Write the draft if it changed; its path (or None, said once, when no place can take it)."""
        from rrmm_prep.store.files import dumps

        text = dumps(self.draft.to_dict())
        if text == self.written and self.where is not None and self.where.exists():
            return self.where
        try:
            if self.guard is not None and not self.guard.holding:
                with self.guard.hold():
                    path = draft_files.save_draft(self.draft.name, self.draft.to_dict())
            else:
                path = draft_files.save_draft(self.draft.name, self.draft.to_dict())
        except StoreError as err:
            if str(err) != self.failed:
                self.failed = str(err)
                ui.note(f"Could not keep a draft: {err}")
            self.where = None
            return None
        except errors.Interrupted:  # a signal held during the write: the draft is whole; stop now
            self.written, self.where = text, draft_files.draft_path(self.draft.name)
            raise
        if path.parent.parent != draft_files.files.home(create=False) and (
            self.where is None or self.where.parent != path.parent
        ):
            ui.note(f"The data folder cannot take the draft now, so it is kept in {path}.")
        self.written, self.where, self.failed = text, path, ""
        return path


def _keep_draft(draft: Draft, guard: Guard | None = None, keeper: Keeper | None = None) -> Path | None:
    """Write the draft; None (and a plain message) if no place can take it."""
    keeper = keeper or Keeper(draft, guard)
    try:
        return keeper.keep()
    except errors.Interrupted:
        return keeper.where


def _stopped(draft: Draft, again: str, guard: Guard | None = None, keeper: Keeper | None = None) -> Stopped:
    path = _keep_draft(draft, guard, keeper)
    if path is None:
        return Stopped("Stopped. What you typed could not be kept as a draft (see above).")
    return Stopped(
        f"Stopped. Everything you typed is kept as a draft ({path}).\nRun '{again}' again to pick up where you left off."
    )


def _save_retrying(save, draft: Draft | None, guard: Guard | None, keeper: Keeper | None = None):
    """Run ``save()``, then delete the draft, with any interrupt held until both are done; when the disk is
    full (or another write fails), say so, keep the draft, and offer to try again once there is room. Without a
    terminal, the error goes up with the draft kept. A draft is deleted only after its record is on disk."""

    def save_then_forget_draft():
        if keeper is not None:  # the draft as the record will be, so a kill before its delete is recognised
            keeper.take()
            keeper.keep()
        saved = save()
        if draft is not None:
            draft.saved_as = saved
            with contextlib.suppress(StoreError):
                draft_files.discard_draft(draft.name)
        return saved

    while True:
        try:
            if guard is not None:
                with guard.hold():
                    return save_then_forget_draft()
            return save_then_forget_draft()
        except StoreError as err:
            if draft is None or not ui.can_prompt():
                raise
            path = _keep_draft(draft, guard, keeper)
            kept = f" What you typed is kept as a draft ({path})." if path else ""
            stays = f"the draft stays in {path}" if path else "what you typed could not be kept as a draft"
            if isinstance(err, errors.Newer):  # trying again here cannot help
                raise StoreError(f"{err}{kept}") from None
            ui.error(f"{err}{kept}")
            if guard is not None and guard.pending:  # stopped while the save was failing: stop now
                how, guard.pending = guard.pending, None
                raise errors.Interrupted(how) from None
            if isinstance(err, errors.Busy):
                first = "Another rrmm-prep is saving this visit. Press Enter to try again"
            elif isinstance(err, errors.DiskFull):
                first = "Free some space, then press Enter to try again"
            else:
                first = "Fix what the message says, then press Enter to try again"
            ui.ask(f"{first} (Ctrl-C stops; {stays})")
