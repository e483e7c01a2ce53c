"""The symptom reader: what a person typed -> every symptom it describes, with the phrases of read/phrases.py;
and how bad (1 to 3, or words). One reader for every path: the walk, answers files and every later way in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rrmm_prep.content.records import normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable
from rrmm_prep.model.visit import SymptomReport
from rrmm_prep.read import dates
from rrmm_prep.read.phrases import (
    DEGREE_WORDS,
    DESCRIBING,
    FILLERS,
    LINKING,
    MAX_GAP,
    MILD_WORDS,
    MODERATE_WORDS,
    MOVING,
    NEGATING_AFTER,
    NEGATION_REACH,
    NEGATORS,
    NOT_NEGATING,
    SEVERE_WORDS,
    SOFT_BREAKS,
    STOP_WORDS,
    TEMP_UNITS,
    VACCINE_AFTER,
    VACCINE_BEFORE,
    VACCINE_LINKS,
    WELL_WORDS,
    Phrase,
    Token,
    compile_phrase,
    tokens,
)

if TYPE_CHECKING:
    from rrmm_prep.form.kinds import Ctx


@dataclass
class Found:
    """One thing the person reported: a content symptom (``symptom_id``), or their own words (``symptom_id``
    is ""). ``said`` is the part of what they wrote it was read from."""

    symptom_id: str
    said: str
    detail: str = ""  # what the words added: "temperature 38.5 C"
    severity: str = ""  # a severity the words gave ("severe back pain"), or ""
    number: int | None = None  # the checklist number, when picked by number


@dataclass
class Reading:
    found: list[Found] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # numbers that are not on the checklist

    @property
    def symptom_ids(self) -> list[str]:
        return [f.symptom_id for f in self.found if f.symptom_id]


class Reader:
    """Reads text against one content's symptoms. Build once per content (phrases are compiled here)."""

    def __init__(self, symptoms) -> None:
        self.symptoms = tuple(symptoms)
        self.listed = tuple(s for s in self.symptoms if s.listed)
        # (symptom id, phrase, names only the measure): a temperature word alone is decided by its number.
        self.phrases: list[tuple[str, Phrase, bool]] = []
        for s in self.symptoms:
            for text in dict.fromkeys((s.label, *s.phrases, *s.phrases_es)):
                phrase = compile_phrase(text)
                if phrase.words:
                    self.phrases.append((s.id, phrase, False))
        self.temperature = next((s for s in self.symptoms if s.temperature_from), None)
        self.temperature_words = (
            frozenset(w for text in self.temperature.temperature_words for w in _plain_words(text))
            if self.temperature
            else frozenset()
        )
        if self.temperature is not None:
            own = {
                p.words[0] for sid, p, _ in self.phrases if sid == self.temperature.id and len(p.words) == 1
            }
            for word in sorted(self.temperature_words - own - DEGREE_WORDS - TEMP_UNITS.keys()):
                if word.isalpha():
                    self.phrases.append((self.temperature.id, Phrase(word, (word,), (False,)), True))

    # ---------------------------------------------------------------- public

    def read(self, text: str, picks: bool = True) -> Reading:
        """Every symptom ``text`` describes. Without ``picks``, numbers are never checklist numbers (a name
        written in a file, like "fatigue (1)")."""
        reading = Reading()
        for part in _split_parts(text):
            self._read_part(text, part, reading, picks)
        return _merge(reading)

    # ---------------------------------------------------------------- one part between hard breaks

    def _read_part(self, text: str, part: list[Token], reading: Reading, picks: bool = True) -> None:
        # Checklist numbers: whole numbers at the start of a part ("2 12", "2, 12, back pain", "5 6 and 8").
        i = 0
        while picks and i < len(part):
            tok = part[i]
            if tok.word in SOFT_BREAKS and i > 0 and i + 1 < len(part) and _whole(part[i + 1]):
                i += 1
                continue
            if not _whole(tok) or self._reads_as_temperature(part, i):
                break
            self._list_number(int(tok.word), reading)
            i += 1
        rest = part[i:]
        if not rest:
            return
        clauses = _split_clauses(rest)
        clause_of = {id(t): n for n, clause in enumerate(clauses) for t in clause}
        content = [t for t in rest if t.word not in FILLERS]
        found_by_clause: dict[int, list[Found]] = {}
        starts: dict[int, int] = {}  # id(Found) -> where its words start in the text
        used: set[int] = set()
        matches, negated = self._matches([t.word for t in content])
        for symptom_id, positions, measure in matches:
            if used & set(positions):
                continue
            first = clause_of.get(id(content[positions[0]]), 0)
            last = clause_of.get(id(content[positions[-1]]), first)
            if measure and (self._temperature(clauses[first]) is not None or _all_well(clauses[first])):
                continue  # "temp 37.2", "temperature normal": the number or the words decide
            used |= set(positions)
            said = text[clauses[first][0].start : clauses[last][-1].end].strip()
            found = Found(symptom_id, said)
            starts[id(found)] = clauses[first][0].start
            found_by_clause.setdefault(first, []).append(found)
        # A clause that names a symptom, even only to say "no fever", is not a symptom in one's own words.
        matched_clauses = {clause_of.get(id(content[k])) for k in used | negated}
        for n, clause in enumerate(clauses):
            found = found_by_clause.get(n, [])
            said = text[clause[0].start : clause[-1].end].strip()
            if (
                picks
                and not found
                and n not in matched_clauses
                and all(_whole(t) for t in clause)
                and not self._reads_as_temperature(clause, 0)
            ):
                # Numbers on their own after "and" ("back pain and 8"): checklist numbers.
                for t in clause:
                    self._list_number(int(t.word), reading)
                continue
            temperature = self._temperature(clause)
            if temperature is not None:
                value, unit, fever = temperature
                detail = f"temperature {value} {unit}"
                if fever and self.temperature is not None:
                    hit = next((f for f in found if f.symptom_id == self.temperature.id), None)
                    if hit is None:
                        hit = Found(self.temperature.id, said, detail=detail)
                        starts[id(hit)] = clause[0].start
                        found.append(hit)
                    else:
                        hit.detail = detail
            severity = _severity(clause)
            for f in found:
                f.severity = f.severity or severity
            if found:
                found_by_clause[n] = found
                reading.found.extend(found)
                continue
            if n in matched_clauses:
                continue
            words = {t.word for t in clause}
            meaningful = {w for w in words if w.isalpha() and w not in FILLERS and w not in STOP_WORDS}
            if temperature is None and not meaningful:
                continue
            if temperature is None and meaningful <= DESCRIBING and found_by_clause.get(n - 1):
                for f in found_by_clause[n - 1]:  # "calf swollen and red": it describes the calf
                    f.said = text[starts.get(id(f), clause[0].start) : clause[-1].end].strip()
                    f.severity = f.severity or severity
                found_by_clause[n] = found_by_clause[n - 1]
                continue
            if temperature is None and words & WELL_WORDS and not words & NEGATORS:
                continue  # "my legs are fine": nothing to report
            reading.found.append(Found("", said))

    def _list_number(self, number: int, reading: Reading) -> None:
        if 1 <= number <= len(self.listed):
            s = self.listed[number - 1]
            reading.found.append(Found(s.id, s.label, number=number))
        else:
            reading.problems.append(
                f"{number} is not on the list (1 to {len(self.listed)})"
                if self.listed
                else f"{number} is not a symptom"
            )

    def _reads_as_temperature(self, tokens_: list[Token], i: int) -> bool:
        """Whether the whole number at ``i`` is a temperature, not a checklist number: a unit or a temperature
        word follows it ("38 C", "39 temp"), or it is off the list and a whole number of Fahrenheit degrees
        ("102"), or a temperature word is in the same part ("temp 38, 39")."""
        if self.temperature is None:
            return False
        number = int(tokens_[i].word)
        after = [t.word for t in tokens_[i + 1 : i + 3]]
        if any(w in TEMP_UNITS or w in DEGREE_WORDS or w in self.temperature_words for w in after[:1]):
            return True
        if 1 <= number <= len(self.listed):
            return False
        guessed = self._temperature_range(number)
        if guessed == "F":
            return True
        return guessed == "C" and any(t.word in self.temperature_words for t in tokens_)

    def _matches(self, words: list[str]) -> tuple[list[tuple[str, tuple[int, ...], bool]], set[int]]:
        """(symptom id, word positions, names only the measure) of every phrase found and not negated, longest
        first, then the one whose words match exactly ("swollen legs" before "swollen leg"), then the tightest;
        and the positions of the words of phrases that were found negated ("no fever")."""
        hits: list[tuple[int, int, str, tuple[int, ...], bool]] = []
        negated: set[int] = set()
        for symptom_id, phrase, measure in self.phrases:
            for start in range(len(words)):
                if not phrase.word_matches(0, words[start]):
                    continue
                positions = _match_from(phrase, words, start)
                if positions is None or _names_a_vaccine(words, positions):
                    continue
                if _negated(words, positions):
                    negated |= set(positions)
                    continue
                exact = sum(words[k] == w for k, w in zip(positions, phrase.words, strict=True))
                hits.append(
                    (-len(phrase.words), -exact, positions[-1] - positions[0], symptom_id, positions, measure)
                )
        hits.sort(key=lambda h: (h[0], h[1], h[2], h[4][0], h[5]))
        return [(symptom_id, positions, measure) for *_, symptom_id, positions, measure in hits], negated

    # ---------------------------------------------------------------- temperatures

    def _temperature_range(self, value: float) -> str | None:
        if 34 <= value <= 43:
            return "C"
        if 93 <= value <= 110:
            return "F"
        return None

    def _temperature(self, clause: list[Token]) -> tuple[str, str, bool] | None:
        """(value as typed, unit, at or above the fever threshold) for a temperature in the clause."""
        if self.temperature is None:
            return None
        has_word = any(t.word in self.temperature_words for t in clause)
        alone = not any(
            t.word.isalpha() and t.word not in FILLERS and t.word not in STOP_WORDS for t in clause
        )
        for k, tok in enumerate(clause):
            if not tok.is_number:
                continue
            value = float(tok.word)
            after = [t.word for t in clause[k + 1 : k + 3]]
            unit = next((TEMP_UNITS[w] for w in after if w in TEMP_UNITS), None)
            degrees = any(w in DEGREE_WORDS for w in after)
            guessed = self._temperature_range(value)
            if unit is None and guessed is None:
                continue
            decimal = "." in tok.word
            if not (unit or degrees or has_word or (decimal and guessed) or (alone and guessed == "F")):
                continue
            unit = unit or guessed
            if unit is None:
                continue
            threshold = float(self.temperature.temperature_from or "38.0")
            celsius = value if unit == "C" else (value - 32) * 5 / 9
            fever = value >= threshold if unit == "C" else value >= round(threshold * 9 / 5 + 32, 1)
            if not 30 <= celsius <= 45:
                continue
            return tok.word, unit, fever
        return None


