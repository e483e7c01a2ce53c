"""Readers: what a person typed (at a prompt or in an answers file) -> a value, the same way on every path.

Each reader takes text and returns a value or raises ``Unreadable`` with a plain message. The walk shows the
message and asks again; an answers file reports it with its line. Readers never print and never prompt.
Dates are read by dates.py, symptoms by symptoms.py, drug names by lookup.py; this module holds the rest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from rrmm_prep.content import normalize


class Unreadable(ValueError):
    """An answer that cannot be read. ``str(err)`` says what to type instead."""


# ------------------------------------------------------------------------------------------------ yes / no

YES = frozenset(
    [
        "y",
        "yes",
        "yep",
        "yeah",
        "yea",
        "ya",
        "yup",
        "sure",
        "ok",
        "okay",
        "k",
        "please",
        "aye",
        "absolutely",
        "definitely",
        "certainly",
        "correct",
        "right",
    ]
)
NO = frozenset(["n", "no", "nope", "nah", "not", "no-thanks", "nothanks", "never", "negative"])
YES_PHRASES = ("of course", "yes please", "go ahead", "why not", "i do", "i think so", "sounds good")
NO_PHRASES = (
    "no thanks",
    "no thank you",
    "not now",
    "not yet",
    "not really",
    "i dont",
    "i do not",
    "rather not",
)


def read_yes_no(text: str) -> bool:
    raw = " ".join(re.sub(r"[^\w\s-]", "", text.casefold()).split())
    if raw in YES or raw in YES_PHRASES:
        return True
    if raw in NO or raw in NO_PHRASES:
        return False
    first = raw.split(" ")[0] if raw else ""
    if first in YES and first != "k":
        return True
    if first in NO:
        return False
    raise Unreadable("Please type yes or no (or y or n), or press Enter.")


# ------------------------------------------------------------------------------------------------ choices


@dataclass(frozen=True)
class Option:
    """One choice offered by number: its id, the words shown, and other words that pick it."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Picked:
    """A choice made: an offered option (``id``) or the person's own words (``id`` is "")."""

    id: str
    text: str


def read_choices(
    text: str, options: list[Option], several: bool = True, own_words: bool = True
) -> list[Picked]:
    """ "6 and 7", "6, 7", "6 7", option words ("new treatment and a clinical trial") or own words.

    Numbers pick options by their place (1-based). Words pick the option whose label or alias they are;
    other words are the person's own when ``own_words``. Raises Unreadable for a number not offered, or for
    own words when they are not allowed, or for several picks when one is wanted."""
    raw = text.strip()
    if not raw:
        return []
    picked: list[Picked] = []
    for part in (p.strip() for p in re.split(r"\s*[,;]\s*", raw) if p.strip()):
        # Numbers: "6 7", "6 and 7", "6 & 7".
        if re.fullmatch(r"\d+(?:\s*(?:\s|\band\b|&|\+|/)\s*\d+)*", part, flags=re.IGNORECASE):
            picked += [_by_number(int(n), options) for n in re.findall(r"\d+", part)]
            continue
        option = match_option(part, options)
        if option is not None:
            picked.append(Picked(option.id, option.label))
            continue
        # Offered choices joined by "and": "new treatment and a clinical trial".
        pieces = [
            p for p in re.split(r"\s*(?:\band\b|&|\+|/|\bplus\b|\balso\b)\s*", part, flags=re.IGNORECASE) if p
        ]
        matched = [match_option(p, options) if not p.isdecimal() else None for p in pieces]
        if len(pieces) > 1 and all(
            m is not None or p.isdecimal() for m, p in zip(matched, pieces, strict=True)
        ):
            for m, p in zip(matched, pieces, strict=True):
                picked.append(_by_number(int(p), options) if m is None else Picked(m.id, m.label))
            continue
        if own_words:
            picked.append(Picked("", part))
        else:
            raise Unreadable(_choose_help(options, own_words))
    unique = list(dict.fromkeys(picked))
    if not several and len(unique) > 1 and own_words and not any(p.id for p in unique):
        return [Picked("", raw)]  # one answer in one's own words, commas and all
    if not several and len(unique) > 1:
        raise Unreadable(f"Please choose one: {_choose_help(options, own_words)}")
    return unique


