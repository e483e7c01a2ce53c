"""What each command does, below the command line: load, drafts and resume, the walk or an answers file, and a
save that never loses what was typed.

- A walk is guarded whole (``Guard``): Ctrl-C, a closed terminal (SIGHUP) and SIGTERM all keep a draft, at a
  prompt or while the walk prints or saves. Each walk has its own draft, so two stopped walks are both kept.
- A draft names the steps done and the step that was running, with a format version; a draft from an older
  step order resumes at the right step, or says plainly which step starts again.
- A draft is deleted only after the record it became is on disk. A failed save keeps the draft and offers to
  try again once there is room.
- after-visit saves only onto the record it started from; when someone saved meanwhile, the two are merged
  field by field (merge.py), and what clashed is asked, or, without a terminal, both are kept.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import signal
from dataclasses import dataclass, field
from pathlib import Path

from rrmm_prep import dates, program, records, store, ui
from rrmm_prep.content import Content
from rrmm_prep.errors import NoTerminalError, RrmmPrepError, StoreError, UsageError
from rrmm_prep.form import answers_file
from rrmm_prep.form import fields as F
from rrmm_prep.form.defaults import start
from rrmm_prep.visit import NEWER, AboutMe, Visit, build, plain

DRAFT_FORMAT = 2
# Step names by position, for drafts saved before drafts named their steps (format 1).
V1_STEPS = {
    "new-visit": (
        "visit",
        "treatments",
        "symptoms",
        "health",
        "goals",
        "labs",
        "questions",
        "checklists",
        "notes",
    ),
    "after-visit": ("answers", "next"),
}


def today_() -> dt.date:
    """Today (dates.current_date, which tests pin)."""
    return dates.current_date()


class Stopped(RrmmPrepError):
    """A walk stopped by Ctrl-C, end of input or a closed terminal, with what was typed kept as a draft."""

    exit_code = 130


# ------------------------------------------------------------------------------------------------ signals


class Guard:
    """Turns SIGHUP (the terminal closed) and SIGTERM into ``ui.Interrupted``, like Ctrl-C, for the whole of a
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
            raise ui.Interrupted(how)

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
            raise ui.Interrupted(how)


# ------------------------------------------------------------------------------------------------ drafts


@dataclass
class Draft:
    name: str
    kind: str
    visit: Visit
    done: list[str] = field(default_factory=list)
    step: str | None = None
    mode: str = F.FULL
    chosen: set[str] = field(default_factory=set)
    base: dict | None = None  # after-visit: the record as it was when the walk began
    saved: str = ""
    note: str = ""  # said on resuming: a step that starts again
    saved_as: store.Saved | None = None  # set once the record it became is on disk

    def to_dict(self) -> dict:
        return {
            "format": DRAFT_FORMAT,
            "kind": self.kind,
            "done": self.done,
            "step": self.step,
            "mode": self.mode,
            "chosen": sorted(self.chosen),
            "visit": self.visit.to_dict(),
            "base": self.base,
        }


def read_draft(name: str, q: F.Questionnaire) -> Draft:
    """A draft as saved, brought up to this version; raises ValueError (with a plain reason) when it cannot be
    used."""
    data = store.load_draft(name)
    if data is None:
        raise ValueError("it is gone")
    if data.get("unreadable"):
        raise ValueError(f"it could not be read; it was set aside as {data['unreadable']}")
    visit = Visit.from_dict(data.get("visit"))
    fmt = data.get("format", 1)
    names = [s.name for s in q.steps]
    note = ""
    if fmt == 1:
        position = data.get("step", 0)
        old = V1_STEPS.get(q.name, ())
        if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position < len(old):
            raise ValueError("the step it stopped at is not one rrmm-prep knows")
        done = [s for s in old[:position] if s in names]
        step = old[position]
        if q.name == "new-visit":
            done.insert(0, "about")  # that version had no about-me step
    elif fmt == DRAFT_FORMAT:
        done = [s for s in data.get("done", []) if isinstance(s, str)]
        step = data.get("step")
    else:
        raise NewerDraft(f"it was made by a newer rrmm-prep (draft format {fmt})")
    if step is not None and step not in names:
        following = next((n for n in names if n not in done), None)
        title = q.step(following).title if following and q.step(following) else "the end"
        note = f"The step it stopped at is not in this version; it starts again at '{title}'."
        step = following
    mode = data.get("mode") if data.get("mode") in (F.FULL, F.QUICK) else F.FULL
    chosen = {c for c in data.get("chosen", []) if isinstance(c, str)}
    base = data.get("base") if isinstance(data.get("base"), dict) else None
    return Draft(name, q.name, visit, done, step, mode, chosen, base, str(data.get("saved", "")), note)