def _whole(tok: Token) -> bool:
    return tok.is_number and "." not in tok.word


def _all_well(clause: list[Token]) -> bool:
    words = {t.word for t in clause}
    return bool(words & WELL_WORDS) and not words & NEGATORS


def _plain_words(text: str) -> list[str]:
    return [t.word for t in tokens(text) if not t.is_break]


def _split_parts(text: str) -> list[list[Token]]:
    """The text between hard breaks (commas, full stops...)."""
    parts: list[list[Token]] = [[]]
    for tok in tokens(text):
        if tok.is_break:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _split_clauses(part: list[Token]) -> list[list[Token]]:
    """A part split at "and", "but", "also"... (kept with the clause after them for the words shown)."""
    clauses: list[list[Token]] = [[]]
    for tok in part:
        if tok.word in SOFT_BREAKS and clauses[-1]:
            clauses.append([])
            continue
        if tok.word in SOFT_BREAKS:
            continue
        clauses[-1].append(tok)
    return [c for c in clauses if c]


def _match_from(phrase: Phrase, words: list[str], start: int) -> tuple[int, ...] | None:
    positions = [start]
    for i in range(1, len(phrase.words)):
        reach = MAX_GAP + 1 if phrase.gaps[i] else 1
        nxt = None
        for j in range(positions[-1] + 1, min(len(words), positions[-1] + 1 + reach)):
            if phrase.word_matches(i, words[j]):
                nxt = j
                break
            if words[j] in SOFT_BREAKS:
                break  # a gap never crosses "and" or "but"
        if nxt is None:
            return None
        positions.append(nxt)
    return tuple(positions)


