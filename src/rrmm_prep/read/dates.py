"""One date reader for every date the tool asks: the visit, treatments, lab tests, the next appointment.

It reads the ways people say dates: ``today``, ``tomorrow``, ``yesterday``, ``next tuesday``, ``in 2 weeks``,
``3 days ago``, ``last week``, ``the 14th``, ``dec 3``, ``3 December``, ``12/3`` (US month/day), ``12/3/2026``,
``2026-12-03``; and for history, partial dates: ``2019``, ``march 2019``, ``3/2019``, ``2019-03``. A date with no
year is the next one ahead for a coming date (a visit) and the last one gone for a past date (a lab test).
Every date can be said back in words: "Thursday 3 December 2026". Pure: no I/O.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from rrmm_prep.errors import DateError

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february", "febuary"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}


MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "couple": 2,
    "few": 3,
}


UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}


# Which way a date without a year points: ahead, back, or (ANY) to the nearest such day either way.
FUTURE, PAST, ANY = "future", "past", "any"


def current_date() -> dt.date:
    """Today, in one place: every reader's default, and what tests pin."""
    return dt.date.today()


@dataclass(frozen=True)
class When:
    """A date as precise as it was given: a day, a month or a year. ``iso`` is 2026-12-03, 2019-03 or 2019."""

    iso: str

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.iso)]

    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.iso.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def read_date(text: str, today: dt.date | None = None, direction: str = ANY) -> dt.date:
    """A full date. ``direction`` says which way a date without a year (or a weekday) points."""
    when = read_when(text, today, direction, partial=False)
    return dt.date.fromisoformat(when.iso)


def read_when(
    text: str, today: dt.date | None = None, direction: str = PAST, partial: bool = True, vague: bool = False
) -> When:
    """A date, or with ``partial`` a month or a year ("2019", "march 2019"), as a When. With ``vague``, "last year"
    or "3 months ago" is a year or a month (a treatment's dates), not a day. Raises DateError."""
    today = today or current_date()
    raw = _clean(text)
    if not raw:
        raise DateError(help_text(text, partial))
    try:
        day = (_vague(raw, today) if vague else None) or _relative(raw, today, direction)
        if day is None:
            day = _absolute(raw, today, direction, partial)
    except (ValueError, OverflowError):
        raise DateError(_impossible(raw, today, direction) or help_text(text, partial)) from None
    if day is None:
        raise DateError(_impossible(raw, today, direction) or help_text(text, partial))
    when = day if isinstance(day, When) else When(day.isoformat())
    if not 1900 <= when.first_day().year <= 2200:
        raise DateError(f"'{text.strip()}' is too far away to be right. " + help_text(text, partial))
    if direction == PAST and when.first_day() > today:
        named = f" ({say(when.iso, weekday=False)})" if when.precision == "day" else ""
        raise DateError(f"'{text.strip()}'{named} is after {say(today.isoformat())}. Type a date that has passed.")
    return when


def _vague(raw: str, today: dt.date) -> When | None:
    """A month or a year said from today, as precise as it was said: "last year" and "2 years ago" are a year,
    "last month" and "3 months ago" a month (for what is asked as a month or a year, like a treatment's dates)."""
    if raw in ("this year",):
        return When(f"{today.year:04d}")
    if raw in ("last year", "a year ago", "one year ago"):
        return When(f"{today.year - 1:04d}")
    if raw in ("this month",):
        return When(f"{today.year:04d}-{today.month:02d}")
    if raw in ("last month", "a month ago", "one month ago"):
        back = _add_months(today, -1)
        return When(f"{back.year:04d}-{back.month:02d}")
    m = re.fullmatch(r"(\w+) (year|month)s? (?:ago|back|before)", raw)
    n = _number(m.group(1)) if m else None
    if m is None or n is None:
        return None
    if m.group(2) == "year":
        return When(f"{today.year - n:04d}")
    back = _add_months(today, -n)
    return When(f"{back.year:04d}-{back.month:02d}")


