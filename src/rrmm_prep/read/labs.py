"""Readers for lab results: one line ("kappa 85.2 mg/L on 11/20", "m spike 0.9 g/dl oct 2", "IgG 450") -> its
parts: the test, the value (a number, or the words of a text result: "negative"), the unit and the date; and
what is still to ask (an unclear number, an unusual unit, the unit, the date). Units are known per test: a usual
one fills a blank, another known one ("mg/dL" for light chains) is taken with its factor for trends, any other is
asked about. A date that cannot be right ("2/30", after today) is refused, naming it; nothing is guessed.

Pure: no printing, no prompting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rrmm_prep.content.records import Content, LabTest, normalize
from rrmm_prep.control_chars import clean
from rrmm_prep.errors import Ambiguous, DateError, Unreadable
from rrmm_prep.model.visit import LabValue
from rrmm_prep.read import dates, numbers

if TYPE_CHECKING:
    from rrmm_prep.form.kinds import Ctx

# The words of a result that is not a number, longest first (so "not detected" is not read as "detected").
TEXT_RESULTS = tuple(
    sorted(
        (
            "negative",
            "positive",
            "not detected",
            "none detected",
            "undetectable",
            "not detectable",
            "too small to measure",
            "too low to measure",
            "too small to quantify",
            "trace",
            "detected",
            "not seen",
            "absent",
            "present",
            "normal",
            "abnormal",
        ),
        key=len,
        reverse=True,
    )
)
_BEFORE_VALUE = frozenset(["was", "is", "of", "at", "level", "result", "=", ":", "-", "–"])
_BEFORE_DATE = frozenset(["on", "from", "dated", "taken", "drawn", "done", "of", "the", "-", "–"])
_NUMBER = re.compile(r"(?:<=|>=|[<>≤≥~])?\s*(?:[0-9]+(?:[.,][0-9]+)*|\.[0-9]+)")
_TEST_WINDOW = 5  # the longest test name in words ("absolute neutrophil count", "24 hour urine")


@dataclass
class LabLine:
    """A result read from one line, before any question. ``asks``: what the walk still asks, in order: "value"
    (a number that reads two ways: ``readings``), "keep" (a unit not usual for the test: ``problem`` says so),
    "unit" (the test has several usual units), "date" (no date was typed)."""

    test: str
    test_id: str = ""
    value: str = ""
    unit: str = ""
    date: str = ""
    said: str = ""
    asks: list[str] = field(default_factory=list)
    readings: tuple[str, str] = ("", "")
    problem: str = ""  # what the question is about: the unclear number, or the unusual unit
    filled: bool = False  # the unit is the test's one usual unit, filled in (the line had none)

    def lab(self, as_typed: bool = False) -> LabValue:
        return LabValue(
            test=self.test,
            value=self.value,
            unit=self.unit,
            date=self.date,
            id=self.test_id,
            as_typed=as_typed,
        )


def read_line(ctx: Ctx, text: str) -> LabLine:
    """ "kappa 85.2 mg/L on 11/20" -> its parts and what is still to ask. Raises Unreadable: no test named, no
    result, two results on one line, a date that cannot be right."""
    raw = numbers.ascii_digits(clean(text))
    tokens = _tokens(raw)
    date_words: list[str] = []
    # A date first ("11/20 kappa 85.2 mg/L", "on 11/20 my m spike was 0.9") is the date, not the value.
    if len(tokens) > 2 and tokens[0].casefold() in ("on", "from", "dated") and re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", tokens[1]):
        tokens = tokens[1:]
    if tokens and re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", tokens[0]) and len(tokens) > 2:
        date_words, tokens = [tokens[0]], tokens[1:]
    while len(tokens) > 1 and tokens[0].casefold() in ("my", "the", "latest", "recent", "last", "new"):
        tokens = tokens[1:]
    test, test_words = _test(ctx.content, tokens)
    i = test_words
    while i < len(tokens) and tokens[i].casefold() in _BEFORE_VALUE:
        i += 1
    if test is None and test_words == 0:
        i = next((k for k, t in enumerate(tokens) if _value_at(tokens, k)), len(tokens))
        own = " ".join(tokens[:i]).strip(" :=-")
        if not own:
            raise Unreadable(
                f"'{raw}' names no test. Start with the test's name, like: kappa 85.2 mg/L on 11/20."
            )
        name, test_id, units = own, "", ()
        while i < len(tokens) and tokens[i].casefold() in _BEFORE_VALUE:
            i += 1
    else:
        name, test_id = (test.name, test.id) if test else (" ".join(tokens[:test_words]), "")
        units = test.units if test else ()
    if i < len(tokens):
        odd = numbers._odd_number(tokens[i].lstrip("<>≤≥~="))
        if odd:
            raise Unreadable(odd)
    found = _value_at(tokens, i)
    if found is None:
        raise Unreadable(
            f"'{raw}' has no number to read: no result. Type the result as on the report, like: {name} 1.2 "
            "g/dL (or words such as negative)."
        )
    value_text, unit_text, j = found
    rest = tokens[j:]
    if unit_text is None and rest and _looks_like_unit(ctx.content, rest[0]):
        unit_text, rest = rest[0], rest[1:]
        if rest and unit_text.endswith("/24") and rest[0].casefold() in ("h", "hr", "hrs", "hour", "hours"):
            unit_text, rest = unit_text + rest[0], rest[1:]
    rest = [w for w in rest if w.casefold() not in _BEFORE_DATE]
    if rest and _names_a_test(ctx.content, rest):
        raise Unreadable(f"'{raw}' holds two tests. Type one test a line, like: {name} {value_text}.")
    date_words += rest
    line = LabLine(name, test_id, said=clean(text))
    try:
        line.value = _value(value_text)
    except Ambiguous as err:
        line.asks.append("value")
        line.readings = err.readings
        line.value = value_text
        line.problem = str(err)
    if unit_text:
        put_unit(ctx, line, unit_text, typed=True)
    elif line.value and not _is_text(line.value):
        if len(units) == 1:
            line.unit, line.filled = units[0], True
        elif units:
            line.asks.append("unit")
    if date_words:
        line.date = read_date(ctx, " ".join(date_words))
    else:
        line.asks.append("date")
    line.asks = [a for a in ("value", "keep", "unit", "date") if a in line.asks]
    return line


def _tokens(raw: str) -> list[str]:
    raw = re.sub(r",(?!\d)", ", ", raw.replace("(", " ").replace(")", " "))
    raw = re.sub(r"(?<=[A-Za-zµμ])\s*/\s*(?=[A-Za-z0-9])|(?<=\bx)\s+(?=10)", lambda m: "/" if "/" in m.group() else "", raw)
    raw = re.sub(r"(?<=[A-Za-z])(?=[:=])|(?<=[:=])(?=\S)", " ", raw)  # "lambda:12.4" "IgG=450"
    words = [w.strip(",") for w in raw.split()]
    return [w for w in words if w]


def _test(content: Content, tokens: list[str]) -> tuple[LabTest | None, int]:
    """The content's test the first words name (exactly first, then a misspelling), and how many words."""
    for exact in (True, False):
        for j in range(min(len(tokens), _TEST_WINDOW), 0, -1):
            words = " ".join(tokens[:j]).rstrip(":=")
            if _NUMBER.fullmatch(tokens[j - 1]) and not re.search(r"[a-z]", tokens[j - 1], re.IGNORECASE):
                continue  # "beta 2 microglobulin" is a name; "kappa 85" is not
            found = _by_name(content, words, exact)
            if found is not None:
                return found, j
    return None, 0