def _negated(words: list[str], positions: tuple[int, ...]) -> bool:
    """A negating word just before the match, or inside one of its gaps, or "free" or "gone" after it ("is
    gone"; "has gone up" is not gone)."""
    inside = set(positions)
    for j in range(positions[0], positions[-1] + 1):
        if j not in inside and _negates(words, j):
            return True
    after = positions[-1] + 1
    while after < len(words) and words[after] in LINKING:
        after += 1  # "back pain is all gone"
    if after < len(words) and words[after] in NEGATING_AFTER:
        then = words[after + 1] if after + 1 < len(words) else ""
        if not (words[after] == "gone" and then in ("up", "higher", "worse")):
            return True
    for j in range(positions[0] - 1, max(-1, positions[0] - 1 - NEGATION_REACH), -1):
        if words[j] in SOFT_BREAKS:
            break  # "no fever and chills": the chills count
        if _negates(words, j):
            return True
    return False


def _names_a_vaccine(words: list[str], positions: tuple[int, ...]) -> bool:
    """ "flu shot", "covid booster", "vaccine for the flu", "vacuna de la gripe" (see VACCINE_AFTER)."""
    after = positions[-1] + 1
    if after < len(words) and words[after] in VACCINE_AFTER:
        moving = after + 1 < len(words) and words[after + 1] in MOVING
        return not (words[after].startswith("shot") and moving)
    j = positions[0] - 1
    while j >= 0 and words[j] in VACCINE_LINKS:
        j -= 1
    return j >= 0 and j < positions[0] - 1 and words[j] in VACCINE_BEFORE


