"""Content rules applied to a visit: which symptoms need a call now, and which questions to suggest (and why).

The rules are data (questions.yaml: symptoms, warning_signs, suggest_when); this module only matches them.
It never interprets: a match shows the content's own words and the plain reason it matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrmm_prep.content.records import HISTORY_FLAGS, LEVELS, Content, Rule
from rrmm_prep.model.visit import SEVERITIES, Visit
from rrmm_prep.render.doc import and_list

TRIPLE_CLASS = ("proteasome-inhibitor", "imid", "anti-cd38-antibody")


@dataclass(frozen=True)
class Flag:
    """A reported symptom (or two together) that means: call now, call 911, or call today (``level``).

    Kept in the visit record as it was shown, so a later change of content never takes it away."""

    said: str  # what was reported: the symptom as the person gave it ("back pain + my legs feel weak")
    note: str  # the person's note on it
    sign: str  # the content id of the symptom or warning sign
    name: str  # the symptom, or the warning sign it may be part of
    sign_of: str
    call_now: str
    level: str = "now"  # emergency, now or today (content.LEVELS)
    because: str = ""  # "you have had ciltacabtagene autoleucel" for treatment-specific signs

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in FLAG_FIELDS}

    @classmethod
    def from_dict(cls, data: dict) -> Flag:
        values = {k: str(data.get(k) or "") for k in FLAG_FIELDS}
        values["level"] = values["level"] if values["level"] in LEVELS else "now"
        return cls(**values)


FLAG_FIELDS = ("said", "note", "sign", "name", "sign_of", "call_now", "level", "because")


def reported(visit: Visit):
    return [s for s in visit.symptoms if s.severity != "none"]


def given(visit: Visit):
    """The treatments the person has had or is on (not those only planned)."""
    return [t for t in visit.treatments if not t.planned]


def had_drugs(content: Content, visit: Visit) -> list[str]:
    """Drug ids the person has had (every treatment given, in order, without repeats)."""
    seen: dict[str, None] = {}
    for t in given(visit):
        for d in t.drugs:
            if d in content.drug_by_id:
                seen.setdefault(d, None)
    return list(seen)


def history_flags(content: Content, visit: Visit) -> set[str]:
    drugs = had_drugs(content, visit)
    classes = {content.drug_by_id[d].class_id for d in drugs}
    flags = set()
    if all(c in classes for c in TRIPLE_CLASS):
        flags.add("triple-class-exposed")
    if len(lines_of_therapy(content, visit)) >= 2:
        flags.add("two-or-more-lines")
    if "car-t" in classes:
        flags.add("had-car-t")
    if "bispecific-antibody" in classes:
        flags.add("had-bispecific")
    return flags


MAINTENANCE_MONTHS = 6  # a single drug started this soon after a transplant is its maintenance
MAINTENANCE_CLASSES = ("imid", "proteasome-inhibitor")
TRANSPLANT_CLASSES = ("stem-cell-transplant",)


def lines_of_therapy(content: Content, visit: Visit) -> list[list]:
    """The treatments given, as doctors count lines of therapy: in the order they started (undated ones last,
    as listed); a transplant belongs to the line before it (the induction it follows), and so does the
    maintenance after it (one IMiD or proteasome inhibitor started within six months, or called maintenance)."""
    order = [t for _, t in sorted(enumerate(given(visit)), key=lambda it: (it[1].started or "9999", it[0]))]
    lines: list[list] = []
    transplant = None
    for t in order:
        classes = {content.drug_by_id[d].class_id for d in t.drugs if d in content.drug_by_id}
        if t.one_time and classes & set(TRANSPLANT_CLASSES) and lines:
            lines[-1].append(t)
            transplant = t
            continue
        if transplant is not None and _maintenance(t, transplant, classes):
            lines[-1].append(t)
            transplant = None
            continue
        lines.append([t])
        transplant = None
    return lines


def _maintenance(t, transplant, classes: set[str]) -> bool:
    if "maintenance" in (t.said or "").casefold():
        return True
    if len(t.drugs) != 1 or not classes <= set(MAINTENANCE_CLASSES) or not t.started or not transplant.started:
        return False
    return 0 <= _months_between(transplant.started, t.started) <= MAINTENANCE_MONTHS


def _months_between(first: str, then: str) -> int:
    """Whole months from one date (a day, month or year) to another; a year alone counts from its start for
    the first and its end for the second, so "2020" and "2020" are close."""
    a = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", first[:7])
    b = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", then[:7])
    if not a or not b:
        return 99
    start = int(a.group(1)) * 12 + int(a.group(2) or 1)
    end = int(b.group(1)) * 12 + int(b.group(2) or (int(a.group(2) or 1) if b.group(1) == a.group(1) else 1))
    return end - start


RECENT_MONTHS = 12  # how long after a treatment its warning signs count, unless the sign says otherwise


def stopped_long_ago(t, visit_date: str, months: int | None = RECENT_MONTHS) -> bool:
    """A treatment stopped (or, for a one-time event like CAR-T, given) more than ``months`` before the visit;
    never, with ``months`` None (a sign that counts for life). A treatment stopped at an unknown time counts:
    when in doubt, a sign is flagged, never hidden."""
    if months is None:
        return False
    return _months_since(t.started if t.one_time else t.stopped, visit_date) > months


def _months_since(stopped: str, visit_date: str) -> int:
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?", stopped.strip())
    v = re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", visit_date or "")
    if not m or not v:
        return 0
    return (int(v.group(1)) - int(m.group(1))) * 12 + int(v.group(2)) - int(m.group(2) or 12)


def urgent_flags(content: Content, visit: Visit) -> list[Flag]:
    """Every reported symptom that the content says needs a call, general or for the treatments had (those still
    going, or stopped within the sign's months: see stopped_long_ago), most urgent first. Severity lowers only a
    symptom that has ``urgent_from`` or ``severe_level``; it never lowers a warning sign."""
    reports = reported(visit)
    by_id: dict[str, list] = {}
    for report in reports:
        if report.id:
            by_id.setdefault(report.id, []).append(report)
    out: list[Flag] = []
    for report in reports:
        symptom = content.symptom_by_id.get(report.id)
        if symptom is not None and symptom.urgent and _severe_enough(report.severity, symptom.urgent_from):
            out.append(
                Flag(
                    _said(report),
                    report.note,
                    symptom.id,
                    symptom.label,
                    symptom.sign_of or "",
                    symptom.call_now or "",
                    _level(symptom, report.severity),
                )
            )
    for sign in content.warning_signs:
        if sign.everyone:
            because = ""
        else:
            window = None if sign.months == "always" else int(sign.months or RECENT_MONTHS)
            recent = Visit(
                treatments=[t for t in visit.treatments if not stopped_long_ago(t, visit.info.date, window)]
            )
            drugs = had_drugs(content, recent)
            matched = [d for d in drugs if d in sign.drugs or content.drug_by_id[d].class_id in sign.classes]
            if not matched:
                continue
            # Only the treatments that count ("you have had Pd", not also the VRd of three years ago).
            because = "you have had " + and_list(_own_names(content, recent, matched))
        firsts = [r for s in sign.symptoms for r in by_id.get(s, [])]
        if not firsts:
            continue
        if sign.with_any:
            seconds = [r for s in sign.with_any for r in by_id.get(s, []) if r not in firsts]
            if not seconds:
                continue
            said = " + ".join(dict.fromkeys(_said(r) for r in [firsts[0], *seconds]))
            notes = "; ".join(dict.fromkeys(r.note for r in [firsts[0], *seconds] if r.note))
            out.append(
                Flag(said, notes, sign.id, sign.name, sign.sign_of, sign.call_now, sign.level, because)
            )
            continue
        for report in firsts:
            out.append(
                Flag(
                    _said(report),
                    report.note,
                    sign.id,
                    sign.name,
                    sign.sign_of,
                    sign.call_now,
                    sign.level,
                    because,
                )
            )
    return sorted(out, key=lambda f: LEVELS.index(f.level) if f.level in LEVELS else 1)


def _severe_enough(severity: str, urgent_from: str | None) -> bool:
    """Whether a reported severity reaches ``urgent_from``. Unrated counts as severe enough: when in doubt, a
    sign is shown, never hidden."""
    if not urgent_from or severity == "":
        return True
    return SEVERITIES.index(severity) >= SEVERITIES.index(urgent_from) if severity in SEVERITIES else True


def _level(symptom, severity: str) -> str:
    """A symptom's level; its ``severe_level`` when rated severe. (Not rated, it is shown at its own level: the
    walk asks how bad right after.)"""
    if symptom.severe_level and severity == "severe":
        return symptom.severe_level
    return symptom.level


def _said(report) -> str:
    return report.name


def _own_names(content: Content, visit: Visit, drug_ids: list[str]) -> list[str]:
    """The person's own names for these drugs: the treatments as they wrote them ("Velcade", "VRd")."""
    names: dict[str, None] = {}
    for t in visit.treatments:
        if any(d in drug_ids for d in t.drugs):
            names.setdefault(t.name.strip() or content.drug_by_id[t.drugs[0]].name, None)
    return list(names) or [content.drug_by_id[d].name for d in drug_ids]


