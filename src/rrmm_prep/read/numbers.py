"""Readers for numbers: a lab value as on a report ("0,850", "<0.1"; NaN, infinity and "1,200" caught), a lab
line's test, value and unit apart, a phone number."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from rrmm_prep.errors import Ambiguous, Unreadable

MAX_VALUE = 1e9  # no lab value on a report is larger


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


def read_phone(text: str) -> str:
    """A phone number as typed, checked only for having digits (so "ask at the desk" is caught)."""
    raw = " ".join(text.strip().split())
    if raw and len(re.findall(r"\d", raw)) < 3:
        raise Unreadable(f"'{raw}' does not look like a phone number. Type the digits, like 555-0142.")
    return raw
