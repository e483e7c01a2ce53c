"""Symptom phrases: the word patterns the content gives each symptom, and how typed words match them. The symptom
reader (read/symptoms.py) uses them; the schema checks every phrase with ``phrase_problem``.

The walk, answers files and every later path give the reader what the person wrote: checklist numbers ("2 12"),
names ("fever"), or free words ("temp 38.5", "back pain and my legs feel weak", "swollen painful left calf").
It finds each symptom the words describe, using the word patterns ("phrases") that the content gives each
symptom, so a clinic's content pack can add its own. It never guesses beyond them: words it cannot place are
kept as the person's own, never refused or dropped.

How a phrase matches (docs/content.md, "phrases"):

- Words in order, case, accents and punctuation ignored ("convulsión" is "convulsion"). "can't", "cant" and
  "cannot" are one word; so are "don't" and "do not". Spanish phrases (``phrases_es``) match the same way.
- A word also matches its plural ("leg" matches "legs"). ``word*`` matches any word starting with "word"
  ("vomit*": vomit, vomiting, vomited).
- Small words (a, the, my, so...) are skipped, so "pain in my back" matches "pain in back". "very" is not
  one of them: "very sleepy" is not plain "sleepy".
- ``...`` between two words lets up to three other words stand between them ("swollen ... calf" matches
  "swollen painful left calf"), never across a comma, "and" or "but".
- A match right after "no", "not", "without" or "never" (or "sin", "nunca"; in the same part of the
  sentence), or right before "free" or "gone", does not count: "no fever", "back pain without weak legs",
  "seizure-free", "the back pain is gone" ("has gone up" is not gone). Doubt counts as yes: "maybe a fever"
  is a fever.
- A match right before a vaccine word ("flu shot", "covid vaccine"), or right after "vaccine for" ("vacuna de
  la gripe"), names the vaccine, not the illness: it is no match, and the words stay the person's own.
- A number is read as a temperature when it has a unit (38.5 C, 101 F, 38.5°), a temperature word near it
  ("temp 38.5"), or is a decimal in the range of body temperatures, or a whole number of Fahrenheit degrees
  with no other words ("102"). At or above the symptom's ``temperature_from`` (38.0 C = 100.4 F) it reads as
  that symptom (fever).
- A temperature word on its own ("I had a temprature") reads as that symptom too: a temperature is how people
  say a fever. With a number the number decides ("temp 37.2" is not a fever), and with a word that says all
  is well ("temperature normal") it is nothing. A symptom word ("fever 37.6") still counts: doubt counts as yes.
- Checklist numbers are whole numbers at the start of a part, or on their own between "and"s: "2 5 and 8",
  "fever, 5". A number that is not on the checklist and cannot be a temperature is a problem, never dropped.
- A part of a sentence that only describes the symptom before it ("calf swollen and red") belongs to it.

When two phrases claim the same words, the longer one wins ("numb legs" is not plain "numb"), then the one
whose words match exactly ("swollen legs" is both legs, not "swollen leg").
Pure: no I/O, no content loading. Imported by schema.py to check phrases, so it imports nothing heavy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
        "really",
        "so",
        "quite",
        "too",
        "both",
    ]
)


NEGATORS = frozenset(
    [
        "no",
        "not",
        "without",
        "never",
        "none",
        "nor",
        "neither",
        "denies",
        "deny",
        "denied",
        "sin",
        "nunca",
        "ni",
    ]
)


NOT_NEGATING = frozenset(["sure", "certain"])  # "not sure if it is a fever" is not "no fever"


NEGATING_AFTER = frozenset(["free", "gone", "resolved"])  # "seizure-free", "pain free", "back pain is gone"
LINKING = frozenset(["is", "are", "was", "were", "has", "have", "had", "been", "all", "now", "completely"])


# A part with none of the symptom phrases that says all is well ("my legs are fine") is not a symptom.
WELL_WORDS = frozenset(
    ["fine", "ok", "okay", "alright", "normal", "good", "great", "better", "well", "gone", "free", "bien"]
)
# "flu shot", "covid jab", "vacuna de la gripe": the words name a vaccine, not the illness. ("pain shot down my
# leg" is pain: "shot" followed by one of MOVING is not a vaccine.)
VACCINE_AFTER = frozenset(
    [
        "shot",
        "shots",
        "jab",
        "jabs",
        "vaccine",
        "vaccines",
        "vaccination",
        "vaccinations",
        "booster",
        "boosters",
    ]
)
VACCINE_BEFORE = frozenset(["vaccine", "vaccination", "shot", "jab", "booster", "vacuna", "vacunacion"])
VACCINE_LINKS = frozenset(["for", "against", "de", "contra", "la", "el", "del"])
MOVING = frozenset(["down", "up", "through", "into", "across", "along", "out", "over", "around", "right"])


HARD_BREAKS = frozenset(",;.!?:()")


SOFT_BREAKS = frozenset(["and", "but", "however", "although", "though", "plus", "also", "then", "y", "pero"])


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
        "night",
        "morning",
        "evening",
        "afternoon",
        "tonight",
    ]
)


# Words that only describe the symptom named just before them: "my calf is swollen and red".
DESCRIBING = frozenset(
    [
        "red",
        "redness",
        "painful",
        "sore",
        "warm",
        "hot",
        "tender",
        "hurts",
        "hurting",
        "aching",
        "achy",
        "throbbing",
        "swollen",
        "puffy",
        "bigger",
        "worse",
        "bad",
        "constant",
        "sharp",
        "dull",
        "again",
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
        return "0" <= self.word[:1] <= "9"  # normalized: ASCII digits only (never "²" or "①")


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
        try:  # any script's digits ("٣٨,٥") as ASCII; "²" or "①" are not numbers to read
            word = "".join(c if c in ".," else str(unicodedata.decimal(c)) for c in word)
        except ValueError:
            return [word]
        return [word.replace(",", ".")]
    if not word.isascii():  # "convulsión" = "convulsion": accents never decide a match
        word = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return [word.replace("'", "")]


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