def all_flags(content: Content, visit: Visit) -> list[Flag]:
    """The flags kept in the record when the visit was made, with any the content finds now."""
    kept = [Flag.from_dict(f) for f in visit.call_now if isinstance(f, dict)]
    seen = {(f.sign, f.said.casefold()) for f in kept}
    fresh = [f for f in urgent_flags(content, visit) if (f.sign, f.said.casefold()) not in seen]
    return sorted([*kept, *fresh], key=lambda f: LEVELS.index(f.level) if f.level in LEVELS else 1)


def suggestions(content: Content, visit: Visit) -> dict[str, str]:
    """Question id -> the plain reason it is suggested for this person ("you have had bortezomib and ...")."""
    out: dict[str, str] = {}
    for topic in content.topics:
        for q in topic.questions:
            for rule in q.suggest_when:
                reason = match_rule(content, visit, rule)
                if reason:
                    out[q.id] = reason
                    break
    return out


def personal_suggestions(content: Content, visit: Visit) -> set[str]:
    """Question ids suggested by the person's own drugs, symptoms or words (not only by the visit's reason or
    the treatment history): the ones most worth a place on a short list."""
    out = set()
    for topic in content.topics:
        for q in topic.questions:
            for rule in q.suggest_when:
                if (rule.drugs or rule.classes or rule.symptoms or rule.mentions) and match_rule(
                    content, visit, rule
                ):
                    out.add(q.id)
                    break
    return out


