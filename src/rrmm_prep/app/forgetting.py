"""forget: delete one visit or everything, after asking, and say exactly what was deleted."""

from __future__ import annotations

from rrmm_prep import errors, ui
from rrmm_prep.app.outputs import rebuild_journals
from rrmm_prep.errors import RrmmPrepError, StoreError, UsageError
from rrmm_prep.messages import NEWER
from rrmm_prep.store import deleting, files, find


def forget(load_content, query: str | None, everything: bool, yes: bool) -> deleting.Deleted:
    if bool(query) == everything:
        raise UsageError("Name one visit to delete, or use --everything.")
    if everything:
        what = (
            f"everything rrmm-prep wrote in {files.home(create=False)} "
            "(visits, check-ins, drafts, exports, printed pages and about me)"
        )
    else:
        hit = find.find_id(query)
        state = ""
        if hit.damaged:
            state = (
                " (made by a newer rrmm-prep)"
                if hit.damaged.startswith(NEWER)
                else " (its record is damaged)"
            )
        what = f"the visit {hit.id}{state} and its files"
    if not yes:
        if not ui.can_prompt():
            raise UsageError(f"This would delete {what}. Add --yes to confirm without a terminal.")
        try:
            if not ui.ask_yes(f"Delete {what}? This cannot be undone.", False):
                ui.say("Nothing was deleted.")
                return deleting.Deleted()
        except errors.Interrupted:
            ui.say("Nothing was deleted.")
            return deleting.Deleted()
    if everything:
        from rrmm_prep.store import checkin_files

        result = deleting.Deleted()
        checkin_files.delete_all(result)
        rest = deleting.delete_everything()
        for name in ("deleted", "failed", "left", "folders"):
            getattr(result, name).extend(getattr(rest, name))
    else:
        result = deleting.delete_visit(hit.id)
        try:
            for path in rebuild_journals(load_content()):
                ui.say(f"The journal {path} was made again without that visit.")
        except RrmmPrepError as err:
            ui.error(f"The journals in the exports folder could not be made again: {err}")
    report(result, what)
    return result


def report(result: deleting.Deleted, what: str) -> None:
    """Say exactly what was deleted, what was left (not rrmm-prep's) and what could not be deleted."""
    files = result.deleted
    if files or not result.failed:
        ui.say(f"Deleted {len(files)} file{'s' if len(files) != 1 else ''} of {what}.")
    for path in result.left:
        ui.say(f"Left in place, not rrmm-prep's: {path}")
    if result.failed:
        lines = "; ".join(f"{p} ({why})" for p, why in result.failed)
        raise StoreError(
            f"Could not delete: {lines}. Check that the folder is writable, then run the same command again to finish."
        )
