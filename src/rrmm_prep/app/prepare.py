"""new-visit: the walk or an answers file, then the save and the summary."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep import errors, messages, ui
from rrmm_prep.app.about_me import about_me
from rrmm_prep.app.outputs import PrintOptions, output, print_visit
from rrmm_prep.app.resume import Draft, offer_drafts
from rrmm_prep.app.session import Guard, Keeper, _save_retrying, _stopped
from rrmm_prep.content.records import Content
from rrmm_prep.errors import NoTerminalError, Stopped, StoreError, UsageError
from rrmm_prep.form import answers_file, fields, kinds, template
from rrmm_prep.form.defaults import start
from rrmm_prep.model.serial import plain
from rrmm_prep.model.visit import Visit
from rrmm_prep.read import dates
from rrmm_prep.store import about_file, draft_files, find, visit_files


@dataclass
class NewVisitOptions:
    answers: Path | None = None
    template: bool = False
    no_input: bool = False
    output: Path | None = None
    resume: bool = False
    discard_draft: bool = False
    today: dt.date | None = None
    check: bool = False  # with answers: print what would be saved, and save nothing


def new_visit(content: Content, o: NewVisitOptions) -> Visit | None:
    today = o.today or dates.current_date()
    last = find.latest()
    about = about_me()
    if o.template:
        ctx = kinds.Ctx(content, start(content, last, about, today), today, last)
        ui.write(template.template(fields.NEW_VISIT, ctx))
        return None
    if o.check and o.answers is None:
        raise UsageError("--check reads an answers file: use it with --answers FILE.")
    if o.resume and o.discard_draft:
        raise UsageError("Use --resume or --discard-draft, not both.")
    if o.discard_draft:
        for name in draft_files.list_drafts("new-visit"):
            draft_files.discard_draft(name)
        ui.note("The draft was thrown away.")
    ctx = kinds.Ctx(
        content, start(content, last, about, today), today, last, mode=kinds.QUICK if last else kinds.FULL
    )
    from rrmm_prep.app.checkin import into_visit

    since = into_visit(ctx)
    if o.answers is not None or o.no_input:
        doc = answers_file.read(o.answers) if o.answers is not None else None
        answers_file.apply(fields.NEW_VISIT, ctx, doc, str(o.answers or "no input"))
        if o.check:
            show_check(fields.NEW_VISIT, ctx)
            return None
        visit = _save_new(content, ctx, o, None, None)
        say_read_as(ctx)
        # With the summary going to standard output (--output -), the box goes beside it, to stderr.
        _show_call_now(content, visit, aside=o.output is not None and str(o.output) == "-")
        return visit
    if not ui.can_prompt():
        raise NoTerminalError(
            "new-visit asks questions, and there is no terminal to ask in. "
            "Use --answers FILE (see --answers-template) or --no-input to take the defaults."
        )
    draft = offer_drafts("new-visit", fields.NEW_VISIT, o.resume)
    if draft is not None:
        ctx.visit, ctx.mode, ctx.chosen = draft.visit, draft.mode, set(draft.chosen)
        if draft.note:
            ui.say(draft.note)
    else:
        draft = Draft(draft_files.new_draft_name("new-visit"), "new-visit", ctx.visit, mode=ctx.mode)
        welcome(fields.NEW_VISIT, last, ctx)
        if since:
            ui.say("Since your last visit (your check-ins): " + "; ".join(since) + ".")
            ui.say("They are on your symptom list below: keep them, or change them.", "dim")
    from rrmm_prep.form.walk import Walk

    again = messages.command("new-visit")
    with Guard() as guard:
        walk = Walk(fields.NEW_VISIT, ctx, draft.done, resuming=draft.step)
        keeper = Keeper(draft, guard).follow(walk, ctx)  # the draft, written after every answer
        ui.new_history()
        try:
            walk.run()
            keeper.take()
            keeper.keep()  # so a save that fails keeps everything
            visit = _save_new(content, ctx, o, draft, guard, shown=walk.shown, keeper=keeper)
        except (errors.Interrupted, KeyboardInterrupt):
            if draft.saved_as is not None:
                raise Stopped(f"Stopped. Your visit was saved first: {draft.saved_as.summary}") from None
            keeper.take()
            raise _stopped(draft, again, guard, keeper) from None
    _show_call_now(content, visit)  # again at the end: a long walk must not leave it scrolled away
    ui.say("This is a preparation aid. It does not give medical advice.", "dim")
    try:
        if ui.ask_yes("Make a page to print?", True):
            print_visit(content, visit, PrintOptions())
        else:
            ui.say(f"To print it later: {messages.command('print')}")
    except errors.Interrupted:
        pass
    return visit


def welcome(q: kinds.Questionnaire, last: Visit | None, ctx: kinds.Ctx) -> None:
    from rrmm_prep.render.doc import Bullets, Doc, Heading, Para

    quick = (
        "After the date, you can choose quick (about 10 questions: only what changed) or full."
        if last
        else "It takes about 15 minutes."
    )
    ui.show(
        Doc(
            [
                Heading("Get ready for your visit"),
                Para(f"We go through {q.covers}. {quick}"),
                Bullets(
                    [
                        "Press Enter to take the answer in [brackets] and move on.",
                        "Type - to clear an answer. The arrow keys edit a line, but nothing needs them.",
                        "Ctrl-C stops at any time, and keeps what you typed as a draft.",
                    ]
                ),
                Para("rrmm-prep helps you prepare and keep notes. It does not give medical advice.", "muted"),
            ]
        )
    )
    if last:
        ui.say(
            f"Starting from your last visit ({dates.say(last.info.date)}): change anything that is different now."
        )


def show_check(q: kinds.Questionnaire, ctx: kinds.Ctx) -> None:
    """``--check``: what would be saved, as the walk's review shows it, and what was read from which words."""
    from rrmm_prep.form import review

    ui.write(review.text(q, ctx))
    say_read_as(ctx)
    ui.say("Nothing was saved (--check). Run the same command without --check to save it.")