def _impossible(raw: str, today: dt.date | None = None, direction: str = ANY) -> str:
    """What is wrong with a day that no calendar has ("2/30", "november 31", "2026-02-30"), or "". A 29 February
    without a year that points back is the last one only if this year has one: a typo is likelier than a day
    years ago."""
    m = (
        re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", raw)
        or re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})", raw)
    )
    if m and len(m.group(1)) == 4:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m:
        month, day, year = int(m.group(1)), int(m.group(2)), m.group(3)
        year = int(year) if year and len(year) == 4 else None
    else:
        m = re.fullmatch(r"([a-z]+) (\d{1,2})(?: (\d{4}))?|(\d{1,2}) ([a-z]+)(?: (\d{4}))?", raw)
        if not m:
            return ""
        name, number, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        if name not in MONTHS:
            return ""
        month, day, year = MONTHS[name], int(number), int(year) if year else None
    if not 1 <= month <= 12 or day < 1:
        return ""
    import calendar

    if year is None and month == 2 and day == 29 and today is not None and direction == PAST:
        year = today.year if (today.month, today.day) >= (2, 29) else today.year - 1
    longest = calendar.monthrange(year, month)[1] if year else (29 if month == 2 else calendar.monthrange(2001, month)[1])
    if day <= longest:
        return ""
    named = f"{day} {MONTH_NAMES[month - 1]}" + (f" {year}" if year else "")
    if month == 2 and not year:
        return f"There is no {named}: February has 28 or 29 days. Check the date and type it again."
    return (
        f"There is no {named}: {MONTH_NAMES[month - 1]} has {longest} days"
        + (f" in {year}." if year and month == 2 else ".")
        + " Check the date and type it again."
    )


# The long words a date may hold, for fixing their typos ("tusday", "decmber", "tomorow").
SPELLED = (*(name.casefold() for name in MONTH_NAMES), *WEEKDAYS, "today", "tomorrow", "yesterday")


def _fix_typos(raw: str) -> str:
    """A long word close to a month, a weekday, today, tomorrow or yesterday is read as it ("next tusday")."""
    import difflib

    words = []
    for word in raw.split():
        if len(word) >= 5 and word.isalpha() and word not in MONTHS and word not in SPELLED:
            close = difflib.get_close_matches(word, SPELLED, n=1, cutoff=0.8)
            word = close[0] if close else word
        words.append(word)
    return " ".join(words)


def _clean(text: str) -> str:
    raw = _fix_typos(text.strip().casefold().rstrip("."))
    raw = re.sub(r"\b(on|the|of|at)\b", " ", raw)
    # A weekday before a full date, as rrmm-prep says dates ("Thursday 3 December 2026"), adds nothing.
    raw = re.sub(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+(?=\d|[a-z]+\s+\d)", "", raw)
    raw = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw)
    raw = re.sub(r"\b([a-z]{3,4})\.(?=\s|$)", r"\1", raw)  # "nov. 20"
    raw = raw.replace(",", " ").replace("'", "").replace("’", "")
    return " ".join(raw.split())


def _number(word: str) -> int | None:
    if word.isdecimal():
        return int(word)
    return NUMBER_WORDS.get(word)