def read_choice(text: str, options: list[Option], own_words: bool = True) -> Picked | None:
    found = read_choices(text, options, several=False, own_words=own_words)
    return found[0] if found else None


def match_option(words: str, options: list[Option]) -> Option | None:
    key = normalize(words)
    if not key:
        return None
    for option in options:
        if key in {normalize(x) for x in (option.id, option.label, *option.aliases)}:
            return option
    return None


NEGATING = frozenset(
    ["not", "never", "no", "didnt", "didn't", "doesnt", "doesn't", "wasnt", "wasn't", "hardly"]
)


def options_in(text: str, options: list[Option]) -> list[Option]:
    """The options whose label or alias appears inside a sentence, as whole words ("it worked for a while" ->
    worked). A wording inside a longer one that also appears counts once, as the longer ("never worked" is not
    "worked"), and one right after a negating word does not count. One option each, in the order offered."""
    words = re.findall(r"[\w']+", text.casefold().replace("’", "'"))
    spans: list[tuple[int, int, Option]] = []
    for option in options:
        for wording in (option.label, *option.aliases):
            want = re.findall(r"[\w']+", wording.casefold())
            for i in range(len(words) - len(want) + 1):
                if want and words[i : i + len(want)] == want:
                    spans.append((i, i + len(want), option))
    kept = [
        (a, b, o)
        for a, b, o in spans
        if not any(c <= a and b <= d and (d - c) > (b - a) for c, d, _ in spans)
        and not (a > 0 and words[a - 1] in NEGATING)
    ]
    found = {o.id for _, _, o in kept}
    return [o for o in options if o.id in found]


def close_option(text: str, options: list[Option], cutoff: float = 0.85) -> list[Option]:
    """The one option a misspelling of its label or an alias is close to ("stoped working"), as a list of one;
    [] when none is close."""
    import difflib

    wordings = {w.casefold(): o for o in options for w in (o.label, *o.aliases) if len(w) > 4}
    hit = difflib.get_close_matches(" ".join(text.casefold().split()), list(wordings), n=1, cutoff=cutoff)
    return [wordings[hit[0]]] if hit else []


def _by_number(n: int, options: list[Option]) -> Picked:
    if 1 <= n <= len(options):
        option = options[n - 1]
        return Picked(option.id, option.label)
    raise Unreadable(f"{n} is not on the list. " + _choose_help(options, True))


def _choose_help(options: list[Option], own_words: bool) -> str:
    count = len(options)
    numbers = f"a number from 1 to {count}" if count > 1 else "1"
    return f"Type {numbers}" + (", or your own words." if own_words else ".")


# ------------------------------------------------------------------------------------------------ lists


def read_items(text: str) -> list[str]:
    """A list typed on one line: items between commas or semicolons ("diabetes, high blood pressure"). A lone
    "-" (what clears an answer) is no item."""
    return [p.strip() for p in re.split(r"\s*[,;]\s*", text.strip()) if p.strip() and p.strip() != "-"]


QUESTION_WORDS = frozenset(
    [
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "is",
        "are",
        "am",
        "was",
        "were",
        "do",
        "does",
        "did",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "may",
        "might",
        "has",
        "have",
    ]
)


def tidy_question(text: str) -> str:
    """A question of one's own as typed, tidied the way a person would write it on paper: a capital first letter,
    "I" for a lone "i", and a question mark when it asks ("can i travel in june" -> "Can I travel in june?").
    Nothing else changes."""
    text = " ".join(text.split())
    if not text:
        return text
    text = re.sub(r"(?<![\w'])i(?=$|[\s',.?!;:])", "I", text)
    text = text[0].upper() + text[1:]
    first = re.match(r"[A-Za-z]+", text)
    if first and first.group(0).casefold() in QUESTION_WORDS and text[-1] not in ".?!":
        text += "?"
    return text


@dataclass(frozen=True)
class ListEdit:
    """A change to a numbered list: numbers to add (``+5`` or ``5``), numbers to remove (``-5``), and words."""

    add: tuple[int, ...] = ()
    remove: tuple[int, ...] = ()
    words: tuple[str, ...] = ()
    clear: bool = False  # "-" alone: take everything off