def _negates(words: list[str], j: int) -> bool:
    if words[j] not in NEGATORS:
        return False
    return not (words[j] == "not" and j + 1 < len(words) and words[j + 1] in NOT_NEGATING)


def _severity(clause: list[Token]) -> str:
    words = [t.word for t in clause]
    if any(w in SEVERE_WORDS for w in words):
        return "severe"
    for a, b in zip(words, words[1:], strict=False):
        if a in ("very", "really", "so") and b in ("bad", "painful", "strong"):
            return "severe"
        if a in ("a", "little") and b in ("bit", "little"):
            return "mild"
    if any(w in MILD_WORDS for w in words):
        return "mild"
    if any(w in MODERATE_WORDS for w in words):
        return "moderate"
    return ""


def _merge(reading: Reading) -> Reading:
    """One Found per symptom (the first place it was named), own words kept in order."""
    out: list[Found] = []
    seen: dict[str, Found] = {}
    for f in reading.found:
        if not f.symptom_id:
            if not any(not o.symptom_id and o.said.casefold() == f.said.casefold() for o in out):
                out.append(f)
            continue
        first = seen.get(f.symptom_id)
        if first is None:
            seen[f.symptom_id] = f
            out.append(f)
            continue
        first.detail = first.detail or f.detail
        first.severity = first.severity or f.severity
        if first.number is None and f.said.casefold() not in first.said.casefold():
            first.said = f"{first.said}; {f.said}"
    return Reading(out, list(dict.fromkeys(reading.problems)))


SEVERITY_WORDS = {
    "1": "mild",
    "mild": "mild",
    "slight": "mild",
    "a little": "mild",
    "a bit": "mild",
    "minor": "mild",
    "not bad": "mild",
    "2": "moderate",
    "moderate": "moderate",
    "medium": "moderate",
    "bad": "moderate",
    "quite bad": "moderate",
    "pretty bad": "moderate",
    "3": "severe",
    "severe": "severe",
    "very bad": "severe",
    "really bad": "severe",
    "terrible": "severe",
    "awful": "severe",
    "worst": "severe",
    "0": "none",
    "none": "none",
    "gone": "none",
    "not any more": "none",
}


def read_severity(text: str) -> tuple[str, str]:
    """ "2", "moderate", "2, worse at night", "very bad - only at night" -> (severity, note). A severity can be
    followed by a note; a note alone is refused (say how bad first)."""
    raw = " ".join(text.strip().split())
    if not raw:
        return "", ""
    lowered = raw.casefold()
    for words in sorted(SEVERITY_WORDS, key=len, reverse=True):
        if lowered == words or re.match(re.escape(words) + r"(?:\s*[,;:.\-–]\s*|\s+)", lowered):
            note = raw[len(words) :].strip(" ,;:.-–")
            return SEVERITY_WORDS[words], note
    raise Unreadable(
        "How bad is it? Type 1 (mild), 2 (moderate) or 3 (severe) first, then a note: 2, worse at night."
    )