class NewerDraft(ValueError):
    """A draft a newer rrmm-prep wrote: this version leaves it where it is, for that version to pick up."""


def offer_drafts(kind_prefix: str, q: F.Questionnaire, resume: bool) -> Draft | None:
    """Offer the drafts waiting for this walk: one to pick up, or None to start fresh. A draft that cannot be
    used is set aside under another name (never thrown away) and the person is told where it is."""
    usable: list[Draft] = []
    for name in store.list_drafts(kind_prefix):
        try:
            usable.append(read_draft(name, q))
        except NewerDraft as err:
            ui.note(f"A draft is left as it is ({err}): update rrmm-prep to pick it up.")
        except (ValueError, TypeError) as err:
            with contextlib.suppress(StoreError):
                aside = store.set_aside_draft(name) if store.load_draft(name) else None
                ui.note(
                    f"A draft cannot be used ({err})" + (f"; it was set aside as {aside}." if aside else ".")
                )
    if not usable:
        if resume:
            ui.note("There is no draft to resume; starting fresh.")
        return None
    if resume:
        return usable[-1]
    if len(usable) == 1:
        d = usable[0]
        if ui.ask_yes(
            f"You have a draft saved {_when_saved(d)}, stopped at '{_step_title(q, d)}'. Pick up where you left off?"
        ):
            return d
        return None
    ui.say(f"You have {len(usable)} drafts:")
    for i, d in enumerate(usable, 1):
        ui.say(f"  {i}. saved {_when_saved(d)}, stopped at '{_step_title(q, d)}'")
    while True:
        answer = ui.ask("Which one to go on with? A number, or n to start a new one", str(len(usable)))
        if answer.strip().casefold() in ("n", "no", "new", "none"):
            return None
        if answer.strip().isdecimal() and 1 <= int(answer) <= len(usable):
            return usable[int(answer) - 1]
        ui.say(f"Please type a number from 1 to {len(usable)}, or n.")


def _when_saved(d: Draft) -> str:
    try:
        moment = dt.datetime.fromisoformat(d.saved)
    except ValueError:
        return d.saved or "earlier"
    from rrmm_prep.dates import say

    return f"{say(moment.date().isoformat())} at {moment:%H:%M}"


def _step_title(q: F.Questionnaire, d: Draft) -> str:
    step = q.step(d.step) if d.step else None
    return step.title if step else "the end (saving)"


def _keep_draft(draft: Draft, guard: Guard | None = None) -> Path | None:
    """Write the draft; None (and a plain message) if even that is impossible."""
    try:
        if guard is not None:
            with guard.hold():
                return store.save_draft(draft.name, draft.to_dict())
        return store.save_draft(draft.name, draft.to_dict())
    except StoreError as err:
        ui.note(f"Could not keep a draft: {err}")
        return None
    except ui.Interrupted:
        return store.save_draft(draft.name, draft.to_dict())


def _stopped(draft: Draft, again: str, guard: Guard | None = None) -> Stopped:
    path = _keep_draft(draft, guard)
    if path is None:
        return Stopped("Stopped. What you typed could not be kept as a draft (see above).")
    return Stopped(
        f"Stopped. Everything you typed is kept as a draft ({path}).\nRun '{again}' again to pick up where you left off."
    )


# ------------------------------------------------------------------------------------------------ saving