def read_list_edit(text: str, count: int, numbers_add: bool = True) -> ListEdit:
    """ "+32 5 -4", "Can I travel in June?", "+5, Can I travel?" -> numbers to add and remove, and words.

    Numbers are read at the start only, so a question with a number in it stays whole. With ``numbers_add`` a
    bare number adds (a list of offered items); without it only ``-N`` is a number (a list of the person's own
    items). "-" alone clears the list. Raises Unreadable for a number that is not on the list."""
    rest = text.strip()
    if rest == "-":
        return ListEdit(clear=True)
    add: list[int] = []
    remove: list[int] = []
    while True:
        m = re.match(r"([+-]?)\s*(\d+)(?=[\s,]|$)[\s,]*", rest)
        if not m or (not m.group(1) and not numbers_add):
            break
        n = int(m.group(2))
        if not 1 <= n <= count:
            raise Unreadable(
                f"{n} is not on the list (1 to {count})." if count else f"{n} is not on the list."
            )
        (remove if m.group(1) == "-" else add).append(n)
        rest = rest[m.end() :]
    words = rest.strip(" ,")
    return ListEdit(tuple(dict.fromkeys(add)), tuple(dict.fromkeys(remove)), (words,) if words else ())


# ------------------------------------------------------------------------------------------------ severity

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


# ------------------------------------------------------------------------------------------------ numbers

MAX_VALUE = 1e9  # no lab value on a report is larger


class Ambiguous(Unreadable):
    """A number that can be read two ways ("1,200": 1.2 or 1200). ``readings`` are both, as text."""

    def __init__(self, message: str, readings: tuple[str, str]) -> None:
        super().__init__(message)
        self.readings = readings


_DIGITS = str.maketrans(
    {
        chr(c): str(unicodedata.decimal(chr(c)))
        for c in (
            *range(0x0660, 0x066A),  # Arabic-Indic
            *range(0x06F0, 0x06FA),  # Eastern Arabic-Indic
            *range(0x0966, 0x0970),  # Devanagari
            *range(0xFF10, 0xFF1A),  # full width
        )
    }
)
_SIGN = r"(?:<=|>=|[<>≤≥~])"
_PLAIN = r"(?:[0-9]+(?:[.,][0-9]+)*|\.[0-9]+)"
# Words and forms that are no lab value: NaN, infinity (YAML's .nan and .inf too), e-notation (1e309), hex
# (0x10), a minus sign.
_ODD = re.compile(
    r"[+-]?\.?(?:nan|inf|infinity|∞)|[+-]?(?:[0-9]+(?:[.,][0-9]*)?|\.[0-9]+)e[+-]?[0-9]+|0x[0-9a-f]+|-[0-9.,]+",
    re.IGNORECASE,
)


def ascii_digits(text: str) -> str:
    """Digits of other scripts (Arabic-Indic, Devanagari, full width) as 0-9, so 12 typed in any of them is 12."""
    return text.translate(_DIGITS)


def _odd_number(token: str) -> str | None:
    """A plain message for a number no lab report has, or None."""
    token = token.strip()
    if not _ODD.fullmatch(token):
        return None
    low = token.casefold().lstrip("+-.")
    if low in ("nan",):
        return f"'{_short(token)}' is not a number. Type the value as on the report, like 1.2."
    if low in ("inf", "infinity", "∞"):
        return f"'{_short(token)}' is not a lab value. Type the value as on the report, like 1.2."
    if token.startswith("-"):
        return f"'{_short(token)}' is below zero, which no lab value is. Type it as on the report, like 1.2."
    if low.startswith("0x"):
        return f"'{_short(token)}' is not a number. Type the value as on the report, like 1.2."
    try:
        big = not math.isfinite(float(token.replace(",", "."))) or float(token.replace(",", ".")) > MAX_VALUE
    except ValueError:
        big = True
    if big:
        return f"'{_short(token)}' is too large to be a lab value. Check the number on the report."
    from decimal import Decimal

    full = format(Decimal(token.replace(",", ".")), "f")
    return f"'{_short(token)}' is written with an e. Type the number in full as on the report: {full}."