def _by_name(content: Content, name: str, exact: bool) -> LabTest | None:
    key = normalize(name)
    names = _names(content)
    if key in names:
        return names[key]
    if exact or len(key) < 4:
        return None
    import difflib

    close = difflib.get_close_matches(key, [n for n in names if len(n) >= 4], n=1, cutoff=0.85)
    return names[close[0]] if close else None


def _names(content: Content) -> dict[str, LabTest]:
    return {normalize(s): test for test in content.lab_tests for s in (test.id, test.name, *test.aliases)}


def find_test(content: Content, name: str) -> LabTest | None:
    """The lab test a name means: its id, name or an alias, in any case or spacing, or a misspelling close to
    one of them ("kapa", "hemoglobn"; the walk reads back the name it found)."""
    return _by_name(content, name, exact=False)


def _value_at(tokens: list[str], i: int) -> tuple[str, str | None, int] | None:
    """(value words, a unit glued to the number or None, where the value ends) at ``i``, or None."""
    if i >= len(tokens):
        return None
    lowered = " ".join(tokens[i:]).casefold()
    for words in TEXT_RESULTS:
        if lowered == words or lowered.startswith(words + " "):
            return words, None, i + len(words.split())
    token = tokens[i]
    if token in ("<", ">", "<=", ">=", "≤", "≥", "~") and i + 1 < len(tokens):
        found = _value_at(tokens, i + 1)
        if found is None or found[0] in TEXT_RESULTS:
            return None
        return token + found[0], found[1], found[2]
    m = re.fullmatch(r"((?:<=|>=|[<>≤≥~])?(?:[0-9]+(?:[.,][0-9]+)*|\.[0-9]+))([A-Za-zµμ%/^][^\s]*)?", token)
    if not m or re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", token):
        return None
    return m.group(1), m.group(2), i + 1