def _save_retrying(save, draft: Draft | None, guard: Guard | None):
    """Run ``save()``, then delete the draft, with any interrupt held until both are done; when the disk is
    full (or another write fails), say so, keep the draft, and offer to try again once there is room. Without a
    terminal, the error goes up with the draft kept. A draft is deleted only after its record is on disk."""

    def save_then_forget_draft():
        saved = save()
        if draft is not None:
            draft.saved_as = saved
            with contextlib.suppress(StoreError):
                store.discard_draft(draft.name)
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
            if isinstance(err, store.Newer):  # trying again here cannot help
                raise StoreError(f"{err}{kept}") from None
            ui.error(f"{err}{kept}")
            if guard is not None and guard.pending:  # stopped while the save was failing: stop now
                how, guard.pending = guard.pending, None
                raise ui.Interrupted(how) from None
            if isinstance(err, store.Busy):
                first = "Another rrmm-prep is saving this visit. Press Enter to try again"
            elif isinstance(err, store.DiskFull):
                first = "Free some space, then press Enter to try again"
            else:
                first = "Fix what the message says, then press Enter to try again"
            ui.ask(f"{first} (Ctrl-C stops; the draft stays)")


# ------------------------------------------------------------------------------------------------ new-visit


@dataclass
class NewVisitOptions:
    answers: Path | None = None
    template: bool = False
    no_input: bool = False
    output: Path | None = None
    resume: bool = False
    discard_draft: bool = False
    today: dt.date | None = None


def about_me() -> AboutMe:
    data = store.read_about()
    if not data:
        return AboutMe()
    try:
        return build(AboutMe, data)
    except (ValueError, TypeError):
        return AboutMe()


def new_visit(content: Content, o: NewVisitOptions) -> Visit | None:
    today = o.today or today_()
    last = records.latest()
    about = about_me()
    if o.template:
        ctx = F.Ctx(content, start(content, last, about, today), today, last)
        ui.write(answers_file.template(F.NEW_VISIT, ctx))
        return None
    if o.resume and o.discard_draft:
        raise UsageError("Use --resume or --discard-draft, not both.")
    if o.discard_draft:
        for name in store.list_drafts("new-visit"):
            store.discard_draft(name)
        ui.note("The draft was thrown away.")
    ctx = F.Ctx(content, start(content, last, about, today), today, last, mode=F.QUICK if last else F.FULL)
    if o.answers is not None or o.no_input:
        doc = answers_file.read(o.answers) if o.answers is not None else None
        answers_file.apply(F.NEW_VISIT, ctx, doc, str(o.answers or "no input"))
        visit = _save_new(content, ctx, o, None, None)
        # With the summary going to standard output (--output -), the box goes beside it, to stderr.
        _show_call_now(content, visit, aside=o.output is not None and str(o.output) == "-")
        return visit
    if not ui.can_prompt():
        raise NoTerminalError(
            "new-visit asks questions, and there is no terminal to ask in. "
            "Use --answers FILE (see --answers-template) or --no-input to take the defaults."
        )
    draft = offer_drafts("new-visit", F.NEW_VISIT, o.resume)
    if draft is not None:
        ctx.visit, ctx.mode, ctx.chosen = draft.visit, draft.mode, set(draft.chosen)
        if draft.note:
            ui.say(draft.note)
    else:
        draft = Draft(store.new_draft_name("new-visit"), "new-visit", ctx.visit, mode=ctx.mode)
        welcome(F.NEW_VISIT, last, ctx)
    from rrmm_prep.form.walk import Walk

    again = program.command("new-visit")
    with Guard() as guard:
        walk = Walk(F.NEW_VISIT, ctx, draft.done, resuming=draft.step)
        ui.new_history()
        try:
            walk.run()
            draft.done, draft.step, draft.mode, draft.chosen = walk.done, None, ctx.mode, set(ctx.chosen)
            _keep_draft(draft, guard)  # so a save that fails keeps everything
            visit = _save_new(content, ctx, o, draft, guard)
        except (ui.Interrupted, KeyboardInterrupt):
            if draft.saved_as is not None:
                raise Stopped(f"Stopped. Your visit was saved first: {draft.saved_as.summary}") from None
            draft.done, draft.step, draft.mode, draft.chosen = (
                walk.done,
                walk.current,
                ctx.mode,
                set(ctx.chosen),
            )
            draft.visit = ctx.visit
            raise _stopped(draft, again, guard) from None
    _show_call_now(content, visit)  # again at the end: a long walk must not leave it scrolled away
    ui.say("This is a preparation aid. It does not give medical advice.", "dim")
    try:
        if ui.ask_yes("Make a page to print?", True):
            print_visit(content, visit, PrintOptions())
        else:
            ui.say(f"To print it later: {program.command('print')}")
    except ui.Interrupted:
        pass
    return visit


