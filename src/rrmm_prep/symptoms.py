"""The symptom reader: what a person typed -> every symptom it describes. One reader for every path.

The walk, answers files and every later path give it what the person wrote: checklist numbers ("2 12"),
names ("fever"), or free words ("temp 38.5", "back pain and my legs feel weak", "swollen painful left calf").
It finds each symptom the words describe, using the word patterns ("phrases") that the content gives each
symptom, so a clinic's content pack can add its own. It never guesses beyond them: words it cannot place are
kept as the person's own, never refused or dropped.

How a phrase matches (docs/content.md, "phrases"):

- Words in order, case and punctuation ignored. "can't", "cant" and "cannot" are one word; so are "don't"
  and "do not".
- A word also matches its plural ("leg" matches "legs"). ``word*`` matches any word starting with "word"
  ("vomit*": vomit, vomiting, vomited).
- Small words (a, the, my, very...) are skipped, so "pain in my back" matches "pain in back".
- ``...`` between two words lets up to three other words stand between them ("swollen ... calf" matches
  "swollen painful left calf"), never across a comma, "and" or "but".
- A match right after "no", "not", "without" or "never" (in the same part of the sentence) does not count:
  "no fever", "back pain without weak legs". Doubt counts as yes: "maybe a fever" is a fever.
- A number is read as a temperature when it has a unit (38.5 C, 101 F, 38.5°), a temperature word near it
  ("temp 38.5"), or a decimal in the range of body temperatures. At or above the symptom's
  ``temperature_from`` (38.0 C = 100.4 F) it reads as that symptom (fever).

When two phrases claim the same words, the longer one wins ("numb legs" is not plain "numb").
Pure: no I/O, no content loading. Imported by schema.py to check phrases, so it imports nothing heavy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILLERS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "his",
        "her",
        "their",
        "our",
        "your",
        "its",
        "this",
        "that",
        "these",
        "those",
        "of",
        "very",
        "really",
        "so",
        "quite",
        "too",
        "both",
    ]
)
NEGATORS = frozenset(["no", "not", "without", "never", "none", "nor", "neither", "denies", "deny", "denied"])
NOT_NEGATING = frozenset(["sure", "certain"])  # "not sure if it is a fever" is not "no fever"
# A part with none of the symptom phrases that says all is well ("my legs are fine") is not a symptom.
WELL_WORDS = frozenset(["fine", "ok", "okay", "alright", "normal", "good", "great", "better", "well", "gone"])
HARD_BREAKS = frozenset(",;.!?:()")
SOFT_BREAKS = frozenset(["and", "but", "however", "although", "though", "plus", "also", "then"])
# Words that say nothing on their own: a part made only of these is not a symptom in one's own words.
STOP_WORDS = frozenset(
    [
        "i",
        "im",
        "ive",
        "have",
        "has",
        "had",
        "been",
        "be",
        "am",
        "is",
        "are",
        "was",
        "were",
        "it",
        "feel",
        "feels",
        "feeling",
        "felt",
        "get",
        "got",
        "getting",
        "some",
        "since",
        "last",
        "week",
        "weeks",
        "day",
        "days",
        "today",
        "yesterday",
        "now",
        "lately",
        "bit",
        "little",
        "lot",
    ]
)
GAP = "..."
MAX_GAP = 3
NEGATION_REACH = 3

SEVERE_WORDS = frozenset(
    [
        "severe",
        "severely",
        "terrible",
        "terribly",
        "awful",
        "unbearable",
        "excruciating",
        "worst",
        "extreme",
        "agony",
        "horrible",
    ]
)
MODERATE_WORDS = frozenset(["moderate", "bad", "worse"])
MILD_WORDS = frozenset(["mild", "slight", "slightly", "minor"])

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)?|[,;.!?:()]|[°º]")
_NOT_SUFFIX = re.compile(r"^(do|does|did|is|are|was|were|has|have|had|could|would|should|ca|wo)n['’]?t$")
_NO_APOSTROPHE_NOT = {
    w + "nt": w
    for w in [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "could",
        "would",
        "should",
    ]
    if w not in ("is", "was")
}
_NO_APOSTROPHE_NOT.update({"isnt": "is", "wasnt": "was", "dont": "do", "doesnt": "does", "didnt": "did"})
TEMP_UNITS = {"c": "C", "celsius": "C", "centigrade": "C", "f": "F", "fahrenheit": "F"}
DEGREE_WORDS = frozenset(["°", "º", "degree", "degrees", "deg"])


# ------------------------------------------------------------------------------------------------ words


@dataclass(frozen=True)
class Token:
    word: str  # normalized
    start: int  # span in the text as typed
    end: int

    @property
    def is_break(self) -> bool:
        return self.word in HARD_BREAKS

    @property
    def is_number(self) -> bool:
        return self.word[:1].isdigit()


def tokens(text: str) -> list[Token]:
    """The words of ``text``, normalized, each with its place in the text as typed."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text.casefold()):
        raw, start, end = m.group(), m.start(), m.end()
        for word in _normalize_word(raw):
            out.append(Token(word, start, end))
    merged: list[Token] = []
    for tok in out:  # "can not" -> "cannot"
        if tok.word == "not" and merged and merged[-1].word == "can":
            merged[-1] = Token("cannot", merged[-1].start, tok.end)
            continue
        merged.append(tok)
    return merged


