"""check-in: the weekly check-in, by the walk or an answers file; the same call-now box as a visit; saved as
one file; listed and drawn over the weeks."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rrmm_prep import errors, messages, ui
from rrmm_prep.app.about_me import about_me
from rrmm_prep.app.session import Guard, _keep_draft, _save_retrying, _stopped
from rrmm_prep.content.records import Content
from rrmm_prep.errors import NoTerminalError, Stopped, UsageError
from rrmm_prep.form import answers_file
from rrmm_prep.form.checkin_form import CheckCtx, questionnaire, sync, worth_telling
from rrmm_prep.model.checkin import CheckIn
from rrmm_prep.model.visit import Visit, VisitInfo
from rrmm_prep.read import dates
from rrmm_prep.store import checkin_files, draft_files, find

KIND = "check-in"


@dataclass
class CheckInOptions:
    answers: Path | None = None
    no_input: bool = False
    today: dt.date | None = None


class _Draft:
    """The check-in as it is typed, kept by session.py's helpers (the same drafts folder as visits)."""

    def __init__(self, name: str, ctx: CheckCtx) -> None:
        self.name, self.ctx, self.saved_as = name, ctx, None

    def to_dict(self) -> dict:
        return {"kind": KIND, "check": self.ctx.check.to_dict()}


def all_checkins() -> list[CheckIn]:
    """Every check-in that reads, oldest first; a file that does not read is named once, never half-read."""
    records, bad = checkin_files.read_all()
    out = []
    for data in records:
        try:
            out.append(CheckIn.from_dict(data))
        except ValueError:
            bad.append(str(data.get("id", "?")))
    for name in bad:
        ui.note(f"A check-in file could not be read and was left out: {name}")
    return out


def _context(content: Content, today: dt.date) -> CheckCtx:
    last = find.latest()
    visit = Visit(info=VisitInfo(date=today.isoformat()), about=about_me())
    if last is not None:
        visit.treatments = copy.deepcopy(last.treatments)
        visit.after = copy.deepcopy(last.after)
    ctx = CheckCtx(content, visit, today, last)
    ctx.check = CheckIn(date=today.isoformat())
    return ctx


def _carry(ctx: CheckCtx, history: list[CheckIn]) -> None:
    """Last week's ratings as this week's defaults (Enter keeps them); the week before this one's day."""
    earlier = [c for c in history if c.date <= ctx.check.date]
    ctx.before = earlier[-1] if earlier else None
    if ctx.before is not None:
        ctx.check.ratings = dict(ctx.before.ratings)
        ctx.check.notes = dict(ctx.before.notes)
    sync(ctx)


def check_in(content: Content, o: CheckInOptions) -> CheckIn:
    today = o.today or dates.current_date()
    ctx = _context(content, today)
    q = questionnaire()
    history = all_checkins()
    if o.answers is not None or o.no_input:
        doc = answers_file.read(o.answers) if o.answers is not None else None
        if doc is not None and doc.get("date"):  # a backfilled week starts from the week before it
            answers_file.apply(q, ctx, doc, str(o.answers))
        _carry(ctx, history)
        answers_file.apply(q, ctx, doc, str(o.answers or "no input"))
        return _finish(content, ctx, None, None)
    if not ui.can_prompt():
        raise NoTerminalError(
            "check-in asks questions, and there is no terminal to ask in. "
            "Use --answers FILE or --no-input to keep last week's answers."
        )
    _carry(ctx, history)
    waiting = draft_files.list_drafts(KIND)
    name = waiting[-1] if waiting else draft_files.new_draft_name(KIND)
    if waiting:
        kept = draft_files.load_draft(name) or {}
        try:
            ctx.check = CheckIn.from_dict(kept.get("check"))
            ctx.visit.info.date = ctx.check.date
            sync(ctx)
            ui.say("Picking up the check-in you stopped: Enter keeps what you typed then.")
        except (ValueError, TypeError):
            ui.note("The check-in draft could not be read; starting again.")
    draft = _Draft(name, ctx)
    from rrmm_prep.form.walk import Walk

    with Guard() as guard:
        walk = Walk(q, ctx)
        walk.checkpoint = lambda: _keep_draft(draft, guard)
        ui.new_history()
        try:
            if ctx.before is not None:
                ui.say(f"Enter keeps last week's answer ({dates.say(ctx.before.date, False)}).", "dim")
            walk.run()
            return _finish(content, ctx, draft, guard, walk.shown)
        except (errors.Interrupted, KeyboardInterrupt):
            if draft.saved_as is not None:
                raise Stopped(f"Stopped. Your check-in was saved first: {draft.saved_as.path}") from None
            raise _stopped(draft, messages.command(KIND), guard) from None