def welcome(q: F.Questionnaire, last: Visit | None, ctx: F.Ctx) -> None:
    from rrmm_prep.doc import Bullets, Doc, Heading, Para

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


def _save_new(
    content: Content, ctx: F.Ctx, o: NewVisitOptions, draft: Draft | None, guard: Guard | None
) -> Visit:
    from rrmm_prep import rules, summary

    visit = ctx.visit
    visit.call_now = [f.to_dict() for f in rules.urgent_flags(content, visit)]
    earlier = records.earlier(visit)

    def save():
        text = summary.markdown(content, visit, earlier)
        saved = store.save_new(
            store.new_visit_id(visit.info.date, visit.info.clinician), visit.to_dict(), text
        )
        return saved

    saved = _save_retrying(save, draft, guard)
    visit.id, visit.revision = saved.id, 1
    if not visit.about.is_empty() and visit.about != about_me():
        with contextlib.suppress(StoreError):
            store.write_about(plain(visit.about))
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


def output(where: Path, text: str) -> Path | None:
    """``--output``: ``-`` is standard output (returns None); else the file, through store (said if a link)."""
    if str(where) == "-":
        ui.write(text)
        return None
    out = store.write_output(where, text)
    if out.note:
        ui.note(out.note)
    return out.path


def _show_call_now(content: Content, visit: Visit, aside: bool = False) -> None:
    """The call-now boxes, if any: on the screen, or ``aside`` on stderr (standard output holds a document)."""
    from rrmm_prep import rules, summary
    from rrmm_prep.doc import Doc, render_text

    flags = rules.all_flags(content, visit)
    if not flags:
        return
    doc = Doc(summary.call_now_blocks(content, visit, flags))
    if aside:
        ui.note(render_text(doc, 80).rstrip("\n"))
    else:
        ui.show(doc)


# ------------------------------------------------------------------------------------------------ after-visit


@dataclass
class AfterOptions:
    answers: Path | None = None
    template: bool = False
    no_input: bool = False
    today: dt.date | None = None


def after_visit(content: Content, query: str | None, o: AfterOptions) -> Visit:
    from rrmm_prep.dates import say

    today = o.today or today_()
    found = records.resolve(query) if query else records.for_after_visit(today)
    ctx = F.Ctx(content, copy.deepcopy(found), today, records.before(found))
    if o.template:
        ui.write(answers_file.template(F.AFTER_VISIT, ctx))
        return found
    base = found.to_dict()
    ui.note(
        f"Recording what was said at: {say(found.info.date)}"
        + (f" with {found.info.clinician}" if found.info.clinician else "")
        + f" ({found.id})."
    )
    if o.answers is not None or o.no_input:
        if o.answers is not None:
            answers_file.apply(F.AFTER_VISIT, ctx, answers_file.read(o.answers), str(o.answers))
        return _save_after(content, ctx, base, None, None)
    if not ui.can_prompt():
        raise NoTerminalError(
            "after-visit asks questions, and there is no terminal to ask in. "
            "Use --answers FILE (see --answers-template) or --no-input."
        )
    prefix = f"after-visit-{found.id}"
    draft = offer_drafts(prefix, F.AFTER_VISIT, False)
    if draft is not None:
        if draft.visit.id != found.id:
            raise UsageError("That draft belongs to another visit.")
        mine = draft.visit
        theirs = found
        draft_base = Visit.from_dict(draft.base) if draft.base else found
        from rrmm_prep.merge import merge_after

        merged, conflicts = merge_after(draft_base, mine, theirs)
        _settle(conflicts)
        ctx.visit = merged
        base = draft.base if draft.base else base
        if draft.note:
            ui.say(draft.note)
    else:
        draft = Draft(store.new_draft_name(prefix), "after-visit", ctx.visit, base=base)
    from rrmm_prep.form.walk import Walk

    again = program.command("after-visit", found.id)
    with Guard() as guard:
        walk = Walk(F.AFTER_VISIT, ctx, draft.done, resuming=draft.step)
        ui.new_history()
        try:
            walk.run()
            draft.visit, draft.done, draft.step, draft.base = ctx.visit, walk.done, None, base
            _keep_draft(draft, guard)
            visit = _save_after(content, ctx, base, draft, guard)
        except (ui.Interrupted, KeyboardInterrupt):
            if draft.saved_as is not None:
                raise Stopped(f"Stopped. What you typed was saved first: {draft.saved_as.summary}") from None
            draft.visit, draft.done, draft.step, draft.base = ctx.visit, walk.done, walk.current, base
            raise _stopped(draft, again, guard) from None
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


