"""The questions on a visit's list: the content's catalogue in topic order, the ones ticked before the person
changes anything, and the three to ask first."""

from __future__ import annotations

from rrmm_prep.content.records import normalize
from rrmm_prep.errors import Unreadable
from rrmm_prep.form.kinds import Ctx
from rrmm_prep.model.visit import Visit
from rrmm_prep.read.choices import read_picks

MAX_FIRST = 3


def question_names(visit: Visit) -> dict[str, int]:
    """A question's id or its whole text -> its place in the visit's list."""
    names: dict[str, int] = {}
    for i, q in enumerate(visit.questions, 1):
        for n in (q.id, q.text):
            if n:
                names.setdefault(normalize(n), i)
    return names


def read_first(visit: Visit, text: str) -> list[int]:
    """The questions to ask first (indexes): numbers, ids or texts; three at most."""
    picks = read_picks(text, len(visit.questions), question_names(visit))
    if len(picks) > MAX_FIRST:
        raise Unreadable("Please pick three at most.")
    return [p - 1 for p in picks]


def catalog(ctx: Ctx) -> list:
    """Every content question in topic order: its number in the walk is its place here (1-based)."""
    return [q for t in ctx.content.topics for q in t.questions]


def settle_questions(ctx: Ctx, ticked: list[str] | None = None) -> None:
    """Put the content questions ``ticked`` (default: the default set and the suggested ones) after the
    person's own questions, in topic order, each with the reason it was suggested."""
    from rrmm_prep.content import rules
    from rrmm_prep.model.visit import QuestionItem

    v = ctx.visit
    suggested = rules.suggestions(ctx.content, v)
    if ticked is None:
        ticked = default_question_ids(ctx)
    own = [q for q in v.questions if not q.id]
    answers = {q.id: q.answer for q in v.questions if q.id}
    chosen = [
        QuestionItem(
            text=q.text,
            id=q.id,
            topic=q.topic_id,
            why_suggested=suggested.get(q.id, ""),
            answer=answers.get(q.id, ""),
        )
        for q in catalog(ctx)
        if q.id in ticked
    ]
    old_first = [v.questions[i].text for i in v.ask_first if 0 <= i < len(v.questions)]
    v.questions = [*own, *chosen]
    v.ask_first = [i for i, q in enumerate(v.questions) if q.text in old_first][:MAX_FIRST]


MAX_TICKED = 12  # content questions on the list before the person changes it: a list one can read


def default_question_ids(ctx: Ctx) -> list[str]:
    """The questions ticked before the person changes anything, at most MAX_TICKED, in topic order: first the
    ones suggested by the person's own drugs, symptoms or words, and the default ones the visit's reasons
    suggest too; then the others the reasons or history suggest; then the rest of the default set. The others
    suggested are offered in the walk, a number away."""
    from rrmm_prep.content import rules

    suggested = rules.suggestions(ctx.content, ctx.visit)
    personal = rules.personal_suggestions(ctx.content, ctx.visit)

    def score(q) -> int:
        if q.id in personal or (q.default and q.id in suggested):
            return 3
        if q.id in suggested:
            return 2
        return 1 if q.default else 0

    ranked = sorted((q for q in catalog(ctx) if score(q)), key=lambda q: -score(q))  # stable: topic order
    chosen = {q.id for q in ranked[:MAX_TICKED]}
    return [q.id for q in catalog(ctx) if q.id in chosen]


def default_first(visit: Visit) -> list[int]:
    return list(range(min(MAX_FIRST, len(visit.questions))))
