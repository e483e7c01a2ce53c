"""Readers for picks and lists: yes or no, a choice by number or words, own words, a list on one line, edits of a
numbered list (+N -N), picks from a list on the screen. Each takes text and returns a value or raises
``Unreadable`` with a plain message; readers never print and never prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrmm_prep.content.records import normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Unreadable

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


NONE_WORDS = frozenset(
    normalize(w)
    for w in (
        "no",
        "none",
        "nope",
        "nothing",
        "not any",
        "n/a",
        "na",
        "no allergies",
        "nka",
        "nkda",
        "none known",
    )
)


ALL_WORDS = frozenset(normalize(w) for w in ("all", "all of them", "every one", "everything", "all of it"))


def read_picks(
    text: str, count: int, names: dict[str, int] | None = None, allow_all: bool = False
) -> list[int]:
    """Places (1-based) in a list of ``count`` shown with numbers, as people answer: "1 3 5", "1, 3 and 5", the
    items' own words (``names``: normalized words -> place), "none" or "-" for none, and "all" with
    ``allow_all``. In the order given, each once. Raises Unreadable naming what is not on the list."""
    typed = clean(text).strip()
    if not typed or typed == "-" or normalize(typed) in NONE_WORDS:
        return []
    if allow_all and normalize(typed) in ALL_WORDS:
        return list(range(1, count + 1))
    picks: list[int] = []
    for part in re.split(r"\s*(?:[,;&+]|\band\b)\s*", typed, flags=re.IGNORECASE):
        if not part:
            continue
        if re.fullmatch(r"\d+(?:\s+\d+)*", part):
            numbers = [int(n) for n in part.split()]
        elif names and normalize(part) in names:
            numbers = [names[normalize(part)]]
        else:
            raise Unreadable(f"'{part}' is not on the list. Type the numbers (1 to {count}), or Enter.")
        for n in numbers:
            if not 1 <= n <= count:
                raise Unreadable(f"{n} is not on the list. Type numbers from 1 to {count}, or Enter.")
            picks.append(n)
    return list(dict.fromkeys(picks))