def _finish(content: Content, ctx: CheckCtx, draft, guard, shown: list | None = None) -> CheckIn:
    from rrmm_prep.content import rules

    sync(ctx)
    flags = rules.urgent_flags(content, ctx.visit)
    said = {(f.sign, f.said.casefold()) for f in flags}
    flags += [f for f in shown or [] if (f.sign, f.said.casefold()) not in said]
    check = ctx.check
    check.call_now = [f.to_dict() for f in flags]
    check.created = dt.datetime.now().isoformat(timespec="seconds")
    stored = _save_retrying(lambda: checkin_files.save_new(check.date, check.to_dict()), draft, guard)
    check.id = stored.id
    read_back(ctx)
    if flags:
        from rrmm_prep.render.calls import call_now_blocks
        from rrmm_prep.render.doc import Doc

        ui.show(Doc(call_now_blocks(content, ctx.visit, flags)))
    ui.say(f"Saved your check-in: {stored.path}")
    return check


def read_back(ctx: CheckCtx) -> None:
    """The week in one or two lines, and what is worth telling the care team (named, without advice)."""
    from rrmm_prep.render.checkin_chart import week_line

    ui.say(f"Your week ({dates.say(ctx.check.date, False)}): {week_line(ctx.check)}")
    telling = worth_telling(ctx.check, ctx.before)
    if telling:
        ui.say("Worth telling your care team: " + "; ".join(telling) + ".", "bold")


SINCE_KEY = "since_checkins"  # kept in the visit record: the summary and the doctor sheet show it


def into_visit(ctx) -> list[str]:
    """new-visit: the check-ins since the last visit start the symptoms step (the person confirms or changes
    them) and are kept with the visit as a short "Since last visit" block. Returns the lines."""
    from rrmm_prep.render.checkin_chart import since_lines

    after = ctx.last.info.date if ctx.last is not None else ""
    weeks = [c for c in all_checkins() if c.date > after]
    lines = since_lines(weeks)
    if not lines:
        return []
    ctx.visit.extra[SINCE_KEY] = lines
    if not ctx.visit.symptoms:
        kept: dict[str, object] = {}
        for c in weeks:
            for r in c.symptoms:
                kept[r.id or r.name.casefold()] = copy.deepcopy(r)
        ctx.visit.symptoms = list(kept.values())
    return lines


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def remind(when: str, output: Path | None = None, today: dt.date | None = None) -> Path:
    """``check-in --remind "monday 18:00"``: a weekly calendar file (no health words in it) from the next such
    day. Raises UsageError for a day or a time it cannot read."""
    from rrmm_prep.render import calendar

    words = when.strip().split(maxsplit=1)
    day = words[0][:3].casefold() if words else ""
    if day not in DAY_NAMES or len(words) < 2:
        raise UsageError('Give a day and a time for the reminder, like --remind "monday 18:00".')
    try:
        at = dt.time.fromisoformat(dates.read_time(words[1]))
    except (errors.Unreadable, ValueError) as err:
        raise UsageError(f"The time '{words[1]}' could not be read: {err}") from None
    today = today or dates.current_date()
    first = today + dt.timedelta(days=(DAY_NAMES.index(day) - today.weekday()) % 7)
    path = checkin_files.write_calendar(calendar.weekly(first, at, calendar.local_zone()), output)
    ui.say(
        f"Wrote a weekly reminder, {first:%A}s at {at:%H:%M} from {dates.say(first.isoformat(), False)}: {path}"
    )
    ui.say("Open it with your calendar program to add it. It says only 'Weekly check-in'.", "dim")
    return path
