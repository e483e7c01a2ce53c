"""The guard around a walk and its save: signals (Ctrl-C, a closed terminal, SIGTERM) keep a draft; a save that
fails keeps the draft and offers to try again."""

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


def _keep_draft(draft: Draft, guard: Guard | None = None) -> Path | None:
    """Write the draft; None (and a plain message) if even that is impossible."""
    try:
        if guard is not None:
            with guard.hold():
                return draft_files.save_draft(draft.name, draft.to_dict())
        return draft_files.save_draft(draft.name, draft.to_dict())
    except StoreError as err:
        ui.note(f"Could not keep a draft: {err}")
        return None
    except errors.Interrupted:
        return draft_files.save_draft(draft.name, draft.to_dict())


def _stopped(draft: Draft, again: str, guard: Guard | None = None) -> Stopped:
    path = _keep_draft(draft, guard)
    if path is None:
        return Stopped("Stopped. What you typed could not be kept as a draft (see above).")
    return Stopped(
        f"Stopped. Everything you typed is kept as a draft ({path}).\nRun '{again}' again to pick up where you left off."
    )


def _save_retrying(save, draft: Draft | None, guard: Guard | None):
    """Run ``save()``, then delete the draft, with any interrupt held until both are done; when the disk is
    full (or another write fails), say so, keep the draft, and offer to try again once there is room. Without a
    terminal, the error goes up with the draft kept. A draft is deleted only after its record is on disk."""

    def save_then_forget_draft():
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
            path = _keep_draft(draft, guard)
            kept = f" What you typed is kept as a draft ({path})." if path else ""
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
            ui.ask(f"{first} (Ctrl-C stops; the draft stays)")