def _normalize_word(raw: str) -> list[str]:
    word = raw.replace("’", "'")
    if word in ("can't", "cant", "cannot"):
        return ["cannot"]
    if word in ("won't", "wont"):
        return ["will", "not"]
    m = _NOT_SUFFIX.match(word)
    if m:
        return [{"ca": "can", "wo": "will"}.get(m.group(1), m.group(1)), "not"]
    if word in _NO_APOSTROPHE_NOT:
        return [_NO_APOSTROPHE_NOT[word], "not"]
    if word[:1].isdigit():
        return [word.replace(",", ".")]
    return [word.replace("'", "")]


# ------------------------------------------------------------------------------------------------ phrases


@dataclass(frozen=True)
class Phrase:
    """A compiled phrase: words to match in order; ``gaps[i]`` is True where up to MAX_GAP words may stand
    before word i."""

    text: str
    words: tuple[str, ...]
    gaps: tuple[bool, ...]

    def word_matches(self, i: int, word: str) -> bool:
        p = self.words[i]
        if p.endswith("*"):
            return word.startswith(p[:-1])
        return word in (p, p + "s", p + "es") or (p.endswith("y") and word == p[:-1] + "ies")


_STEM_MARK, _GAP_MARK = "zzstemzz", "zzgapzz"


def compile_phrase(text: str) -> Phrase:
    marked = (
        re.sub(r"(\w)\*", rf"\1 {_STEM_MARK}", text)
        .replace(GAP, f" {_GAP_MARK} ")
        .replace("…", f" {_GAP_MARK} ")
    )
    words: list[str] = []
    gaps: list[bool] = []
    gap = False
    for tok in tokens(marked):
        if tok.word == _GAP_MARK:
            gap = True
        elif tok.word == _STEM_MARK:
            if words:
                words[-1] += "*"
        elif tok.word not in FILLERS and not tok.is_break:
            words.append(tok.word)
            gaps.append(gap)
            gap = False
    return Phrase(text, tuple(words), tuple(gaps))


def phrase_problem(text: str) -> str | None:
    """Why a content phrase cannot work, or None."""
    phrase = compile_phrase(text)
    if not phrase.words:
        return "has no words to match (only small words or punctuation)"
    if phrase.gaps and phrase.gaps[0]:
        return "cannot start with '...'"
    if text.rstrip().endswith((GAP, "…")):
        return "cannot end with '...'"
    for word in phrase.words:
        if word.endswith("*") and len(word) < 4:
            return "has a stem shorter than 3 letters before '*'; it would match too much"
    return None