def _save_after(content: Content, ctx: F.Ctx, base: dict, draft: Draft | None, guard: Guard | None) -> Visit:
    from rrmm_prep import summary
    from rrmm_prep.merge import merge_after

    visit = ctx.visit
    visit.after = visit.after or ctx.after
    visit.after.recorded = dt.datetime.now().isoformat(timespec="seconds")
    base_revision = base.get("revision", 0) if isinstance(base.get("revision", 0), int) else 0
    base_visit = Visit.from_dict(base) if base else visit
    while True:
        earlier = records.earlier(visit)
        text = summary.markdown(content, visit, earlier)
        try:
            saved = _save_retrying(
                lambda v=visit, text=text, rev=base_revision: store.update(v.id, v.to_dict(), text, rev),
                draft,
                guard,
            )
            break
        except store.Changed as changed:
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
                store.write_about(plain(about))
    ui.say(f"Saved. The summary now has what was said: {saved.summary}")
    ui.say(
        f"To share it with family: {program.command('export', visit.id, '--for-family', '--format', 'txt')}"
    )
    ui.say(f"To print it: {program.command('print', visit.id)}")
    return visit


# ------------------------------------------------------------------------------------------------ about


def about(content: Content, show_only: bool, answers: Path | None = None) -> AboutMe:
    from rrmm_prep import views

    current = about_me()
    visit = Visit(about=copy.deepcopy(current))
    ctx = F.Ctx(content, visit)
    if answers is not None:
        answers_file.apply(F.ABOUT, ctx, answers_file.read(answers), str(answers))
    elif not show_only and ui.can_prompt():
        from rrmm_prep.form.walk import Walk

        ui.say("Press Enter to keep each answer in [brackets]. Type - to clear one.")
        with Guard():
            try:
                Walk(F.ABOUT, ctx).run()
            except (ui.Interrupted, KeyboardInterrupt):
                ui.note("\nStopped. About me was not changed.")
                raise Stopped("") from None
    if visit.about != current:
        store.write_about(plain(visit.about))
        ui.say("Saved.")
    ui.show(views.about_doc(visit.about))
    return visit.about


# ------------------------------------------------------------------------------------------------ print


@dataclass
class PrintOptions:
    output: Path | None = None
    open_browser: bool = True
    with_private_notes: bool = False


def documents_folder() -> Path:
    import platformdirs

    return platformdirs.user_documents_path() / "rrmm-prep"


def print_visit(content: Content, visit: Visit, o: PrintOptions) -> Path | None:
    """Write the page to print (the doctor sheet, then the full summary and the checklists) and open it."""
    from rrmm_prep import export, summary

    earlier = records.earlier(visit)
    doc = summary.printable(content, visit, earlier, with_private=o.with_private_notes)
    page = export.html(doc, summary.title(visit))
    if o.output is not None:
        path = output(o.output, page)
    else:
        path = store.write_printable(documents_folder(), f"{visit.id}.html", page, visit.id)
    if path is None:
        return None
    ui.say(f"The page to print is: {path}")
    if o.open_browser:
        import webbrowser

        try:
            opened = webbrowser.open(path.resolve().as_uri())
        except Exception:  # a browser that cannot start must not lose the page
            opened = False
        ui.say(
            "It is open in your web browser: print it from there."
            if opened
            else "Open it in your web browser to print it."
        )
    return path


