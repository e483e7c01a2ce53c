"""after-visit: what was said, saved onto the record it started from; merged field by field when someone
saved meanwhile."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep import errors, messages, ui
from rrmm_prep.app.about_me import about_me
from rrmm_prep.app.prepare import say_read_as, show_check
from rrmm_prep.app.resume import Draft, offer_drafts
from rrmm_prep.app.session import Guard, Keeper, _save_retrying, _stopped
from rrmm_prep.content.records import Content
from rrmm_prep.errors import NoTerminalError, Stopped, StoreError, UsageError
from rrmm_prep.form import answers_file, fields, kinds, template
from rrmm_prep.model.serial import plain
from rrmm_prep.model.visit import Visit
from rrmm_prep.read import dates
from rrmm_prep.store import about_file, draft_files, find, visit_files


@dataclass
class AfterOptions:
    answers: Path | None = None
    template: bool = False
    no_input: bool = False
    today: dt.date | None = None
    check: bool = False  # with answers: print what would be saved, and save nothing


def after_visit(content: Content, query: str | None, o: AfterOptions) -> Visit:
    from rrmm_prep.read.dates import say

    today = o.today or dates.current_date()
    found = find.resolve(query) if query else find.for_after_visit(today)
    ctx = kinds.Ctx(content, copy.deepcopy(found), today, find.before(found))
    if o.template:
        ui.write(template.template(fields.AFTER_VISIT, ctx))
        return found
    base = found.to_dict()
    ui.note(
        f"Recording what was said at: {say(found.info.date)}"
        + (f" with {found.info.clinician}" if found.info.clinician else "")
        + f" ({found.id})."
    )
    if o.answers is not None or o.no_input:
        if o.answers is not None:
            answers_file.apply(fields.AFTER_VISIT, ctx, answers_file.read(o.answers), str(o.answers))
        if o.check:
            show_check(fields.AFTER_VISIT, ctx)
            return found
        return _save_after(content, ctx, base, None, None)
    if not ui.can_prompt():
        raise NoTerminalError(
            "after-visit asks questions, and there is no terminal to ask in. "
            "Use --answers FILE (see --answers-template) or --no-input."
        )
    prefix = f"after-visit-{found.id}"
    draft = offer_drafts(prefix, fields.AFTER_VISIT, False)
    if draft is not None:
        if draft.visit.id != found.id:
            raise UsageError("That draft belongs to another visit.")
        mine = draft.visit
        theirs = found
        draft_base = Visit.from_dict(draft.base) if draft.base else found
        from rrmm_prep.model.merge import merge_after

        merged, conflicts = merge_after(draft_base, mine, theirs)
        _settle(conflicts)
        ctx.visit = merged
        base = draft.base if draft.base else base
        if draft.note:
            ui.say(draft.note)
    else:
        draft = Draft(draft_files.new_draft_name(prefix), "after-visit", ctx.visit, base=base)
    from rrmm_prep.form.walk import Walk

    again = messages.command("after-visit", found.id)
    with Guard() as guard:
        walk = Walk(fields.AFTER_VISIT, ctx, draft.done, resuming=draft.step)
        draft.base = base
        keeper = Keeper(draft, guard).follow(walk, ctx)  # the draft, written after every answer
        ui.new_history()
        try:
            walk.run()
            keeper.take()
            keeper.keep()
            visit = _save_after(content, ctx, base, draft, guard, keeper)
        except (errors.Interrupted, KeyboardInterrupt):
            if draft.saved_as is not None:
                raise Stopped(f"Stopped. What you typed was saved first: {draft.saved_as.summary}") from None
            keeper.take()
            raise _stopped(draft, again, guard, keeper) from None
    return visit


def _settle(conflicts) -> None:
    """Ask about each clash (two different answers to one field), or keep both without a terminal."""
    for c in conflicts:
        if not ui.can_prompt():
            c.keep_both()
            ui.note(f"{c.label}: two versions were recorded; both are kept.")
            continue
        ui.say(f"{c.label} was recorded twice:")
        ui.say(f"  1. yours: {c.mine}")
        ui.say(f"  2. saved meanwhile: {c.theirs}")
        while True:
            answer = ui.ask("Keep 1, 2, or 3 for both", "3").strip()
            if answer in ("1", "2", "3"):
                break
            ui.say("Please type 1, 2 or 3.")
        if answer == "1":
            c.put(c.mine)
        elif answer == "2":
            c.put(c.theirs)
        else:
            c.keep_both()


def _save_after(
    content: Content,
    ctx: kinds.Ctx,
    base: dict,
    draft: Draft | None,
    guard: Guard | None,
    keeper: Keeper | None = None,
) -> Visit:
    from rrmm_prep.model.merge import merge_after
    from rrmm_prep.render import summary

    visit = ctx.visit
    visit.after = visit.after or ctx.after
    visit.after.recorded = dt.datetime.now().isoformat(timespec="seconds")
    base_revision = base.get("revision", 0) if isinstance(base.get("revision", 0), int) else 0
    base_visit = Visit.from_dict(base) if base else visit
    while True:
        earlier = find.earlier(visit)
        text = summary.markdown(content, visit, earlier)
        try:
            saved = _save_retrying(
                lambda v=visit, text=text, rev=base_revision: visit_files.update(
                    v.id, v.to_dict(), text, rev
                ),
                draft,
                guard,
                keeper,
            )
            break
        except errors.Changed as changed:
            theirs = Visit.from_dict(changed.current)
            theirs.id = visit.id
            merged, conflicts = merge_after(base_visit, visit, theirs)
            _settle(conflicts)
            merged.id = visit.id
            visit = ctx.visit = merged
            base_revision = changed.current.get("revision", 0)
            base_visit = theirs
            ui.note("The visit was saved by someone else meanwhile; both sets of answers are kept.")
    if visit.after and visit.after.after_hours:
        about = about_me()
        if about.after_hours != visit.after.after_hours:
            about.after_hours = visit.after.after_hours
            with contextlib.suppress(StoreError):
                about_file.write_about(plain(about))
    ui.say(f"Saved. The summary now has what was said: {saved.summary}")
    say_read_as(ctx)
    if visit.after and visit.after.next_visit:
        calendar = messages.command("after-visit", visit.id, "--calendar")
        ui.say(f"To put the next appointment in your calendar: {calendar}")
    ui.say(
        f"To share it with family: {messages.command('export', visit.id, '--for-family', '--format', 'txt')}"
    )
    ui.say(f"To print it: {messages.command('print', visit.id)}")
    return visit