def match_rule(content: Content, visit: Visit, rule: Rule) -> str | None:
    """The reason a rule matches this visit, or None. Every field the rule sets must match."""
    parts: list[str] = []
    drugs = had_drugs(content, visit)
    if rule.drugs or rule.classes:
        hits = [d for d in drugs if d in rule.drugs or content.drug_by_id[d].class_id in rule.classes]
        if not hits:
            return None
        parts.append("you have had " + and_list(_own_names(content, visit, hits)))
    if rule.symptoms:
        hits = [s for s in reported(visit) if s.id in rule.symptoms]
        if not hits:
            return None
        parts.append("you report " + and_list([content.symptom_by_id[s.id].label for s in hits]))
    if rule.reasons:
        hits = [r for r in visit.info.reason_ids if r in rule.reasons and r in content.reason_by_id]
        if not hits:
            return None
        parts.append("your visit is about " + and_list([content.reason_by_id[r].label for r in hits]))
    if rule.history:
        hits = [h for h in rule.history if h in history_flags(content, visit)]
        if not hits:
            return None
        parts.append(and_list([_history_reason(content, visit, h) for h in hits]))
    if rule.mentions:
        words = _mentioned(visit, rule.mentions)
        if not words:
            return None
        parts.append("you mentioned " + and_list([f"'{w}'" for w in words]))
    return " and ".join(parts) if parts else None


HISTORY_CLASSES = {
    "triple-class-exposed": TRIPLE_CLASS,
    "had-car-t": ("car-t",),
    "had-bispecific": ("bispecific-antibody",),
}


def _history_reason(content: Content, visit: Visit, flag: str) -> str:
    """Why a history flag holds, in the person's own drug names: "you have had Velcade, Revlimid and Darzalex
    (a proteasome inhibitor, an IMiD and an anti-CD38 antibody)"."""
    if flag == "two-or-more-lines":
        names = [t.name for t in visit.treatments if t.name.strip()]
        return f"you have had {len(names)} treatments ({and_list(names)})"
    classes = HISTORY_CLASSES.get(flag)
    if classes is None:
        return HISTORY_FLAGS.get(flag, flag)
    drugs = [d for d in had_drugs(content, visit) if content.drug_by_id[d].class_id in classes]
    said = "you have had " + and_list(_own_names(content, visit, drugs))
    what = HISTORY_FLAGS[flag].removeprefix("you have had ")
    return f"{said} ({what})" if flag == "triple-class-exposed" else said


def _mentioned(visit: Visit, words) -> list[str]:
    """The words found in what the person wrote before the questions step: health problems, medicines, symptom
    notes, bad effects. (Not the notes: the walk asks them after the questions, so the walk and an answers file
    would suggest different questions.)"""
    texts = [*visit.health_problems, *visit.medicines, *(s.note for s in visit.symptoms)]
    texts += [e.name for t in visit.treatments for e in t.bad_effects]
    blob = " ".join(texts).casefold()
    # A word counts in the plural too ("clots" for "clot").
    return [w for w in words if re.search(r"\b" + re.escape(w.casefold()) + r"(?:s|es)?\b", blob)]