def _relative(raw: str, today: dt.date, direction: str) -> dt.date | None:
    words = raw.split()
    if raw in ("today", "now", "this morning", "this afternoon", "tonight"):
        return today
    if raw in ("tomorrow", "tmrw", "tomorow", "tommorow", "tommorrow"):
        return today + dt.timedelta(days=1)
    if raw in ("yesterday", "yesterdy", "yday"):
        return today - dt.timedelta(days=1)
    if raw in ("day after tomorrow",):
        return today + dt.timedelta(days=2)
    if raw in ("day before yesterday",):
        return today - dt.timedelta(days=2)
    if raw in ("last week", "a week ago"):
        return today - dt.timedelta(days=7)
    if raw in ("next week",):
        return today + dt.timedelta(days=7)
    if raw in ("last month", "a month ago"):
        return _add_months(today, -1)
    if raw in ("next month",):
        return _add_months(today, 1)
    # in 2 weeks / in three days / 2 weeks from now / 3 days ago / in a month
    m = re.fullmatch(
        r"(?:in )?(\w+) (day|week|fortnight|month)s?( from now| ahead| time| later| ago| back| before)?", raw
    )
    if m and (raw.startswith("in ") or m.group(3)):
        n = _number(m.group(1))
        if n is None:
            return None
        sign = -1 if (m.group(3) or "").strip() in ("ago", "back", "before") else 1
        if m.group(2) == "month":
            return _add_months(today, sign * n)
        return today + dt.timedelta(days=sign * n * UNIT_DAYS[m.group(2)])
    # weekdays: friday, this friday, next friday, last friday, on friday
    if 1 <= len(words) <= 2 and _weekday(words[-1]) is not None:
        target = _weekday(words[-1])
        lead = words[0] if len(words) == 2 else ""
        if lead not in ("", "next", "this", "last", "coming", "past"):
            return None
        if lead in ("last", "past") or (not lead and direction == PAST):
            back = (today.weekday() - target) % 7 or 7
            return today - dt.timedelta(days=back)
        ahead = (target - today.weekday()) % 7
        if lead == "next" and ahead == 0:
            ahead = 7
        return today + dt.timedelta(days=ahead)
    return None


def _weekday(word: str) -> int | None:
    word = word.rstrip("s")
    for i, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)) or word == name[:3]:
            return i
    if word in ("tues", "thur", "thurs", "weds"):
        return {"tues": 1, "thur": 3, "thurs": 3, "weds": 2}[word]
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError("no such day")  # pragma: no cover - day 28 exists in every month


def _absolute(raw: str, today: dt.date, direction: str, partial: bool) -> dt.date | When | None:
    # 2026-12-03, 2026-12, 2026/12/03
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", raw)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            return dt.date(year, month, int(m.group(3)))
        return _month(year, month, partial)
    # spring 2019, late 2019, the end of 2019: the year
    m = re.fullmatch(
        r"(?:spring|summer|autumn|fall|winter|early|mid|late|end|start|beginning|middle)\s+(\d{4})", raw
    )
    if m and partial:
        raw = m.group(1)
    # 2019
    if re.fullmatch(r"\d{4}", raw):
        year = int(raw)
        if not partial:
            return None
        if not 1900 <= year <= 2200:
            raise ValueError
        return When(f"{year:04d}")
    # 12/3, 12/3/2026, 12/3/26 (US month/day); 3/2019 (month/year)
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2}|\d{4})(?:[/.-](\d{2}|\d{4}))?", raw)
    if m:
        a, b, year = int(m.group(1)), m.group(2), m.group(3)
        if len(b) == 4 and year is None:
            return _month(int(b), a, partial)
        return _with_year(a, int(b), year, today, direction)
    tokens = raw.split()
    months = [t for t in tokens if t in MONTHS]
    rest = [t for t in tokens if t not in MONTHS]
    if len(months) == 1 and all(t.isdecimal() for t in rest) and 0 <= len(rest) <= 2:
        month = MONTHS[months[0]]
        days = [int(t) for t in rest if len(t) <= 2]
        years = [t for t in rest if len(t) == 4]
        if len(days) + len(years) != len(rest) or len(days) > 1 or len(years) > 1:
            return None
        if days:
            return _with_year(month, days[0], years[0] if years else None, today, direction)
        if years:
            return _month(int(years[0]), month, partial)
        if partial:  # "march": the last (or next) March
            year = today.year
            if direction == PAST and month > today.month:
                year -= 1
            if direction == FUTURE and month < today.month:
                year += 1
            return _month(year, month, partial)
        return None
    # "14" or "the 14th": a day of this month (or the next / the last)
    if re.fullmatch(r"\d{1,2}", raw):
        day = int(raw)
        candidate = _day_in_month(today.year, today.month, day)
        if direction == ANY:
            months = (_add_months(today.replace(day=1), k) for k in (-1, 0, 1))
            return _nearest(((m.year, m.month, day) for m in months), today)
        if direction == PAST and candidate > today:
            prev = _add_months(today.replace(day=1), -1)
            candidate = _day_in_month(prev.year, prev.month, day)
        elif direction != PAST and candidate < today:
            nxt = _add_months(today.replace(day=1), 1)
            candidate = _day_in_month(nxt.year, nxt.month, day)
        return candidate
    return None