# New since the last visit, or going on from before: the words people use for it.
ONGOING_WORDS = re.compile(
    r"\b(?:same as (?:before|last time|ever)|as before|no change|not new|ongoing|on and off|for (?:years|months|a long time)|"
    r"still there|had it before|old)\b",
    re.IGNORECASE,
)
NEW_WORDS = re.compile(r"\b(?:new|just started|started recently|brand new|first time)\b", re.IGNORECASE)
_SINCE = re.compile(
    r"\b(?:since|started|began|starting|from)\s+(?P<when>.+?)\s*$|\bfor (?:the )?(?:last |past )?(?P<n>\w+) "
    r"(?P<unit>days?|weeks?|months?|years?)\b|\b(?P<n2>\w+) (?P<unit2>days?|weeks?|months?) ago\b",
    re.IGNORECASE,
)


def read_course(ctx: Ctx, report: SymptomReport, text: str) -> str:
    """New or ongoing, and since when, from words ("same as before", "since velcade", "for two weeks", "new"):
    put into ``report``; returns the words that said it (so they are not also kept as a note). Raises Unreadable
    for a "since" that cannot be right (a date after today)."""
    said: list[str] = []
    m = _SINCE.search(text)
    if m:
        since = _since(ctx, m)
        if since:
            report.since = since
            said.append(m.group(0))
            if m.group("when") and not report.course:
                report.course = "ongoing" if _before_last_visit(ctx, since) else report.course
    if ONGOING_WORDS.search(text):
        report.course = "ongoing"
        said.append(ONGOING_WORDS.search(text).group(0))
    elif NEW_WORDS.search(text):
        report.course = "new"
        said.append(NEW_WORDS.search(text).group(0))
    return " ".join(said)


def _since(ctx: Ctx, m: re.Match) -> str:
    if m.group("when"):
        words = m.group("when").strip(" .")
        treatment = _treatment_named(ctx, words)
        if treatment is not None:
            return treatment.started
        try:
            return dates.read_when(words, ctx.past_day, dates.PAST).iso
        except Unreadable:
            if re.search(r"\d", words):
                raise
            return ""
    n, unit = (m.group("n"), m.group("unit")) if m.group("n") else (m.group("n2"), m.group("unit2"))
    count = dates._number(n.casefold()) if n else None
    if count is None:
        return ""
    return dates.read_when(f"{count} {unit} ago", ctx.past_day, dates.PAST).iso


def _treatment_named(ctx: Ctx, words: str):
    """One of the person's treatments named in "since velcade" (by its name, or a drug's name or brand)."""
    from rrmm_prep.read.treatments import resolve_name

    key = normalize(words)
    for t in ctx.visit.treatments:
        if normalize(t.name) == key and t.started:
            return t
    name = resolve_name(ctx, words)
    drug = name.drug.id if name.drug is not None else None
    for t in ctx.visit.treatments:
        if drug and drug in t.drugs and t.started:
            return t
    return None


def _before_last_visit(ctx: Ctx, since: str) -> bool:
    last = ctx.last.info.date if ctx.last is not None else ""
    return bool(last) and since < last


def claim_since(ctx: Ctx, report: SymptomReport, words: list[str]) -> tuple[str, list[str]]:
    """ "since last week", "for two weeks", "3 days ago", "since velcade": the words that say since when."""
    text = " ".join(words)
    m = _SINCE.search(text)
    if not m:
        return "", words
    return m.group(0), (text[: m.start()] + text[m.end() :]).split()


def claim_course(ctx: Ctx, report: SymptomReport, words: list[str]) -> tuple[str, list[str]]:
    """ "same as before", "ongoing", "new": the words that say new or ongoing."""
    text = " ".join(words)
    m = ONGOING_WORDS.search(text) or NEW_WORDS.search(text)
    if not m:
        return "", words
    return m.group(0), (text[: m.start()] + text[m.end() :]).split()


