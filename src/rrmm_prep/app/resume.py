"""Drafts: what a walk had when it stopped, brought up to this version, and offered to pick up."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from rrmm_prep import ui
from rrmm_prep.errors import NewerDraft, StoreError
from rrmm_prep.form import kinds
from rrmm_prep.model.visit import Visit
from rrmm_prep.store import draft_files, visit_files

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


@dataclass
class Draft:
    name: str
    kind: str
    visit: Visit
    done: list[str] = field(default_factory=list)
    step: str | None = None
    mode: str = kinds.FULL
    chosen: set[str] = field(default_factory=set)
    base: dict | None = None  # after-visit: the record as it was when the walk began
    saved: str = ""
    note: str = ""  # said on resuming: a step that starts again
    saved_as: visit_files.Saved | None = None  # set once the record it became is on disk

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


def read_draft(name: str, q: kinds.Questionnaire) -> Draft:
    """A draft as saved, brought up to this version; raises ValueError (with a plain reason) when it cannot be
    used."""
    data = draft_files.load_draft(name)
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
    mode = data.get("mode") if data.get("mode") in (kinds.FULL, kinds.QUICK) else kinds.FULL
    chosen = {c for c in data.get("chosen", []) if isinstance(c, str)}
    base = data.get("base") if isinstance(data.get("base"), dict) else None
    return Draft(name, q.name, visit, done, step, mode, chosen, base, str(data.get("saved", "")), note)


def offer_drafts(kind_prefix: str, q: kinds.Questionnaire, resume: bool) -> Draft | None:
    """Offer the drafts waiting for this walk: one to pick up, or None to start fresh. A draft that cannot be
    used is set aside under another name (never thrown away) and the person is told where it is."""
    usable: list[Draft] = []
    for name in draft_files.list_drafts(kind_prefix):
        try:
            d = read_draft(name, q)
            saved = already_saved(d)
            if saved:
                with contextlib.suppress(StoreError):
                    draft_files.discard_draft(name)
                ui.note(f"A draft was saved already, as visit {saved}; it was removed.")
                continue
            usable.append(d)
        except NewerDraft as err:
            ui.note(f"A draft is left as it is ({err}): update rrmm-prep to pick it up.")
        except (ValueError, TypeError) as err:
            with contextlib.suppress(StoreError):
                aside = draft_files.set_aside_draft(name) if draft_files.load_draft(name) else None
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


_NOT_COMPARED = ("id", "revision", "schema")


def already_saved(d: Draft) -> str:
    """The id of the record a finished draft became (a stop between the save and the draft's delete), or ""."""
    if d.step is not None:
        return ""
    mine = {k: v for k, v in d.visit.to_dict().items() if k not in _NOT_COMPARED}
    if d.kind == "new-visit":
        ids = visit_files.ids_from(visit_files.new_visit_id(d.visit.info.date, d.visit.info.clinician))
    else:
        ids = [d.visit.id] if d.visit.id else []
    for visit_id in ids:
        try:
            record = Visit.from_dict(visit_files.read_record(visit_id)).to_dict()
        except (StoreError, ValueError, TypeError):
            continue
        if {k: v for k, v in record.items() if k not in _NOT_COMPARED} == mine:
            return visit_id
    return ""


def _when_saved(d: Draft) -> str:
    try:
        moment = dt.datetime.fromisoformat(d.saved)
    except ValueError:
        return d.saved or "earlier"
    from rrmm_prep.read.dates import say

    return f"{say(moment.date().isoformat())} at {moment:%H:%M}"


def _step_title(q: kinds.Questionnaire, d: Draft) -> str:
    step = q.step(d.step) if d.step else None
    return step.title if step else "the end (saving)"