def say_read_as(ctx: kinds.Ctx) -> None:
    """Each value of an answers file that was read as something other than its text, said once."""
    if ctx.read_as:
        ui.say("Read from the file:")
        for line in dict.fromkeys(ctx.read_as):
            ui.say(f"  {line}")


def _save_new(
    content: Content,
    ctx: kinds.Ctx,
    o: NewVisitOptions,
    draft: Draft | None,
    guard: Guard | None,
    shown: list | None = None,
    keeper: Keeper | None = None,
) -> Visit:
    from rrmm_prep.content import rules
    from rrmm_prep.render import summary

    visit = ctx.visit
    flags = rules.urgent_flags(content, visit)
    said = {(f.sign, f.said.casefold()) for f in flags}
    flags += [f for f in shown or [] if (f.sign, f.said.casefold()) not in said]  # what the walk said stays
    visit.call_now = [f.to_dict() for f in flags]
    earlier = find.earlier(visit)

    def save():
        text = summary.markdown(content, visit, earlier)
        saved = visit_files.save_new(
            visit_files.new_visit_id(visit.info.date, visit.info.clinician), visit.to_dict(), text
        )
        return saved

    saved = _save_retrying(save, draft, guard, keeper)
    visit.id, visit.revision = saved.id, 1
    if not visit.about.is_empty() and visit.about != about_me():
        with contextlib.suppress(StoreError):
            about_file.write_about(plain(visit.about))
    saved_line = f"Saved your visit summary: {saved.summary}"
    # With the summary itself going to the screen (--output -), the status line stays out of it.
    if o.output is not None and str(o.output) == "-":
        ui.note(saved_line)
    else:
        ui.say(saved_line)
    if o.output is not None:
        path = output(o.output, summary.markdown(content, visit, earlier))
        if path is not None:
            ui.say(f"Also written to: {path}")
    return visit


def _show_call_now(content: Content, visit: Visit, aside: bool = False) -> None:
    """The call-now boxes, if any: on the screen, or ``aside`` on stderr (standard output holds a document)."""
    from rrmm_prep.content import rules
    from rrmm_prep.render import calls
    from rrmm_prep.render.doc import Doc
    from rrmm_prep.render.text import render_text

    flags = rules.all_flags(content, visit)
    if not flags:
        return
    doc = Doc(calls.call_now_blocks(content, visit, flags))
    if aside:
        ui.note(render_text(doc, 80).rstrip("\n"))
    else:
        ui.show(doc)