def _last_day(when: When) -> dt.date:
    first = when.first_day()
    if when.precision == "day":
        return first
    if when.precision == "month":
        return _add_months(first, 1) - dt.timedelta(days=1)
    return dt.date(first.year, 12, 31)


def _nearest(parts, today: dt.date) -> dt.date:
    """Of the days (year, month, day) that exist, the one nearest to the day it is given (ANY: a date without a
    year or month, like 'dec 3' or 'the 14th', names the nearest such day, before or after)."""
    days = []
    for y, m, d in parts:
        with contextlib.suppress(ValueError):
            days.append(dt.date(y, m, d))
    if not days:
        raise ValueError("no such day")
    return min(days, key=lambda day: (abs((day - today).days), day < today))


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _month(year: int, month: int, partial: bool) -> When | None:
    if not 1 <= month <= 12:
        raise ValueError
    if not partial:
        return None
    return When(f"{year:04d}-{month:02d}")


def _with_year(month: int, day: int, year: str | None, today: dt.date, direction: str) -> dt.date:
    if year:
        y = int(year)
        if y >= 100:
            return dt.date(y, month, day)
        # Two digits: the century the direction points to ("5/14/55" is a birthday in 1955).
        this, last = (2000 + y, month, day), (1900 + y, month, day)
        if direction == ANY:
            return _nearest((last, this), today)
        if direction == PAST:
            return dt.date(*this) if dt.date(*this) <= today else dt.date(*last)
        return dt.date(*this)
    if direction == ANY:
        return _nearest(((today.year + k, month, day) for k in (-1, 0, 1)), today)
    candidate = dt.date(today.year, month, day)
    if direction == PAST and candidate > today:
        return dt.date(today.year - 1, month, day)
    if direction != PAST and candidate < today:
        return dt.date(today.year + 1, month, day)
    return candidate


def help_text(text: str, partial: bool = False) -> str:
    examples = "2019, march 2019, 12/3 or last week" if partial else "12/3, dec 3, next tuesday or in 2 weeks"
    shown = text.strip()
    return (f"'{shown}' is not a date I can read. " if shown else "") + f"Try {examples}."


@dataclass(frozen=True)
class Span:
    """When a treatment was taken: a start, an end, and whether it is still going on."""

    started: When | None
    stopped: When | None
    ongoing: bool


_ONGOING = r"(?:now|today|present|still taking|still on it|ongoing|current|currently)"


