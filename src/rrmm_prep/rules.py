"""Content rules applied to a visit: which symptoms need a call now, and which questions to suggest (and why).

The rules are data (questions.yaml: symptoms, warning_signs, suggest_when); this module only matches them.
It never interprets: a match shows the content's own words and the plain reason it matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrmm_prep.content import HISTORY_FLAGS, Content, Rule
from rrmm_prep.visit import SEVERITIES, Visit

TRIPLE_CLASS = ("proteasome-inhibitor", "imid", "anti-cd38-antibody")


@dataclass(frozen=True)
class Flag:
    """A reported symptom that means: call your care team now."""

    symptom: str  # as reported
    note: str
    name: str  # the symptom, or the warning sign it may be part of
    sign_of: str
    call_now: str
    because: str = ""  # "you have had ciltacabtagene autoleucel (car-t)" for treatment-specific signs


def reported(visit: Visit):
    return [s for s in visit.symptoms if s.severity != "none"]


def had_drugs(content: Content, visit: Visit) -> list[str]:
    """Drug ids the person has had (every treatment, in order, without repeats)."""
    seen: dict[str, None] = {}
    for t in visit.treatments:
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
    if len([t for t in visit.treatments if t.name.strip()]) >= 2:
        flags.add("two-or-more-lines")
    if "car-t" in classes:
        flags.add("had-car-t")
    if "bispecific-antibody" in classes:
        flags.add("had-bispecific")
    return flags


RECENT_MONTHS = 12


def recent_drugs(content: Content, visit: Visit) -> list[str]:
    """Drug ids of treatments that can still explain a warning sign: current ones, and ones stopped less than a
    year before the visit (or at an unknown time: when in doubt, a sign is flagged, never hidden)."""
    recent = Visit(
        treatments=[t for t in visit.treatments if not _stopped_long_ago(t.stopped, visit.info.date)]
    )
    return had_drugs(content, recent)


def _stopped_long_ago(stopped: str, visit_date: str) -> bool:
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?", stopped.strip())
    v = re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", visit_date or "")
    if not m or not v:
        return False
    months = (int(v.group(1)) - int(m.group(1))) * 12 + int(v.group(2)) - int(m.group(2) or 12)
    return months > RECENT_MONTHS


def urgent_flags(content: Content, visit: Visit) -> list[Flag]:
    """Every reported symptom that the content says needs a call now, general or for the treatments had
    (recently: see recent_drugs)."""
    drugs = recent_drugs(content, visit)
    out: list[Flag] = []
    for report in reported(visit):
        symptom = content.symptom_by_id.get(report.id)
        if symptom is None:
            continue
        if symptom.urgent and _severe_enough(report.severity, symptom.urgent_from):
            out.append(
                Flag(report.name, report.note, symptom.label, symptom.sign_of or "", symptom.call_now or "")
            )
        for sign in content.warning_signs:
            if symptom.id not in sign.symptoms:
                continue
            matched = [d for d in drugs if d in sign.drugs or content.drug_by_id[d].class_id in sign.classes]
            if matched:
                names = ", ".join(content.drug_by_id[d].name for d in matched)
                out.append(
                    Flag(
                        report.name,
                        report.note,
                        sign.name,
                        sign.sign_of,
                        sign.call_now,
                        f"you have had {names}",
                    )
                )
    return out


def _severe_enough(severity: str, urgent_from: str | None) -> bool:
    if not urgent_from or severity == "":
        return True
    return SEVERITIES.index(severity) >= SEVERITIES.index(urgent_from) if severity in SEVERITIES else True


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


def match_rule(content: Content, visit: Visit, rule: Rule) -> str | None:
    """The reason a rule matches this visit, or None. Every field the rule sets must match."""
    parts: list[str] = []
    drugs = had_drugs(content, visit)
    if rule.drugs or rule.classes:
        hits = [d for d in drugs if d in rule.drugs or content.drug_by_id[d].class_id in rule.classes]
        if not hits:
            return None
        parts.append("you have had " + _join([content.drug_by_id[d].name for d in hits]))
    if rule.symptoms:
        hits = [s for s in reported(visit) if s.id in rule.symptoms]
        if not hits:
            return None
        parts.append("you report " + _join([content.symptom_by_id[s.id].label for s in hits]))
    if rule.reasons:
        if visit.info.reason_id not in rule.reasons:
            return None
        parts.append(f"your visit is about {content.reason_by_id[visit.info.reason_id].label}")
    if rule.history:
        hits = [h for h in rule.history if h in history_flags(content, visit)]
        if not hits:
            return None
        parts.append(_join([HISTORY_FLAGS[h] for h in hits]))
    if rule.mentions:
        words = _mentioned(visit, rule.mentions)
        if not words:
            return None
        parts.append("you mentioned " + _join([f"'{w}'" for w in words]))
    return " and ".join(parts) if parts else None


def _mentioned(visit: Visit, words) -> list[str]:
    texts = [*visit.health_problems, *visit.medicines, visit.notes, *(s.note for s in visit.symptoms)]
    texts += [e for t in visit.treatments for e in t.bad_effects]
    blob = " ".join(texts).casefold()
    # A word counts in the plural too ("clots" for "clot").
    return [w for w in words if re.search(r"\b" + re.escape(w.casefold()) + r"(?:s|es)?\b", blob)]


def _join(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