def _value(text: str) -> str:
    """A lab value as stored: a number in plain text ("1,2" -> "1.2", ".9" -> "0.9"), or a text result."""
    if _is_text(text):
        return text
    value = numbers.read_number(text)
    return re.sub(r"^([<>≤≥~=]*)\.", r"\g<1>0.", value)


def _is_text(value: str) -> bool:
    return value in TEXT_RESULTS


def read_value(ctx: Ctx, line: LabLine, text: str) -> None:
    """The number, once more (an answer to "1.2 or 1200?"). Raises Unreadable."""
    text = clean(text)
    if line.readings[0] and text.strip() in ("1", "2"):
        text = line.readings[int(text) - 1]
    line.value = _value(text)


# ------------------------------------------------------------------------------------------------ units


def unit_key(unit: str) -> str:
    """The form units are compared in: case, spaces and the micro sign do not count, and "24 hr" is "24h"."""
    key = unit.strip().replace("µ", "u").replace("μ", "u").replace(" ", "").casefold()
    key = re.sub(r"^mcg", "ug", re.sub(r"^gm/", "g/", key))
    return re.sub(r"/24(?:hours?|hrs?|h)$", "/24h", key)


def _known_units(content: Content) -> dict[str, str]:
    """Every unit the content spells, by key -> the content's spelling."""
    out: dict[str, str] = {}
    for test in content.lab_tests:
        for unit in (*test.units, *(u for u, _ in conversions(test))):
            out.setdefault(unit_key(unit), unit)
    return out


def conversions(test: LabTest) -> list[tuple[str, float]]:
    """Other units the test is reported in, each with its factor to the test's first usual unit ("mg/dL = 10":
    1 mg/dL is 10 mg/L)."""
    out = []
    for item in getattr(test, "converts", ()):
        unit, _, factor = item.partition("=")
        try:
            out.append((unit.strip(), float(factor)))
        except ValueError:
            continue
    return out


def _looks_like_unit(content: Content, word: str) -> bool:
    if unit_key(word) in _known_units(content) or unit_key(word) in _ALSO:
        return True
    return bool(re.fullmatch(r"[A-Za-zµμ%]+(?:/[A-Za-z0-9µμ^]+)+|%|x10\^?\d+/[A-Za-z]+|10\^\d+/[A-Za-z]+", word))