def read_span(text: str, today: dt.date | None = None) -> Span:
    """ "2022 to 2023", "march 2019 - june 2020", "since 2024", "2024 to now", "2023" (start only). Raises
    DateError."""
    today = today or current_date()
    raw = " ".join(text.strip().casefold().split())
    if not raw:
        return Span(None, None, False)
    if re.fullmatch(_ONGOING, raw):
        return Span(None, None, True)
    m = re.fullmatch(r"(?:until|till|up to|stopped)\s+(.+)", raw)  # the end only ("until March 2023")
    if m:
        return Span(None, read_when(m.group(1), today, PAST, vague=True), False)
    m = re.fullmatch(r"(?:since|from|started)\s+(.+?)(?:\s+(?:to|until|till|-|–)\s+" + _ONGOING + r")?", raw)
    if m and not re.search(r"\s(?:to|until|till|through|-|–)\s", m.group(1)):
        return Span(read_when(m.group(1), today, PAST, vague=True), None, True)
    parts = re.split(r"\s+(?:to|until|till|through|thru|-|–)\s+|(?<=\d{4})\s*[-–]\s*(?=\d{4}\b)", raw)
    if len(parts) == 2:
        start = re.sub(r"^(?:from|started)\s+", "", parts[0])
        end = parts[1]
        if re.fullmatch(_ONGOING, end):
            return Span(read_when(start, today, PAST, vague=True), None, True)
        stopped = read_when(end, today, PAST, vague=True)
        # A start with its year, or said from today ("2 years ago"), is read from today; "march" before "june
        # 2020" is read from the end.
        from_today = re.search(r"\d{4}|\bago\b|\blast\b|\bthis\b", start)
        started = read_when(start, today if from_today else _last_day(stopped), PAST, vague=True)
        if started.first_day() > _last_day(stopped):
            raise DateError(f"In '{text.strip()}' the start comes after the end. Try 2022 to 2023.")
        return Span(started, stopped, False)
    if len(parts) == 1:
        return Span(read_when(raw, today, PAST, vague=True), None, False)
    raise DateError(f"'{text.strip()}' is not a time I can read. Try 2022 to 2023, or since march 2024.")


CLINIC_AFTERNOON = 6  # a time of 1 to 6 without am or pm means the afternoon


def read_time(text: str) -> str:
    """A time of day: 10:30, 10.30, 1030, 2pm, 2:15 pm, 14:00, noon. Returns HH:MM (24-hour); '' for blank."""
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        return ""
    if raw in ("noon", "midday", "12noon"):
        return "12:00"
    raw = raw.replace("a.m.", "am").replace("p.m.", "pm").replace(".", ":").removeprefix("at")
    m = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?(am|pm|a|p)?", raw)
    if not m:
        raise DateError(f"'{text.strip()}' is not a time I can read. Try 10:30 or 2pm.")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise DateError(f"'{text.strip()}' is not a time I can read. Try 10:30 or 2pm.")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif 1 <= hour <= CLINIC_AFTERNOON and len(m.group(1)) == 1:
        hour += 12  # "2" or "2:30" without am or pm is a clinic's afternoon; the read-back shows it
    if hour > 23 or minute > 59 or (not half and m.group(2) is None and len(m.group(1)) > 2):
        raise DateError(f"'{text.strip()}' is not a time I can read. Try 10:30 or 2pm.")
    return f"{hour:02d}:{minute:02d}"


def read_date_time(
    text: str, today: dt.date | None = None, direction: str = FUTURE
) -> tuple[dt.date | None, str]:
    """A day with an optional time: "next tuesday at 10:30", "dec 3 2pm", "tomorrow", "10:30" (time only:
    the date is None). Raises DateError."""
    today = today or current_date()
    raw = " ".join(text.strip().split())
    time = ""
    m = re.search(
        r"(?:^|\s)(?:at\s+)?(noon|midday|\d{1,2}[:.h]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.))\s*$"
        r"|(?:^|\s+)at\s+(\d{1,2})(?:\s*o'?clock)?\s*$",  # a bare hour only after "at": "dec 8 at 9"
        raw,
        flags=re.IGNORECASE,
    )
    if m:
        time = read_time(m.group(1) or m.group(2))
        raw = raw[: m.start()].strip()
    if not raw:
        return None, time
    return read_date(raw, today, direction), time


def say(iso: str, weekday: bool = True) -> str:
    """2026-12-03 -> Thursday 3 December 2026 (without ``weekday``: 3 December 2026); 2019-03 -> March 2019;
    2019 -> 2019. Anything else as it is."""
    try:
        if len(iso) == 10:
            day = dt.date.fromisoformat(iso)
            words = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
            return f"{WEEKDAYS[day.weekday()].capitalize()} {words}" if weekday else words
        if re.fullmatch(r"\d{4}-\d{2}", iso):
            year, month = iso.split("-")
            return f"{MONTH_NAMES[int(month) - 1]} {year}"
    except (ValueError, IndexError):
        pass
    return iso
