"""The call-now boxes: what was reported, what it may be a sign of, what to do, what to do when the care team
cannot be reached, and the after-hours number. Pure: no I/O."""

from __future__ import annotations

from rrmm_prep.content import rules
from rrmm_prep.content.records import Content
from rrmm_prep.model.visit import Visit
from rrmm_prep.render.doc import Callout, and_list

CALL_NOW = "Call your care team now. Do not wait for this visit."


CALL_911 = "Call 911 or your care team now. Do not wait for this visit."


CALL_TODAY = "Call your care team today."


AFTER_HOURS = "Your care team's after-hours number:"


def call_now_blocks(content: Content, visit: Visit, flags=None, for_family: bool = False) -> list[Callout]:
    """The call-now box (emergency and now signs) and the call-today box, for these flags (default: the ones
    kept in the visit and any the content finds now)."""
    flags = rules.all_flags(content, visit) if flags is None else flags
    flags = _without_repeats(flags)
    now = [f for f in flags if f.level in ("emergency", "now")]
    today = [f for f in flags if f.level == "today"]
    blocks: list[Callout] = []
    number = after_hours(visit)
    if now:
        title = CALL_911 if any(f.level == "emergency" for f in now) else CALL_NOW
        lines = [flag_line(f, for_family) for f in now]
        lines.append(cannot_reach(content, visit))
        if number:
            lines.append(f"{AFTER_HOURS} {number}")
        blocks.append(Callout(title, lines, fill_in="" if number else AFTER_HOURS))
    if today:
        lines = [flag_line(f, for_family) for f in today]
        if number:
            lines.append(f"{AFTER_HOURS} {number}")
        blocks.append(Callout(CALL_TODAY, lines))
    return blocks


def _without_repeats(flags: list) -> list:
    """One line per thing reported: a symptom's general line is left out where a sign for the person's own
    treatments names the same symptom at least as urgently (it says more: which drug, and why)."""
    levels = {"emergency": 0, "now": 1, "today": 2}
    specific = {}
    for f in flags:
        if f.because:
            specific[f.said] = min(specific.get(f.said, 9), levels.get(f.level, 1))
    return [f for f in flags if f.because or levels.get(f.level, 1) < specific.get(f.said, 9)]


def after_hours(visit: Visit) -> str:
    """The care team's number for nights and weekends: the one after-visit recorded, else about me's."""
    return (visit.after.after_hours if visit.after else "") or visit.about.after_hours


def flag_line(flag, for_family: bool = False) -> str:
    """One line: what was reported, what it may be a sign of (and why it applies here), what to do. A sign whose
    name carries the doctors' word for it ("cytokine release syndrome (CRS)") says that word too."""
    said = flag.said + (f" ({flag.note})" if flag.note and not for_family else "")
    because = f" (because {flag.because})" if flag.because else ""
    called = f" Doctors call this {flag.name}." if "(" in flag.name else ""
    return f"{said}: may be a sign of {flag.sign_of.rstrip('. ')}{because}.{called} {flag.call_now}"


def cannot_reach(content: Content, visit: Visit) -> str:
    """What to do when the care team cannot be reached: the emergency room, what to say, what to bring."""
    current = [t for t in visit.treatments if t.ongoing]
    recent = [t for t in rules.given(visit) if not t.ongoing and not rules.stopped_long_ago(t, visit.info.date)]
    names = []
    for t in current or recent:
        drugs = [content.drug_by_id[d].name for d in t.drugs if d in content.drug_by_id]
        inner = ", ".join(drugs)
        names.append(f"{t.name} ({inner})" if inner and t.kind == "regimen" else t.name)
    return cannot_reach_words(and_list(names), recent=not current)


def warning_lines(content: Content, drug_ids=(), class_ids=()) -> list[str]:
    """The warning signs that apply to these drugs or classes, one plain line each."""
    drug_ids = set(drug_ids)
    class_ids = set(class_ids) | {content.drug_by_id[d].class_id for d in drug_ids if d in content.drug_by_id}
    signs = [w for w in content.warning_signs if set(w.drugs) & drug_ids or set(w.classes) & class_ids]
    lines = []
    for w in signs:
        first = _labels(content, w.symptoms)
        symptoms = f"{first} together with {_labels(content, w.with_any)}" if w.with_any else first
        lines.append(f"{w.name}: {symptoms}. {w.call_now}")
    return lines


def _labels(content: Content, ids) -> str:
    labels = [content.symptom_by_id[s].label for s in ids if s in content.symptom_by_id]
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else "".join(labels)


def cannot_reach_words(treatments: str = "", recent: bool = False) -> str:
    """What to do when the care team cannot be reached (every call-now box says it): ``treatments`` the person
    is on, in their own words ("DPd (daratumumab, pomalidomide, dexamethasone)"), if known; ``recent``: none is
    taken now, and these are the ones had most recently."""
    if not treatments:
        on = " and which treatment you are on"
    else:
        on = f" and that you recently had {treatments}" if recent else f" and that you are on {treatments}"
    return (
        "If you cannot reach your care team, go to the nearest emergency room. "
        f"Say you have myeloma{on}. Bring your wallet card and your medicine list."
    )