def read_number(text: str) -> str:
    """A lab value as a plain number in text ("0,850" -> "0.850", "<0.1" stays). Raises Unreadable for what is
    not a number (NaN, infinity, 1e309, hex, a value below zero, each with its own message), Ambiguous for
    "1,200" (a decimal comma or thousands?), and refuses values too large for any lab report."""
    raw = ascii_digits(text.strip().replace(" ", ""))
    odd = _odd_number(raw.lstrip("<>≤≥~="))
    if odd:
        raise Unreadable(odd)
    m = re.fullmatch(rf"({_SIGN})?({_PLAIN})", raw)
    if not m:
        raise Unreadable(f"'{_short(text)}' is not a number. Type it as on the report, like 1.2.")
    sign, num = m.group(1) or "", m.group(2)
    commas, dots = num.count(","), num.count(".")
    shown = _short(text)
    if commas and dots:
        # 1,234.5 (thousands, then a decimal point) or 1.234,5: say which
        raise Unreadable(f"'{shown}' mixes commas and points. Type the number without thousands commas.")
    if commas > 1:
        plain = num.replace(",", "")
        raise Ambiguous(
            f"'{shown}' has thousands commas. Type it without them, like {plain}.", (plain, plain)
        )
    if commas == 1:
        whole, frac = num.split(",")
        if len(frac) == 3 and whole != "0":
            raise Ambiguous(
                f"Is '{shown}' {whole}.{frac} or {whole}{frac}? Write {whole}.{frac} (with a point) for the "
                f"decimal, or {whole}{frac} (without the comma) for the whole number.",
                (f"{whole}.{frac}", f"{whole}{frac}"),
            )
        num = f"{whole}.{frac}"  # a decimal comma
    if dots > 1:
        raise Unreadable(f"'{shown}' is not a number. Type it as on the report, like 1.2.")
    value = float(num)
    if not math.isfinite(value) or value > MAX_VALUE:
        raise Unreadable(f"'{shown}' is too large to be a lab value. Check the number on the report.")
    return sign + num


def _short(text: str, limit: int = 24) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def number_value(text: object) -> float | None:
    """The number in a stored lab value, or None (not text, not a number, ambiguous, or impossibly large)."""
    if not isinstance(text, str):
        return None
    try:
        plain = read_number(text)
    except Unreadable:
        return None
    value = float(plain.lstrip("<>≤≥~="))
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class LabReading:
    test: str  # as typed ("kappa"), or "" when only a value was typed
    value: str  # the number, plain ("85.2")
    unit: str  # as typed ("mg/L"), or ""


# The value stands alone: at the start, or after a space, ':' or '='; so "B2M 3.1" is B2M, and "1e309" or
# "-1" is never read as 309 or 1.
_LAB = re.compile(
    rf"^(?P<test>.*?)\s*[:=]?\s*(?<![^\s:=])(?P<value>{_SIGN}?\s*{_PLAIN})\s*(?P<unit>[^\d\s][^\s]*(?:\s*/\s*\S+)?)?\s*$"
)


def read_lab(text: str) -> LabReading:
    """ "kappa 85.2 mg/L", "85.2 mg/L", "M-protein: 1,2 g/dL", "B2M 3.1" -> test, value and unit apart. Raises
    Unreadable (or Ambiguous) when there is no number to read, or the number is none a report has (NaN,
    infinity, 1e309, -1)."""
    raw = ascii_digits(" ".join(text.strip().split()))
    for token in re.split(r"[\s:=]+", raw):
        odd = _odd_number(token.lstrip("<>≤≥~"))
        if odd:
            raise Unreadable(odd)
    m = _LAB.match(raw)
    if not m or not m.group("value"):
        raise Unreadable(f"'{raw}' has no number to read. Type the value as on the report, like 1.2 g/dL.")
    value = read_number(m.group("value"))
    return LabReading(m.group("test").strip(" :="), value, (m.group("unit") or "").strip())


# ------------------------------------------------------------------------------------------------ phone


def read_phone(text: str) -> str:
    """A phone number as typed, checked only for having digits (so "ask at the desk" is caught)."""
    raw = " ".join(text.strip().split())
    if raw and len(re.findall(r"\d", raw)) < 3:
        raise Unreadable(f"'{raw}' does not look like a phone number. Type the digits, like 555-0142.")
    return raw
