"""Where a default comes from, in layers: what is typed (or in an answers file) > the last visit, with what
after-visit recorded > about me > the content's default.

``start`` makes the visit every driver begins from, so pressing Enter at every prompt, an empty answers file and
``--no-input`` all give the same record. ``finish`` settles what depends on the other answers (the suggested
questions, the questions to ask first) when nobody chose them.
"""

from __future__ import annotations

import copy
import datetime as dt

from rrmm_prep.content.records import Content
from rrmm_prep.form.kinds import Ctx
from rrmm_prep.form.questions import default_first, settle_questions
from rrmm_prep.model.changes import apply_changes
from rrmm_prep.model.visit import AboutMe, QuestionItem, Visit
from rrmm_prep.read import dates


def start(
    content: Content,
    last: Visit | None,
    about: AboutMe | None = None,
    today: dt.date | None = None,
) -> Visit:
    today = today or dates.current_date()
    visit = Visit(created=dt.datetime.now().isoformat(timespec="seconds"), content_reviewed=content.reviewed)
    visit.about = copy.deepcopy(about) if about is not None else AboutMe()
    visit.info.date = today.isoformat()
    if content.visit_reasons:
        first = content.visit_reasons[0]
        visit.info.reasons, visit.info.reason_ids = [first.label], [first.id]
    if last is not None:
        carry_forward(visit, last, today)
    return visit


def carry_forward(visit: Visit, last: Visit, today: dt.date) -> Visit:
    """Start from the last visit: where and with whom, its treatments (with the changes after-visit recorded:
    stopped ones stopped, with when and why; new ones started, or planned until their day), health problems,
    medicines (with those started after it), goals, how much you can do, the next appointment while it is still
    ahead, and your own questions that got no answer (offered again, marked as such)."""
    info, old = visit.info, last.info
    info.clinician, info.place, info.companion = old.clinician, old.place, old.companion
    visit.treatments = [copy.deepcopy(t) for t in last.treatments]
    visit.medicines = list(last.medicines)
    if last.after is not None:
        apply_changes(visit.treatments, last.after.stop, last.after.start, last.info.date, today)
        for name in last.after.medicines:
            if all(name.casefold() != m.casefold() for m in visit.medicines):
                visit.medicines.append(name)
        if last.after.next_visit and last.after.next_visit >= today.isoformat():
            info.date = last.after.next_visit
            info.time = last.after.next_visit_time
    visit.health_problems = list(last.health_problems)
    visit.goals = list(last.goals)
    visit.daily_life = last.daily_life
    for q in last.unanswered_own():
        visit.questions.append(QuestionItem(text=q.text, topic="own", carried=True))
    return visit


def finish(ctx: Ctx) -> None:
    """Fill in what depends on the other answers, unless it was chosen: the content questions (the default
    set and the ones suggested by the treatments, symptoms and reasons) and the three to ask first."""
    if "questions" not in ctx.chosen:
        settle_questions(ctx)
    if "ask_first" not in ctx.chosen:
        ctx.visit.ask_first = default_first(ctx.visit)
