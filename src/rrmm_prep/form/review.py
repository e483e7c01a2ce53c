"""The review before saving: the record as it will be stored, step by step, numbered, every compound answer
part by part ("3. Lab results you have / 3.1 M-protein: 1.1 g/dL, on Friday 20 November 2026").

In the walk it is one screen (paged to fit 80x24): a number goes back to that step (3) or to one entry (3.2) to
fix it, ``-3.2`` takes an entry off, Enter saves. For an answers file, ``rrmm-prep new-visit --answers FILE
--check`` prints the same lines and saves nothing.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from rrmm_prep import ui
from rrmm_prep.form.kinds import Ctx, Field, Questionnaire, Step

if TYPE_CHECKING:
    from rrmm_prep.form.walk import Walk

PROMPT = "Enter saves. A number fixes it (3, or 3.2 for one entry); -3.2 takes one off"


def lines(q: Questionnaire, ctx: Ctx, steps: list[Step]) -> tuple[list[str], dict[str, tuple[Step, Field | None, int]]]:
    """The review's lines, and what each number means: "3" -> (step, None, 0), "3.2" -> (step, field, 2)."""
    out: list[str] = []
    targets: dict[str, tuple[Step, Field | None, int]] = {}
    for n, step in enumerate(steps, 1):
        out.append(f"{n}. {step.title}")
        targets[str(n)] = (step, None, 0)
        k = 0
        for f in step.fields:
            if not f.review or (f.when is not None and not f.when(ctx) and not f.get(ctx)):
                continue
            entries = f.kind.entries(ctx, f)
            if entries is None:
                out += [f"   {line}" for line in f.kind.review(ctx, f)]
                continue
            if not entries:
                out.append(f"   {f.title}: none")
                continue
            out.append(f"   {f.title}:")
            for i, entry in enumerate(entries, 1):
                k += 1
                targets[f"{n}.{k}"] = (step, f, i)
                out.append(f"   {n}.{k} {entry}")
    return out, targets


def text(q: Questionnaire, ctx: Ctx) -> str:
    """The review as text, for ``--check``: every step of the questionnaire, as it would be stored."""
    shown, _ = lines(q, ctx, [s for s in q.steps if s.when is None or s.when(ctx)])
    return "\n".join(shown) + "\n"


def review(w: Walk) -> None:
    """Show the record, let the person fix it, and return when they press Enter."""
    ctx = w.ctx
    steps = [s for s in w.q.steps if s.name in w.planned]
    page = 0
    focus = ""  # after a fix, the page that shows the step fixed
    ui.say("")
    ui.say("Check what will be saved:", "bold")
    while True:
        shown, targets = lines(w.q, ctx, steps)
        pages = _pages(shown, max(8, ui.height() - 7), ui.width())  # room for the heading and the prompt
        if focus:
            page = next((k for k, p in enumerate(pages) if any(x.startswith(focus) for x in p)), 0)
            focus = ""
        page = min(page, len(pages) - 1)
        for line in pages[page]:
            ui.say(line)
        more = page < len(pages) - 1
        answer = w.ask(PROMPT + ("; m: more" if more else ""))
        if not answer.strip():
            return
        typed = answer.strip().casefold()
        if typed in ("m", "more", ">", "next") and more:
            page += 1
            continue
        m = re.fullmatch(r"(-)?\s*(\d+)(?:\.(\d+))?", typed)
        target = targets.get(f"{m.group(2)}.{m.group(3)}" if m and m.group(3) else m.group(2)) if m else None
        if target is None:
            ui.say(f"Type a number from the list (1 to {len(steps)}, or like 3.2 for one entry), or Enter to save.")
            continue
        step, f, i = target
        if m.group(1):
            if f is None:
                ui.say("To take one entry off, type its number with the minus sign, like -3.2.")
                continue
            ui.readback(f"Taken off: {f.kind.remove(ctx, f, i)}")
        elif f is None:
            w.run_step(step, every=True)
        else:
            f.kind.edit(w, f, i)
        w.show_new_flags()
        focus = f"{m.group(2)}. "


def _pages(shown: list[str], room: int, width: int) -> list[list[str]]:
    """The lines in pages that fit ``room`` rows of the screen, long lines counted as the rows they wrap to."""
    pages: list[list[str]] = [[]]
    used = 0
    for line in shown:
        rows = max(1, math.ceil(len(line) / max(20, width)))
        if used + rows > room and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += rows
    return pages