# ------------------------------------------------------------------------------------------------ reading


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
        self.phrases: list[tuple[str, Phrase]] = []
        for s in self.symptoms:
            for text in dict.fromkeys((s.label, *s.phrases)):
                phrase = compile_phrase(text)
                if phrase.words:
                    self.phrases.append((s.id, phrase))
        self.temperature = next((s for s in self.symptoms if s.temperature_from), None)
        self.temperature_words = (
            frozenset(w for text in self.temperature.temperature_words for w in _plain_words(text))
            if self.temperature
            else frozenset()
        )

    # ---------------------------------------------------------------- public

    def read(self, text: str) -> Reading:
        reading = Reading()
        for part in _split_parts(text):
            self._read_part(text, part, reading)
        return _merge(reading)

    # ---------------------------------------------------------------- one part between hard breaks

    def _read_part(self, text: str, part: list[Token], reading: Reading) -> None:
        # Checklist numbers: whole numbers at the start of a part ("2 12", "2, 12, back pain").
        i = 0
        while i < len(part) and part[i].is_number and "." not in part[i].word:
            number = int(part[i].word)
            nxt = part[i + 1].word if i + 1 < len(part) else ""
            if nxt in TEMP_UNITS or nxt in DEGREE_WORDS:
                break  # "38 C": a temperature, read below
            if 1 <= number <= len(self.listed):
                s = self.listed[number - 1]
                reading.found.append(Found(s.id, s.label, number=number))
            elif self._is_fever(number):
                break  # a fever's temperature, like 101: read below as one
            else:
                reading.problems.append(
                    f"{number} is not on the list (1 to {len(self.listed)})"
                    if self.listed
                    else f"{number} is not a symptom"
                )
            i += 1
        rest = part[i:]
        if not rest:
            return
        clauses = _split_clauses(rest)
        clause_of = {id(t): n for n, clause in enumerate(clauses) for t in clause}
        content = [t for t in rest if t.word not in FILLERS]
        found_by_clause: dict[int, list[Found]] = {}
        used: set[int] = set()
        matches, negated = self._matches([t.word for t in content])
        for symptom_id, positions in matches:
            if used & set(positions):
                continue
            used |= set(positions)
            first = clause_of.get(id(content[positions[0]]), 0)
            last = clause_of.get(id(content[positions[-1]]), first)
            said = text[clauses[first][0].start : clauses[last][-1].end].strip()
            found_by_clause.setdefault(first, []).append(Found(symptom_id, said))
        # A clause that names a symptom, even only to say "no fever", is not a symptom in one's own words.
        matched_clauses = {clause_of.get(id(content[k])) for k in used | negated}
        for n, clause in enumerate(clauses):
            found = found_by_clause.get(n, [])
            said = text[clause[0].start : clause[-1].end].strip()
            temperature = self._temperature(clause)
            if temperature is not None:
                value, unit, fever = temperature
                detail = f"temperature {value} {unit}"
                if fever and self.temperature is not None:
                    hit = next((f for f in found if f.symptom_id == self.temperature.id), None)
                    if hit is None:
                        found.append(Found(self.temperature.id, said, detail=detail))
                    else:
                        hit.detail = detail
            severity = _severity(clause)
            for f in found:
                f.severity = f.severity or severity
            if found:
                reading.found.extend(found)
            elif n not in matched_clauses and (
                temperature is not None
                or any(
                    t.word.isalpha() and t.word not in FILLERS and t.word not in STOP_WORDS for t in clause
                )
            ):
                words = {t.word for t in clause}
                if temperature is None and words & WELL_WORDS and not words & NEGATORS:
                    continue  # "my legs are fine": nothing to report
                reading.found.append(Found("", said))

    def _matches(self, words: list[str]) -> tuple[list[tuple[str, tuple[int, ...]]], set[int]]:
        """(symptom id, word positions) of every phrase found and not negated, longest first; and the positions
        of the words of phrases that were found negated ("no fever")."""
        hits: list[tuple[int, int, str, tuple[int, ...]]] = []
        negated: set[int] = set()
        for symptom_id, phrase in self.phrases:
            for start in range(len(words)):
                if not phrase.word_matches(0, words[start]):
                    continue
                positions = _match_from(phrase, words, start)
                if positions is None:
                    continue
                if _negated(words, positions):
                    negated |= set(positions)
                    continue
                hits.append((-len(phrase.words), positions[-1] - positions[0], symptom_id, positions))
        hits.sort(key=lambda h: (h[0], h[1], h[3][0]))
        return [(symptom_id, positions) for _, _, symptom_id, positions in hits], negated

    # ---------------------------------------------------------------- temperatures

    def _is_fever(self, value: float) -> bool:
        """A bare number that can only be a temperature at or above the fever threshold (101 as F, 39 as C)."""
        if self.temperature is None:
            return False
        unit = self._temperature_range(value)
        threshold = float(self.temperature.temperature_from or "38.0")
        if unit == "C":
            return value >= threshold
        return unit == "F" and value >= round(threshold * 9 / 5 + 32, 1)

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
            if not (unit or degrees or has_word or ("." in tok.word and guessed)):
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
    """A negating word just before the match, or inside one of its gaps."""
    inside = set(positions)
    for j in range(positions[0], positions[-1] + 1):
        if j not in inside and _negates(words, j):
            return True
    for j in range(positions[0] - 1, max(-1, positions[0] - 1 - NEGATION_REACH), -1):
        if words[j] in SOFT_BREAKS:
            break  # "no fever and chills": the chills count
        if _negates(words, j):
            return True
    return False


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
