"""The kinds of the questions on a visit's list: which questions to ask (content questions ticked by number,
the person's own in words), the three to ask first, and after the visit the answers each got."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rrmm_prep import ui
from rrmm_prep.content import loader
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.form import questions
from rrmm_prep.form.kinds import Ctx, Field, Given, Kind
from rrmm_prep.model.visit import QuestionItem
from rrmm_prep.read import choices
from rrmm_prep.render.doc import Columns, Doc, Heading, Para, Tasks

if TYPE_CHECKING:
    from rrmm_prep.form.walk import Walk


@dataclass(frozen=True)
class Questions(Kind):
    """The questions to ask: content questions ticked by id (``questions`` in a file) and the person's own
    (``my_questions``)."""

    shape: str = "list"
    extra_keys: tuple[str, ...] = ("my_questions",)  # more top-level keys an answers file may give it

    def ask(self, w: Walk, f: Field) -> None:
        _ask_questions(w, f)

    def show(self, ctx: Ctx, value) -> str:
        return "; ".join(q.text for q in value)

    def review(self, ctx: Ctx, f: Field) -> list[str]:
        return [f"{f.title}: {len(ctx.visit.questions)} on the list"]

    def load(self, ctx: Ctx, g: Given) -> None:
        v = ctx.visit
        doc, check = g.doc, g.check
        own_texts = [choices.tidy_question(clean(t)) for t in check.texts(doc, "my_questions", None, one_ok=True)]
        if own_texts:
            carried = [q for q in v.questions if not q.id and q.text not in own_texts]
            v.questions = (
                carried
                + [QuestionItem(text=t, topic="own") for t in own_texts if t]
                + [q for q in v.questions if q.id]
            )
        if doc.get("questions") is None:  # not given, or left blank: the default list (blank is the default)
            return
        ids = set(ctx.content.question_by_id)
        ticked = []
        for q in check.texts(doc, "questions", None, one_ok=True):
            if q in ids:
                ticked.append(q)
                continue
            hint = loader.did_you_mean(q, ids)
            check.problem(
                doc.key_lines.get("questions"),
                f"'{q}' is not a known question id" + (f"; did you mean '{hint}'?" if hint else ""),
                None,
                "questions",
            )
        questions.settle_questions(ctx, ticked)
        ctx.chosen.add("questions")

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        defaults = {q.id for q in questions.catalog(ctx) if q.default}
        return [
            "my_questions:         # your own questions, like [Can I travel to a wedding in June?]",
            "# questions: the ids of the questions to tick. Leave it out to get the default set and the",
            "# questions suggested for you. (* = in the default set)",
            *[f"#   {q.id}{' *' if q.id in defaults else ''}: {q.text}" for q in questions.catalog(ctx)],
        ]


@dataclass(frozen=True)
class AskFirst(Kind):
    """Up to three questions to ask first: their numbers on the list, ids or texts."""

    shape: str = "list"

    def ask(self, w: Walk, f: Field) -> None:
        _ask_first(w, f)

    def review(self, ctx: Ctx, f: Field) -> list[str]:
        v = ctx.visit
        first = [v.questions[i].text for i in v.ask_first if 0 <= i < len(v.questions)]
        return [f"{f.title}:", *(f"  {i}. {t}" for i, t in enumerate(first, 1))] if first else [f"{f.title}: none"]

    def load(self, ctx: Ctx, g: Given) -> None:
        v = ctx.visit
        if "questions" not in ctx.chosen:
            questions.settle_questions(ctx)
            ctx.chosen.add("questions")
        picks: list[int] = []
        names = questions.question_names(v)
        for item in g.texts():
            try:
                picks += [n - 1 for n in choices.read_picks(item, len(v.questions), names)]
            except Unreadable:
                g.problem(
                    f"'{item}' is not a question in this file (use its number in the list, its id or its text)"
                )
        if len(picks) > questions.MAX_FIRST:
            g.problem("pick three questions at most")
        v.ask_first = list(dict.fromkeys(picks))[: questions.MAX_FIRST]
        ctx.chosen.add("ask_first")

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        return ["# ask_first: up to three questions to ask first (their number, id or text). Default: the first three."]


@dataclass(frozen=True)
class Answers(Kind):
    """After the visit: which questions got an answer, by number, and for each what was said."""

    shape: str = "map"

    def ask(self, w: Walk, f: Field) -> None:
        _ask_answers(w, f)

    def review(self, ctx: Ctx, f: Field) -> list[str]:
        answered = [(n, q) for n, q in ctx.visit.numbered() if q.answer.strip()]
        if not answered:
            return [f"{f.title}: none recorded"]
        return [f"{f.title}:", *(f"  {n}. {q.text} {q.answer}" for n, q in answered)]

    def load(self, ctx: Ctx, g: Given) -> None:
        answers = g.value
        if answers is None:
            return
        if not isinstance(answers, loader.YMap):
            g.problem("should be question numbers with answers, like '1: what was said'", entry=None)
            return
        for number in answers:
            q = ctx.visit.question_by_number(int(number)) if number.isdecimal() else None
            if q is None:
                count = len(ctx.visit.questions)
                g.check.problem(
                    answers.key_lines.get(number),
                    f"there is no question {number} in this visit (it has {count}; use the numbers in the summary)",
                    "answers",
                    number,
                )
                continue
            q.answer = clean(g.check.text(answers, number, "answers", required=False) or "", one_line=False)
        ctx.chosen.add(g.field.key)

    def template(self, ctx: Ctx, f: Field, name: str) -> list[str]:
        return [f"{name}:", *(f"  # {n}: {q.text}" for n, q in ctx.visit.numbered())]


# ------------------------------------------------------------------------------------------------ the walk


def _ask_questions(w: Walk, f: Field) -> None:
    ctx = w.ctx
    v = ctx.visit
    if "questions" not in ctx.chosen and not any(q.id for q in v.questions):
        questions.settle_questions(ctx)
    cat = questions.catalog(ctx)
    number = {q.id: i for i, q in enumerate(cat, 1)}
    ui.say(
        "Type +N to add a question, -N (or -a) to take one off, or type your own question.", "dim"
    )
    while True:
        _show_question_list(ctx, number)
        answer = w.ask("Your change ('more' to see all questions by topic; Enter to keep this list)")
        if not answer:
            return
        if answer.strip().casefold() in ("more", "all", "browse", "list", "more questions"):
            _browse(w, cat)
            continue
        own = [q for q in v.questions if not q.id]
        letters = {chr(ord("a") + i): q for i, q in enumerate(own)}
        drop_own = re.findall(r"(?:^|[\s,])-([a-z])(?=$|[\s,])", answer)
        rest = re.sub(r"(?:^|[\s,])-([a-z])(?=$|[\s,])", " ", answer).strip()
        try:
            edit = choices.read_list_edit(rest, len(cat), numbers_add=True)
        except Unreadable as err:
            ui.say(str(err))
            continue
        if any(letter not in letters for letter in drop_own):
            ui.say("That letter is not on the list.")
            continue
        if edit.clear:
            ui.say("To take a question off, type - and its number, like -5 (or -a for one of your own).")
            continue
        ticked = [q.id for q in v.questions if q.id]
        ticked += [cat[n - 1].id for n in edit.add if cat[n - 1].id not in ticked]
        ticked = [i for i in ticked if number.get(i) not in edit.remove]
        dropped = [letters[x] for x in drop_own]
        keep_own = [q for q in own if all(q is not d for d in dropped)]
        on_list = {q.text.casefold() for q in v.questions}
        for text in map(choices.tidy_question, edit.words):
            if text.casefold() in on_list:
                ui.say("That question is on your list already.")
            else:
                keep_own.append(QuestionItem(text=text, topic="own"))
        v.questions = keep_own + [q for q in v.questions if q.id]
        questions.settle_questions(ctx, ticked)
        ctx.chosen.add("questions")


def _show_question_list(ctx: Ctx, number: dict[str, int]) -> None:
    v = ctx.visit
    own = [q for q in v.questions if not q.id]
    items, marks = [], []
    for i, q in enumerate(own):
        marks.append(f"{chr(ord('a') + i)}.")
        items.append(q.text + (" (not answered last time)" if q.carried else ""))
    for q in v.questions:
        if q.id:
            # The mark goes with the number, which a long question's cut end cannot take away.
            marks.append(f"{number.get(q.id, '?')}." + ("*" if q.why_suggested else ""))
            items.append(q.text)
    blocks = [Para(f"On your list now ({len(items)}):"), Columns(items, marks=marks, width=1)]
    if any(q.id and q.why_suggested for q in v.questions):
        blocks.append(Para("* suggested for you"))
    from rrmm_prep.content import rules

    on_list = {q.id for q in v.questions if q.id}
    # At most six more, and no more than the screen holds under the step's header, its hint and the prompt.
    room = ui.height() - 6 - len(items) - (2 if len(blocks) > 2 else 1) - 1
    more = [i for i in rules.suggestions(ctx.content, v) if i not in on_list and i in number][: max(0, min(6, room))]
    if more:
        blocks += [
            Para("Also suggested for you (type +N to add):"),
            Columns(
                [ctx.content.question_by_id[i].text for i in more],
                marks=[f"{number[i]}." for i in more],
                width=1,
            ),
        ]
    ui.show(Doc(blocks))


def _browse(w: Walk, cat) -> None:
    ctx = w.ctx
    topics = list(ctx.content.topics)
    ui.show(
        Doc([Para("Topics:"), Columns([f"{t.title} ({len(t.questions)})" for t in topics], numbered=True)])
    )
    answer = w.ask("A topic's number to see its questions (Enter to go back)")
    if not answer.isdecimal() or not 1 <= int(answer) <= len(topics):
        return
    topic = topics[int(answer) - 1]
    on_list = {q.id for q in ctx.visit.questions if q.id}
    first = next(i for i, q in enumerate(cat, 1) if q.topic_id == topic.id)
    tasks = Tasks(
        [q.text for q in topic.questions],
        done=[q.id in on_list for q in topic.questions],
        numbers=list(range(first, first + len(topic.questions))),
    )
    ui.show(Doc([Heading(topic.title, 3), tasks]))


def _ask_first(w: Walk, f: Field) -> None:
    ctx = w.ctx
    v = ctx.visit
    if not v.questions:
        return
    current = [i + 1 for i in v.ask_first if 0 <= i < len(v.questions)] or [
        i + 1 for i in questions.default_first(v)
    ]
    items = [q.text for q in v.questions]
    ui.show(Doc([Para("Your questions:"), Columns(items, numbered=True, width=1, limit=24)]))
    got = w.read(f"{f.label} Numbers", " ".join(map(str, current)), lambda a: questions.read_first(v, a))
    if got is None:  # Enter kept what is on the screen
        v.ask_first = [n - 1 for n in current]
        return
    v.ask_first = got[1]
    ui.readback("Ask first: " + (", ".join(str(i + 1) for i in v.ask_first) or "none"))


def _ask_answers(w: Walk, f: Field) -> None:
    ctx = w.ctx
    numbered = ctx.visit.numbered()
    if not numbered:
        ui.say("This visit has no questions.")
        return
    ui.show(
        Doc([Columns([q.text for _, q in numbered], marks=[f"{n}." for n, _ in numbered], width=1, limit=26)])
    )
    default = " ".join(str(n) for n, q in numbered if q.answer)
    got = w.read(f.label, default, lambda a: choices.read_picks(a, len(numbered), allow_all=True))
    picks = [int(n) for n in default.split()] if got is None else got[1]
    for n in picks:
        q = ctx.visit.question_by_number(n)
        ui.say(f"{n}. {q.text}")
        q.answer = clean(w.ask("   What were you told?", q.answer))