_ALSO = {"k": "K/uL", "thou/ul": "K/uL", "10^9/l": "x10^9/L", "x10e9/l": "x10^9/L", "meq/l": "mEq/L"}


def put_unit(ctx: Ctx, line: LabLine, text: str, typed: bool = False) -> None:
    """A unit into a result: a usual one in the content's spelling, a known other one as it is spelled; any
    other unit is kept for the "keep it as typed?" question (``asks`` gets "keep", ``problem`` says why)."""
    text = clean(text)
    test = next((t for t in ctx.content.lab_tests if t.id == line.test_id), None)
    key = unit_key(text)
    if key in _ALSO:
        key = unit_key(_ALSO[key])
    known = _known_units(ctx.content)
    if test is None:
        line.unit = known.get(key, text)
        return
    usual = {unit_key(u): u for u in (*test.units, *(u for u, _ in conversions(test)))}
    if key in usual:
        line.unit = usual[key]
        return
    line.unit = known.get(key, text)
    line.problem = unit_problem(ctx.content, line.test, line.unit) or ""
    if typed and "keep" not in line.asks:
        line.asks.append("keep")
    elif not typed:
        raise Unreadable(line.problem or f"'{text}' is not a unit {line.test} is given in.")


def unit_problem(content: Content, test_name: str, unit: str) -> str | None:
    """A plain message when a unit is not one the test is given in; else None. Units are never converted."""
    test = find_test(content, test_name)
    if test is None:
        return None
    if unit_key(unit) not in {unit_key(u) for u in (*test.units, *(u for u, _ in conversions(test)))}:
        usual = " or ".join(test.units)
        given = f"'{unit}'" if unit else "no unit"
        return (
            f"{test.name} is usually given in {usual}, and you gave {given}. Check the unit on your report: "
            f"values are kept as you type them, never converted."
        )
    return None


def usual_units(ctx: Ctx, line: LabLine) -> tuple[str, ...]:
    test = next((t for t in ctx.content.lab_tests if t.id == line.test_id), None)
    return test.units if test else ()


# ------------------------------------------------------------------------------------------------ dates


def read_date(ctx: Ctx, text: str) -> str:
    """The day a test was done ("11/20", "nov 20", "last week", "september" for a month), read back from
    ``past_day``. Raises Unreadable, naming a day that cannot be right ("2/30", after today)."""
    text = clean(text)
    if not text:
        return ""
    try:
        return dates.read_when(text, ctx.past_day, dates.PAST).iso
    except DateError as err:
        if "is not a date I can read" in str(err):
            raise Unreadable(f"'{text}' is not a date I can read. Type the test's date like 11/20 or nov 20.") from None
        raise


def _names_a_test(content: Content, words: list[str]) -> bool:
    """Whether words after a result start another result ("lambda 12.4"): a test's name and a value."""
    test, n = _test(content, words)
    return test is not None and n < len(words) and _value_at(words, n) is not None


def said(lab: LabValue) -> str:
    """A result as a line that reads back to it: "free light chain kappa 85.2 mg/L on 11/20/2026"."""
    parts = [lab.test, lab.value or "", lab.unit or ""]
    line = " ".join(p for p in parts if p)
    if lab.date:
        line += f" {_date_words(lab.date)}"
    return line


def _date_words(iso: str) -> str:
    if len(iso) == 10:
        y, m, d = iso.split("-")
        return f"on {int(m)}/{int(d)}/{y}"
    if len(iso) == 7:
        return dates.say(iso)
    return iso


def show(lab: LabValue) -> str:
    """A result said back part by part: "Free light chain kappa: 85.2 mg/L, on Friday 20 November 2026"."""
    value = " ".join(p for p in (lab.value, lab.unit) if p) or "(no value)"
    when = f", on {dates.say(lab.date)}" if len(lab.date) == 10 else (f", in {dates.say(lab.date)}" if lab.date else "")
    name = lab.test[:1].upper() + lab.test[1:]
    return f"{name}: {value}{' (kept as typed)' if lab.as_typed else ''}{when}"
