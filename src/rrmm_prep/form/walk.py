"""The interactive driver: runs a questionnaire's steps in a terminal, one prompt at a time, through ui.

Every prompt has a default and Enter takes it. Each field is asked by its kind (``kind.ask``), with the same
readers an answers file uses, and put into the Visit at once, so Ctrl-C, a closed terminal or end of input at
any moment loses nothing: the caller keeps a draft naming the step that was running (``Walk.current``) and the
steps done, and a resumed walk starts that step again with what was typed as the defaults; ``checkpoint`` (set
by the caller) is called before every prompt, once the answers before it are in the Visit, so the draft is written
as the person goes and a kill at a prompt loses nothing typed. A questionnaire with a
review ends with it: the record as it will be stored, to fix before saving (form/review.py). Screens stay short:
long lists go in two columns, and nothing between two prompts runs past a 24-line screen.
"""

from __future__ import annotations

from collections.abc import Callable

from rrmm_prep import ui
from rrmm_prep.errors import Unreadable
from rrmm_prep.form import kinds
from rrmm_prep.form.kinds import CLEAR
from rrmm_prep.render.doc import Doc, Heading


class Walk:
    def __init__(
        self,
        questionnaire: kinds.Questionnaire,
        ctx: kinds.Ctx,
        done: list[str] | None = None,
        resuming: str | None = None,
    ) -> None:
        self.q = questionnaire
        self.ctx = ctx
        self.done: list[str] = list(done or [])
        self.resuming = resuming  # the step a draft stopped in: it starts again, what was typed the defaults
        self.current: str | None = None
        self.prompts = 0
        self.shown: list = []  # the call-now flags shown so far (rules.Flag), kept in the record
        self.checkpoint: Callable[[], None] | None = None  # called before every prompt (the caller keeps a draft)
        # The steps of this walk, decided once at its start: a step whose ``when`` held then (about me while it
        # is empty), or one already done or being resumed, keeps its number even when answers change the rule.
        self.planned = {
            s.name
            for s in self.q.steps
            if s.name in self.done or s.name == resuming or s.when is None or s.when(ctx)
        }

    # ------------------------------------------------------------------ running

    def run(self) -> None:
        for step in self.q.steps:
            if step.name in self.done or not self._runs(step):
                continue
            self.current = step.name
            self._header(step)
            self.run_step(step)
            self.done.append(step.name)
        self.current = None
        if self.q.finish is not None:
            self.q.finish(self.ctx)
        if self.q.review:  # every step is done: a stop here resumes at the review
            from rrmm_prep.form.review import review

            review(self)

    def _runs(self, step: kinds.Step) -> bool:
        if step.name not in self.planned:
            return False
        return not (self.ctx.mode == kinds.QUICK and not step.quick())

    def plan(self) -> list[kinds.Step]:
        return [s for s in self.q.steps if s.name in self.done or self._runs(s)]

    def _header(self, step: kinds.Step) -> None:
        plan = self.plan()
        if len(plan) > 1:
            number = next((i for i, s in enumerate(plan, 1) if s.name == step.name), len(plan))
            ui.show(Doc([Heading(f"Step {number} of {len(plan)}: {step.title}", 2)]))
        else:
            ui.show(Doc([Heading(step.title, 2)]))

    def run_step(self, step: kinds.Step, every: bool = False) -> None:
        """Ask a step's fields (``every``: the quick path's too, as when the review goes back to it)."""
        for f in step.fields:
            if not f.walk or (f.when is not None and not f.when(self.ctx)):
                continue
            if self.ctx.mode == kinds.QUICK and not f.quick and not every:
                continue  # quick: everything else stays as last time
            if f.help:
                ui.say(f.help, "dim")
            f.kind.ask(self, f)
            self.ctx.chosen.add(f.key)
            if step.ends_when is not None and step.ends_when(self.ctx):
                return  # Enter at the name: skip the rest of about me for now

    def resumes(self, f: kinds.Field) -> bool:
        """Whether this walk started again in the step that holds ``f`` (a draft stopped there)."""
        step = next((s for s in self.q.steps if f in s.fields), None)
        return step is not None and step.name == self.resuming

    # ------------------------------------------------------------------ prompts

    def ask(self, label: str, default: str = "") -> str:
        if self.checkpoint is not None:  # every answer so far is in the visit: keep it before the next prompt
            self.checkpoint()
        self.prompts += 1
        return ui.ask(label, default)

    def yes(self, label: str, default: bool = True) -> bool:
        return ui.ask_yes(label, default, asker=self.ask)

    def read(self, label: str, default: str, reader):
        """Ask until the answer reads: (what was typed, ``reader(it)``), or None when Enter kept a default.
        ``-`` typed alone clears (reads as blank). An answer that does not read says why and is asked again."""
        while True:
            answer = self.ask(label, default)
            if answer == default and default:
                return None
            if answer.strip() == CLEAR:
                answer = ""
            try:
                return answer, reader(answer)
            except Unreadable as err:
                ui.say(str(err))

    def say_carried(self) -> None:
        info = self.ctx.visit.info
        parts = [
            f"with {info.clinician}" if info.clinician else "",
            f"at {info.place}" if info.place else "",
            f"{info.companion} coming along" if info.companion else "",
        ]
        said = ", ".join(p for p in parts if p)
        if said:
            ui.say(f"From your last visit: {said}. (Choose full next time to change these.)", "dim")

    # ------------------------------------------------------------------ flags

    def show_new_flags(self, waiting: list | None = None) -> None:
        """The call-now box for what was just reported, if it needs one and was not shown yet; kept for the
        record, so the summary says what the walk said. ``waiting``: symptoms about to be rated, left out for
        now (how bad they are decides some calls)."""
        import copy

        from rrmm_prep.content import rules
        from rrmm_prep.render.calls import call_now_blocks

        visit = self.ctx.visit
        if waiting:
            visit = copy.copy(visit)
            visit.symptoms = [s for s in visit.symptoms if all(s is not w for w in waiting)]
        seen = {(f.sign, f.said.casefold()) for f in self.shown}
        flags = [f for f in rules.urgent_flags(self.ctx.content, visit) if (f.sign, f.said.casefold()) not in seen]
        if not flags:
            return
        self.shown += flags
        ui.show(Doc(call_now_blocks(self.ctx.content, self.ctx.visit, flags)))