def claim_severity(ctx: Ctx, report: SymptomReport, words: list[str]) -> tuple[str, list[str]]:
    """How bad, at the start of the words: "2", "pretty bad", "very bad - only at night"."""
    text = " ".join(words)
    lowered = text.casefold()
    for said in sorted(SEVERITY_WORDS, key=len, reverse=True):
        if lowered == said or re.match(re.escape(said) + r"(?:\s*[,;:.\-–]\s*|\s+)", lowered):
            return text[: len(said)], text[len(said) :].strip(" ,;:.-–").split()
    return "", words


def claim_note(ctx: Ctx, report: SymptomReport, words: list[str]) -> tuple[str, list[str]]:
    return " ".join(words).strip(" ,;:.-–"), []


def put_severity(ctx: Ctx, report: SymptomReport, text: str) -> None:
    report.severity = read_severity(clean(text))[0]


def put_note(ctx: Ctx, report: SymptomReport, text: str) -> None:
    report.note = clean(text)


def put_since(ctx: Ctx, report: SymptomReport, text: str) -> None:
    """Since when: a date, "for two weeks", "since velcade" (that treatment's start). Raises Unreadable."""
    text = clean(text)
    m = _SINCE.search(text) or _SINCE.search(f"since {text}")
    since = _since(ctx, m) if m else ""
    if text and not since:
        raise Unreadable(f"'{text}' is not a time I can read. Try since last week, or for two weeks.")
    report.since = since


def put_course(ctx: Ctx, report: SymptomReport, text: str) -> None:
    """New or ongoing: "new", "same as before", "ongoing" (or the words for them)."""
    text = clean(text)
    if not text:
        report.course = ""
    elif ONGOING_WORDS.search(text) or normalize(text) == "ongoing":
        report.course = "ongoing"
    elif NEW_WORDS.search(text):
        report.course = "new"
    else:
        raise Unreadable(f"'{text}' is not new or ongoing. Type new, or same as before.")


def show_how_bad(report: SymptomReport) -> str:
    """How bad, in words, as the review says it: "moderate; worse at night; ongoing since March 2026"."""
    since = f"since {dates.say(report.since)}" if report.since else ""
    course = " ".join(p for p in (report.course, since) if p)
    return "; ".join(p for p in (report.severity or "not rated", report.note, course) if p)


def read_symptoms(ctx: Ctx, text: str):
    """Text -> the symptom reader's Reading (every symptom the words describe, and own words)."""
    return ctx.symptom_reader.read(clean(text))


def reports_from(ctx: Ctx, reading, old: list[SymptomReport] | None = None) -> list[SymptomReport]:
    """A Reading as symptom reports, keeping the severity and note of any already reported."""
    old = old or []
    by_key = {(r.id or normalize(r.name)): r for r in old}
    out: list[SymptomReport] = []
    for f in reading.found:
        if f.symptom_id:
            symptom = ctx.content.symptom_by_id[f.symptom_id]
            name = symptom.label
            said = "" if f.number is not None or _adds_nothing(f.said, symptom) else f.said
        else:
            name, said = f.said, ""
        key = f.symptom_id or normalize(name)
        prev = by_key.get(key)
        report = SymptomReport(
            name=name,
            id=f.symptom_id,
            severity=(prev.severity if prev else "") or f.severity,
            note=prev.note if prev else "",
            said=said or (prev.said if prev else ""),
            detail=f.detail or (prev.detail if prev else ""),
            since=prev.since if prev else "",
            course=prev.course if prev else "",
        )
        if f.number is None and not report.course:
            read_course(ctx, report, f.said)
        out.append(report)
    return out


_FILLER = frozenset(
    ["a", "the", "my", "i", "have", "had", "some", "am", "im", "feel", "feeling", "very", "been"]
)


def _adds_nothing(said: str, symptom) -> bool:
    """Words that only name the symptom ("tiredness" or "tired" for "tiredness or low energy") are not worth
    keeping as a note: they are its label's words, or one of the words people use for it."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"[a-z]+", text.casefold().replace("'", ""))) - _FILLER

    typed = words(said)
    if typed <= words(symptom.label):
        return True
    return any(typed == words(p) for p in symptom.phrases)


def show_reading(ctx: Ctx, reading) -> str:
    parts = []
    for f in reading.found:
        if f.symptom_id:
            label = ctx.content.symptom_by_id[f.symptom_id].label
            parts.append(label + (f" ({f.detail})" if f.detail else ""))
        else:
            parts.append(f"your own words: {f.said}")
    return "; ".join(parts)