# ------------------------------------------------------------------------------------------------ export


@dataclass
class ExportOptions:
    visit: str | None = None
    fmt: str = "md"
    output: Path | None = None
    all_visits: bool = False
    for_family: bool = False
    with_private: bool = False


def journal(content: Content, visits: list[Visit], for_family: bool = False, with_private: bool = False):
    """Every visit as one treatment journal, newest first."""
    from rrmm_prep import summary
    from rrmm_prep.doc import Doc, Heading

    doc = Doc([Heading("Treatment journal")])
    for i, v in enumerate(visits):
        part = summary.build(content, v, visits[i + 1 :], for_family, with_private=with_private)
        for block in part.blocks:
            if isinstance(block, Heading):
                block.level += 1
        doc.add(*part.blocks)
    return doc


def render(doc, fmt: str, title: str) -> str:
    from rrmm_prep.doc import render_markdown, render_text

    if fmt == "md":
        return render_markdown(doc)
    if fmt == "txt":
        return render_text(doc, 72)
    from rrmm_prep import export as html_export

    return html_export.html(doc, title)


def export(content: Content, o: ExportOptions) -> Path | None:
    from rrmm_prep import summary

    if o.all_visits and o.visit:
        raise UsageError("Give a visit or --all, not both.")
    if o.all_visits:
        visits = records.all_visits()
        if not visits:
            raise records.no_visits()
        doc = journal(content, visits, o.for_family, o.with_private)
        name, title = "journal", "Treatment journal"
    else:
        found = records.resolve(o.visit)
        doc = summary.build(content, found, records.earlier(found), o.for_family, with_private=o.with_private)
        name, title = found.id, (summary.family_title(found) if o.for_family else summary.title(found))
    if o.for_family:
        name += "-family"
    text = render(doc, o.fmt, title)
    if o.output is not None:
        path = output(o.output, text)
        if path is None:
            return None
    else:
        path = store.write_export(f"{name}.{o.fmt}", text)
    if o.for_family and o.fmt != "html" and ui.is_terminal():
        ui.say("")
        ui.show(doc, "text")
        ui.say("")
    ui.say(f"Exported: {path}")
    return path


def rebuild_journals(content: Content) -> list[Path]:
    """Make the journals in the exports folder again from the visits left (after a visit is forgotten), or
    delete them when no visit is left."""
    visits = records.all_visits()
    out = []
    for path, family_only in store.journal_exports():
        if not visits:
            store.remove_export(path)
            continue
        fmt = path.suffix.lstrip(".")
        doc = journal(content, visits, family_only, with_private=False)
        store.write_export(path.name, render(doc, fmt, "Treatment journal"))
        out.append(path)
    return out


# ------------------------------------------------------------------------------------------------ forget


def forget(load_content, query: str | None, everything: bool, yes: bool) -> store.Deleted:
    if bool(query) == everything:
        raise UsageError("Name one visit to delete, or use --everything.")
    if everything:
        what = (
            f"everything rrmm-prep wrote in {store.home(create=False)} "
            "(visits, drafts, exports, printed pages and about me)"
        )
    else:
        hit = records.find_id(query)
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
                return store.Deleted()
        except ui.Interrupted:
            ui.say("Nothing was deleted.")
            return store.Deleted()
    if everything:
        result = store.delete_everything()
    else:
        result = store.delete_visit(hit.id)
        try:
            for path in rebuild_journals(load_content()):
                ui.say(f"The journal {path} was made again without that visit.")
        except RrmmPrepError as err:
            ui.error(f"The journals in the exports folder could not be made again: {err}")
    report(result, what)
    return result


def report(result: store.Deleted, what: str) -> None:
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
